/**
 * In-band announcements end to end over gRPC (wire §1): the controller plays an instance and
 * sends an ANNOUNCE as PacketOut out of the instance's port; a cable loops it back into that
 * port, as if the instance had sent it to the SAR address; the switch punts it
 * (PUNT_ROSA_ANNOUNCE) with its ingress port; the controller verifies it, applies it and the
 * reconciler moves the slices on the switch. A forged one changes nothing.
 */
import { Announcements } from '../../controller/announcements/announcements';
import type { AnnouncementFields } from '../../controller/announcements/rosa';
import { applyCommand } from '../../controller/commands/apply';
import type { Command } from '../../controller/commands/command';
import type { DomainState } from '../../controller/domain';
import { InbandDispatcher } from '../../controller/inband/dispatch';
import { sendAnnouncement } from '../../controller/inband/simulator';
import { DeviceEvent } from '../../softswitch/device';
import { lineState } from '../fixtures/fabric-line';
import { EmbeddedSwitch, TestController, WriteLog, startSwitches } from './harness';

jest.setTimeout(60_000);

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/:/g, ''), 'hex'));
const KEY = hex('00112233445566778899aabbccddeeff');

describe('announcements in band, through an embedded switch', () => {
  let sw: EmbeddedSwitch;
  let ctl: TestController;
  let dispatcher: InbandDispatcher;
  let state: DomainState;
  let announcements: Announcements;

  beforeEach(async () => {
    [sw] = await startSwitches(1);
    const line = lineState({ switches: 1, instances: 3, sliceBits: 4, address: () => sw.address });
    state = line.with({
      instances: line.instances.map((x) =>
        x.id === 'video-0000' ? x.with({ announcementKey: KEY }) : x,
      ),
    });
    ctl = new TestController(new WriteLog());
    await ctl.apply(state);
    announcements = new Announcements({
      execute: async (c: Command) => {
        state = applyCommand(state, c).state;
        await ctl.apply(state);
        return { state };
      },
    });
    announcements.setState(state);
    dispatcher = new InbandDispatcher(ctl.pool, { announcements });
    // The cable: what leaves port 10 towards the instance comes back in on port 10.
    sw.device.on(DeviceEvent.EGRESS, (e: { port: number; packet: Uint8Array }) => {
      if (e.port === 10) setImmediate(() => sw.device.inject(10, e.packet));
    });
  });
  afterEach(async () => {
    dispatcher.close();
    await ctl.close();
    await sw.stop();
  });

  const fields = (f: Partial<AnnouncementFields>): AnnouncementFields => ({
    kind: 'announce',
    key: KEY,
    serviceIdHex: state.service('video.example')!.idHex,
    instance: hex('20010db8000a00000000000000000001'),
    weight: 3,
    metric: 5,
    sequence: 1,
    source: hex('20010db8000a00000000000000000001'),
    destination: hex('20010db800ff00000000000000000001'), // the SAR address of s1
    sourceMac: hex('02:00:0a:00:00:01'), // video-0000
    destinationMac: hex('02:00:00:01:01:0a'), // s1 port 10
    ...f,
  });

  /** Resolves when the announcement handler has counted `n` packets in all. */
  const handled = async (n: number) => {
    for (let i = 0; i < 500; i++) {
      const c = announcements.counters();
      if (Object.values(c).reduce((a, b) => a + b, 0) >= n) return c;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`not handled in 5 s: ${JSON.stringify(announcements.counters())}`);
  };

  it('an ANNOUNCE sent as PacketOut comes back punted, is applied and moves slices', async () => {
    const before = state.sliceMap('video.example')!.counts().get('video-0000');
    ctl.log.clear();
    const changed = ctl.nextChange((e) => e.modified > 0);
    sendAnnouncement(ctl.pool.get('s1')!.client, fields({}), 10);
    expect(await handled(1)).toMatchObject({ accepted: 1 });
    await changed;
    const x = state.instance('video-0000')!;
    expect([x.weight, x.metric, x.lastSequence]).toEqual([3, 5, 1]);
    const after = state.sliceMap('video.example')!.counts().get('video-0000')!;
    expect(after).toBeGreaterThan(before!);
    // A slice move is one MODIFY of one ssa.slices entry (design: slices).
    expect(ctl.log.count('modify', 'ssa.slices')).toBe(after - before!);
    expect(ctl.log.count('insert', 'ssa.slices') + ctl.log.count('delete', 'ssa.slices')).toBe(0);
    expect(dispatcher.received.get(2)).toBe(1);
  });

  it('a forged ANNOUNCE and a replay come back punted and change nothing', async () => {
    sendAnnouncement(ctl.pool.get('s1')!.client, fields({ sequence: 5 }), 10);
    await handled(1);
    const version = state.version;
    ctl.log.clear();
    sendAnnouncement(
      ctl.pool.get('s1')!.client,
      fields({ key: new Uint8Array(16), sequence: 6 }),
      10,
    );
    sendAnnouncement(ctl.pool.get('s1')!.client, fields({ weight: 9, sequence: 5 }), 10);
    expect(await handled(3)).toMatchObject({ accepted: 1, 'bad-tag': 1, replay: 1 });
    expect(state.version).toBe(version);
    expect(ctl.log.requests).toBe(0);
  });
});
