/**
 * In-band announcements (wire §1) through the real command path on SQLite and PostgreSQL:
 * valid ones install (one transaction with their sequence number); a bad tag, a replay, an
 * unknown service or instance, every truncation and 100,000 random mutations install nothing
 * and are counted by reason; drain, withdraw and silence move slices away with the fewest
 * moves, and an announcement brings them back.
 */
import {
  Announcements,
  PUNT_ROSA_ANNOUNCE,
  PUNT_ROSA_WITHDRAW,
} from '../../controller/announcements/announcements';
import { type AnnouncementFields, buildAnnouncement } from '../../controller/announcements/rosa';
import type { Command } from '../../controller/commands/command';
import type { DomainState } from '../../controller/domain';
import { type Harness, harness } from './support/controller-harness';
import { describeEngines } from './support/databases';
import { dumpDatabase } from './support/dump';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const KEY_A = hex('000102030405060708090a0b0c0d0e0f');
const VIDEO_ID = '83038c4456808a2d'; // SHA-256('video.example')[0..8] (wire §1)
const VIDEO_A = hex('20010db8000a00000000000000000001'); // 2001:db8:a::1

const base: AnnouncementFields = {
  kind: 'announce',
  key: KEY_A,
  serviceIdHex: VIDEO_ID,
  instance: VIDEO_A,
  weight: 5,
  metric: 7,
  sequence: 1,
  source: VIDEO_A,
  destination: hex('20010db800ff00000000000000000001'), // s1's SAR address
  sourceMac: hex('020000000a01'),
  destinationMac: hex('020000000103'),
};

const punt = (f: Partial<AnnouncementFields>, reason = PUNT_ROSA_ANNOUNCE) => ({
  switchName: 's1',
  ingressPort: 3,
  reason,
  payload: buildAnnouncement({ ...base, ...f }),
});

const slicesOf = (state: DomainState, id: string) =>
  state.sliceMap('video.example')?.counts().get(id) ?? 0;

/** Slices whose holder differs between two states. */
function moved(a: DomainState, b: DomainState): number {
  const x = a.sliceMap('video.example');
  const y = b.sliceMap('video.example');
  let n = 0;
  for (let i = 0; i < 4; i++) if (x?.holderOf(i) !== y?.holderOf(i)) n++;
  return n;
}

describeEngines('announcements', (engine) => {
  let h: Harness;
  let now: number;
  let a: Announcements;

  beforeEach(async () => {
    h = await harness(engine);
    now = 1_000_000;
    a = new Announcements({
      execute: (c) => h.commands.execute(c),
      silenceMs: 30_000,
      clock: () => now,
    });
    a.setState(await h.commands.state());
  }, 30_000);
  afterEach(() => h.close());

  it('installs a valid ANNOUNCE: weight, metric and sequence stored in one command', async () => {
    const before = await h.commands.state();
    const r = await a.handle(punt({}));
    expect(r).toEqual({ accepted: true, id: 'video-a', version: before.version + 1 });
    const after = await h.repository.load();
    const x = after.instance('video-a');
    expect([x?.state, x?.weight, x?.metric, x?.lastSequence]).toEqual(['active', 5, 7, 1]);
    // video-a: 2 -> 5 against video-b's 1: it now holds ceil or floor of 4 * 5/6.
    expect(slicesOf(after, 'video-a')).toBe(3);
    expect(a.counters()).toMatchObject({ accepted: 1, replay: 0 });
  });

  it('refuses a bad tag, a replay, an unknown instance or service; nothing changes', async () => {
    await a.handle(punt({ sequence: 10 }));
    const dump = await dumpDatabase(h.dataSource);
    const cases = [
      [punt({ key: hex('ff'.repeat(16)), sequence: 11 }), 'bad-tag'],
      [punt({ weight: 9, sequence: 10 }), 'replay'],
      [punt({ weight: 9, sequence: 3 }), 'replay'],
      [
        punt({ instance: hex('20010db8000a00000000000000000009'), sequence: 12 }),
        'unknown-instance',
      ],
      // video-b has no key: it may not announce in-band.
      [
        punt({ instance: hex('20010db8000a00000000000000000002'), sequence: 12 }),
        'unknown-instance',
      ],
      [punt({ serviceIdHex: '0011223344556677', sequence: 12 }), 'unknown-service'],
      [punt({ sequence: 12 }, PUNT_ROSA_WITHDRAW), 'malformed'],
    ] as const;
    for (const [p, reason] of cases) {
      expect(await a.handle(p)).toMatchObject({ accepted: false, reason });
    }
    expect(await dumpDatabase(h.dataSource)).toBe(dump);
    expect(a.counters()).toEqual({
      accepted: 1,
      'bad-tag': 1,
      replay: 2,
      'unknown-instance': 2,
      'unknown-service': 1,
      malformed: 1,
    });
  });

  it("drain and withdraw move video-a's slices away, announce brings them back, fewest moves", async () => {
    const s0 = await h.commands.state();
    const held = slicesOf(s0, 'video-a');
    expect(held).toBeGreaterThan(0);
    await a.handle(punt({ weight: 0, sequence: 1 }));
    const s1 = await h.commands.state();
    expect(s1.instance('video-a')?.state).toBe('draining');
    expect(slicesOf(s1, 'video-a')).toBe(0);
    expect(moved(s0, s1)).toBe(held); // only video-a's slices move
    await a.handle(punt({ weight: 2, sequence: 2 }));
    const s2 = await h.commands.state();
    // Back to weight 2 of 3: floor or ceil of 4 * 2/3; the spare slice stays with video-b,
    // which holds it already (one move saved), so only video-a's share moves.
    const back = slicesOf(s2, 'video-a');
    expect([2, 3]).toContain(back);
    expect(moved(s1, s2)).toBe(back);
    await a.handle(punt({ kind: 'withdraw', sequence: 3 }, PUNT_ROSA_WITHDRAW));
    const s3 = await h.commands.state();
    expect([s3.instance('video-a')?.state, slicesOf(s3, 'video-a')]).toEqual(['down', 0]);
    expect(moved(s2, s3)).toBe(back);
  });

  it('marks a silent instance down and brings it back when it announces again', async () => {
    await a.handle(punt({ weight: 2, sequence: 1 }));
    const s0 = await h.commands.state();
    now += 29_999;
    expect(await a.checkLiveness()).toEqual([]);
    now += 1;
    expect(await a.checkLiveness()).toEqual(['video-a']); // video-b has no key: never
    const s1 = await h.commands.state();
    expect(s1.instance('video-a')?.state).toBe('down');
    expect(moved(s0, s1)).toBe(slicesOf(s0, 'video-a'));
    expect(await a.checkLiveness()).toEqual([]);
    await a.handle(punt({ weight: 2, sequence: 2 }));
    const s2 = await h.commands.state();
    expect(s2.instance('video-a')?.state).toBe('active');
    expect(moved(s1, s2)).toBe(slicesOf(s2, 'video-a'));
    expect(slicesOf(s2, 'video-a')).toBeGreaterThanOrEqual(2);
  });
});

describe('liveness across replicas [sqlite]', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('sqlite');
  });
  afterAll(() => h.close());

  it('an instance heard by one replica is not marked down by another', async () => {
    let now = 0;
    const opts = {
      execute: (c: Command) => h.commands.execute(c),
      silenceMs: 1000,
      clock: () => now,
    };
    const heard = new Announcements(opts); // the primary of the SAR switch: gets the punt
    const other = new Announcements(opts); // another replica: sees only the database
    const state = await h.commands.state();
    heard.setState(state);
    other.setState(state);
    now = 900;
    await heard.handle(punt({ weight: 2, sequence: 1 }));
    other.setState(await h.commands.state());
    now = 1500; // 1.5 s after both started, 0.6 s after the announcement
    expect(await other.checkLiveness()).toEqual([]);
    expect(await heard.checkLiveness()).toEqual([]);
    now = 1900;
    expect(await other.checkLiveness()).toEqual(['video-a']);
  });
});

describe('announcements under attack [sqlite]', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('sqlite');
  });
  afterAll(() => h.close());

  it('truncations at every byte and 100,000 random mutations install nothing', async () => {
    const a = new Announcements({ execute: (c) => h.commands.execute(c) });
    a.setState(await h.commands.state());
    const valid = punt({ sequence: 42 });
    expect(await a.handle(valid)).toMatchObject({ accepted: true });
    const dump = await dumpDatabase(h.dataSource);
    const version = (await h.commands.state()).version;
    const frame = valid.payload;
    for (let n = 0; n < frame.length; n++) {
      const r = await a.handle({ ...valid, payload: frame.slice(0, n) });
      expect(r).toMatchObject({ accepted: false, reason: 'malformed' });
    }
    // A small PRNG (xorshift32) so a failure can be replayed from its seed.
    let seed = 0x9e3779b9;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const started = Date.now();
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      const m = frame.slice();
      const flips = 1 + rand(4);
      for (let k = 0; k < flips; k++) m[rand(m.length)] ^= 1 + rand(255);
      const r = await a.handle({ ...valid, payload: m });
      if (r.accepted) accepted++;
    }
    const ms = Date.now() - started;
    expect(accepted).toBe(0);
    expect((await h.commands.state()).version).toBe(version);
    expect(await dumpDatabase(h.dataSource)).toBe(dump);
    const c = a.counters();
    const refused =
      c.malformed + c['bad-tag'] + c.replay + c['unknown-service'] + c['unknown-instance'];
    expect(refused).toBe(100_000 + frame.length);
    // Every reason a mutation can cause is seen: header damage, a changed id or address, a
    // changed signed byte or tag, and a change outside the signed bytes (an old sequence).
    for (const r of ['malformed', 'bad-tag', 'replay', 'unknown-service', 'unknown-instance']) {
      expect(c[r as keyof typeof c]).toBeGreaterThan(0);
    }
    expect(ms).toBeLessThan(30_000);
  }, 60_000);
});
