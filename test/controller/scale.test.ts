/**
 * Scaling over real gRPC with embedded switches: a service with 14 slice bits (wire §2) scaled
 * 10 -> 11 -> 7 instances. The controller writes only the slices that move (one ssa.slices
 * MODIFY each, as many as the planner moved), and packets to slices that do not move keep
 * reaching the same instance between every write batch while the event is applied.
 */
import { changedSlices } from '../../controller/planner';
import type { DomainState } from '../../controller/domain';
import { subPrefix } from '../../controller/domain';
import type { BatchPoint } from '../../controller/reconciler';
import { lineState, scaleTo } from '../fixtures/fabric-line';
import { ether, ipv6, packet, payload, udp, bigIntToIpv6, formatMac } from '../ptf/packets';
import { EmbeddedSwitch, TestController, WriteLog, startSwitches } from './harness';

jest.setTimeout(120_000);

const SLICE_BITS = 14;

/** A UDP packet into slice `i` of the range, as s2 would send it to s1 (port 2). */
function toSlice(state: DomainState, i: number): Uint8Array {
  const range = state.services[0].slicedRanges[0];
  const dst = subPrefix(range, SLICE_BITS, i).value + 0x1234n;
  return packet(
    ether({ dst: '02:00:00:01:00:02', src: '02:00:00:02:00:01' }),
    ipv6({ src: '2001:db8:c::7', dst: formatV6(dst), hopLimit: 64 }),
    udp({ sport: 40000, dport: 443 }),
    payload('slice'),
  ).bytes;
}

const formatV6 = (v: bigint) =>
  Buffer.from(bigIntToIpv6(v)).toString('hex').match(/.{4}/g)!.join(':');

/** The MAC of the instance holding slice `i` in `state`. */
function holderMac(state: DomainState, i: number): string {
  const id = state.sliceMap('video.example')!.holderOf(i)!;
  return state.instance(id)!.attachments[0].mac;
}

describe('scaling a 14-bit service 10 -> 11 -> 7 (wire §2)', () => {
  let switches: EmbeddedSwitch[];
  let ctl: TestController;
  const log = new WriteLog();
  let hook: ((p: BatchPoint) => void) | undefined;

  beforeAll(async () => {
    switches = await startSwitches(3);
    ctl = new TestController(log, {
      batchSize: 500,
      betweenBatches: (p) => hook?.(p),
    });
  });
  afterAll(async () => {
    await ctl.close();
    await Promise.all(switches.map((s) => s.stop()));
  });

  it('writes only the moved slices, and unmoved slices keep their instance throughout', async () => {
    let state = lineState({
      switches: 3,
      instances: 10,
      sliceBits: SLICE_BITS,
      address: (i) => switches[i].address,
      rule: { kind: 'any' },
    });
    await ctl.apply(state);
    expect(log.count('insert', 'ssa.slices')).toBe(2 ** SLICE_BITS);
    const s1 = () => switches[0].device;

    for (const n of [11, 7]) {
      const { state: next, moved } = scaleTo(state, n);
      const changed = new Set(
        changedSlices(state.sliceMap('video.example'), next.sliceMap('video.example')!),
      );
      expect(changed.size).toBe(moved);
      // Every 97th unmoved slice, probed between all write batches.
      const probes: number[] = [];
      for (let i = 0; i < 2 ** SLICE_BITS; i += 97) if (!changed.has(i)) probes.push(i);
      let checks = 0;
      const before = state;
      hook = () => {
        for (const i of probes) {
          const out = s1().inject(2, toSlice(before, i));
          expect(out).toHaveLength(1);
          expect(formatMac(out[0].packet.subarray(0, 6))).toBe(holderMac(before, i));
          checks++;
        }
      };
      log.clear();
      await ctl.apply(next);
      hook = undefined;
      // One MODIFY per moved slice on the SSA switch, and no other slice write.
      expect(log.count('modify', 'ssa.slices')).toBe(moved);
      expect(log.count('insert', 'ssa.slices') + log.count('delete', 'ssa.slices')).toBe(0);
      expect(checks).toBeGreaterThan(probes.length); // more than one batch was probed
      // After the event, moved slices reach their new holder.
      for (const i of [...changed].slice(0, 50)) {
        const out = s1().inject(2, toSlice(next, i));
        expect(formatMac(out[0].packet.subarray(0, 6))).toBe(holderMac(next, i));
      }
      state = next;
    }
  });
});
