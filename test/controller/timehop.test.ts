/**
 * Time-hop epochs across a boundary (wire §2) with a controllable clock, on an embedded switch
 * over gRPC: at the boundary the ticker triggers a reconcile whose only write is one MODIFY of
 * the service's ssa.ranges entry; a client that computed its address with the clock just
 * before the boundary still gets through after it (previous epoch), as does one using the new
 * epoch; the epoch before is refused.
 */
import { EpochTicker } from '../../controller/timehop/epoch-ticker';
import type { DomainState } from '../../controller/domain';
import { lineState } from '../fixtures/fabric-line';
import { ether, ipv6, packet, payload, udp } from '../ptf/packets';
import { conformingDst, epochAt, timeHopSlice } from '../ptf/packets/ssa';
import { EmbeddedSwitch, TestController, WriteLog, startSwitches } from './harness';

jest.setTimeout(60_000);

const PERIOD = 30;
const KEY = 0x0a1b2c3d;
const RANGE = '2001:db8:5::/48';
const SLICE_BITS = 4;
const service = {
  range: RANGE,
  sliceBits: SLICE_BITS,
  rule: { kind: 'time-hop', key: KEY, period: PERIOD },
} as const;

describe('time-hop epochs across a boundary', () => {
  let sw: EmbeddedSwitch;
  let ctl: TestController;
  let state: DomainState;
  let now: number;
  let pending: (() => Promise<void>) | undefined;
  let delays: number[];
  let ticker: EpochTicker;

  beforeEach(async () => {
    [sw] = await startSwitches(1);
    now = 1_796_601_600 + PERIOD - 0.25; // a quarter second before a boundary
    state = lineState({
      switches: 1,
      instances: 4,
      sliceBits: SLICE_BITS,
      address: () => sw.address,
      rule: { kind: 'time-hop', key: KEY, period: PERIOD },
    });
    ctl = new TestController(new WriteLog(), { clock: () => now });
    await ctl.apply(state);
    delays = [];
    ticker = new EpochTicker({
      services: () => state.services,
      clock: () => now,
      onBoundary: () => ctl.reconciler.requestAll('periodic'),
      schedule: (ms, fn) => {
        delays.push(ms);
        pending = fn;
        return () => (pending = undefined);
      },
    });
    ticker.start();
  });
  afterEach(async () => {
    ticker.stop();
    await ctl.close();
    await sw.stop();
  });

  /** Sends a client packet into s1 port 11: true if it leaves towards an instance. */
  function delivered(src: string, epoch: number): boolean {
    const dst = conformingDst(service, src, { epoch, host: 0x1234n });
    const frame = packet(
      ether({ dst: '02:00:00:01:01:0b', src: '02:00:00:00:0c:01' }),
      ipv6({ src, dst }),
      udp({ sport: 40000, dport: 443 }),
      payload('hello'),
    ).bytes;
    return sw.device.inject(11, frame).some((p) => p.port === 10);
  }

  it('writes one MODIFY of the range at the boundary; clients with the wall clock get through', async () => {
    const e = epochAt(now, PERIOD);
    // A source whose slices in epochs e-1, e and e+1 differ, so each epoch is told apart.
    let src = '';
    for (let i = 1; src === ''; i++) {
      const s = `2001:db8:c:${i.toString(16)}::10`;
      const slices = [e - 1, e, e + 1].map((x) => timeHopSlice(s, KEY, x, SLICE_BITS));
      if (new Set(slices).size === 3) src = s;
    }
    expect(delivered(src, e)).toBe(true);
    expect(delivered(src, e - 1)).toBe(true); // the previous epoch is accepted
    expect(delivered(src, e + 1)).toBe(false);
    expect(delays).toEqual([250]);

    ctl.log.clear();
    now += 0.5; // past the boundary
    const change = ctl.nextChange(() => true);
    await pending?.();
    const c = await change;
    expect([c.inserted, c.modified, c.deleted]).toEqual([0, 1, 0]);
    expect(ctl.log.updates).toEqual([{ type: 'modify', table: 'ssa.ranges' }]);
    expect(epochAt(now, PERIOD)).toBe(e + 1);
    // The client that computed with the clock before the boundary still gets through.
    expect(delivered(src, e)).toBe(true);
    expect(delivered(src, e + 1)).toBe(true);
    expect(delivered(src, e - 1)).toBe(false);
    // The next boundary is one period on.
    expect(ticker.waitingFor).toBe((e + 2) * PERIOD);
  });

  it('does nothing when the timer fires before the boundary, and arms again', async () => {
    const e = epochAt(now, PERIOD);
    ctl.log.clear();
    now += 0.1; // still before the boundary
    await pending?.();
    await ctl.reconciler.requestAll('manual');
    expect(ctl.log.requests).toBe(0);
    expect(ticker.waitingFor).toBe((e + 1) * PERIOD);
    expect(delays[1]).toBe(150);
  });
});
