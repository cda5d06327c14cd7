/**
 * Switch leases in the shared database (docs/controller.md, Leadership and HA), on SQLite and
 * PostgreSQL: one replica leads every switch; three replicas share four switches (at most the
 * fair share each); concurrent rounds never give one lease to two replicas; a replica that
 * stops renewing loses its switches to the others with a higher generation; a replica that
 * joins gets its share (the others release above theirs); election ids follow generations.
 */
import {
  backupElectionId,
  generationOf,
  leaderElectionId,
} from '../../controller/leadership/election';
import { LeaseStore } from '../../controller/leadership/lease-store';
import { Leadership, LeadershipEvent } from '../../controller/leadership/leadership';
import { openDataSource } from '../../controller/persistence/data-source';
import type { DataSource } from 'typeorm';
import { type TestDatabase, describeEngines, testDatabase } from './support/databases';

const SWITCHES = ['s1', 's2', 's3', 's4'];

describeEngines('switch leases', (engine) => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: LeaseStore;

  beforeEach(async () => {
    db = await testDatabase(engine);
    ds = await openDataSource(db.target);
    store = new LeaseStore(ds);
  }, 30_000);
  afterEach(async () => {
    await ds.destroy();
    await db.drop();
  });

  const holders = async () => {
    const rows = await store.leases();
    return Object.fromEntries(rows.map((r) => [r.switch, r.holder]));
  };

  it('gives one replica every switch, renews at the same generation', async () => {
    const r1 = await store.round({ replica: 'a', switches: SWITCHES, leaseMs: 60_000 });
    expect([...r1.held.entries()].sort()).toEqual(SWITCHES.map((s) => [s, 1]));
    const r2 = await store.round({
      replica: 'a',
      switches: SWITCHES,
      leaseMs: 60_000,
      held: r1.held,
    });
    expect(r2.held).toEqual(r1.held);
    expect([r2.taken, r2.released, r2.live]).toEqual([[], [], 1]);
  });

  it('spreads four switches over three replicas, and a joining one gets its share', async () => {
    const leaseMs = 60_000;
    const held = new Map<string, ReadonlyMap<string, number>>();
    for (const id of ['a', 'b', 'c']) {
      await store.round({ replica: id, switches: SWITCHES, leaseMs, takeNone: true });
    }
    for (let i = 0; i < 2; i++) {
      for (const id of ['a', 'b', 'c']) {
        const r = await store.round({
          replica: id,
          switches: SWITCHES,
          leaseMs,
          held: held.get(id),
        });
        held.set(id, r.held);
      }
    }
    const counts = ['a', 'b', 'c'].map((id) => held.get(id)?.size ?? 0);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(4);
    for (const n of counts) expect(n).toBeLessThanOrEqual(2); // ceil(4 / 3)
    expect(Object.values(await holders()).every((h) => h !== null)).toBe(true);
  });

  it('never gives one lease to two replicas in concurrent rounds', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids)
      await store.round({ replica: id, switches: SWITCHES, leaseMs: 60_000, takeNone: true });
    const results = await Promise.all(
      ids.map((id) => store.round({ replica: id, switches: SWITCHES, leaseMs: 60_000 })),
    );
    const claims = results.flatMap((r) => [...r.held.keys()]);
    expect(new Set(claims).size).toBe(claims.length);
    const rows = await store.leases();
    for (const r of rows) expect(r.generation).toBe(1);
  });

  it('hands the switches of a replica that stops renewing to the others', async () => {
    const leaseMs = 300;
    let a = await store.round({ replica: 'a', switches: SWITCHES, leaseMs });
    expect(a.held.size).toBe(4);
    let b = await store.round({ replica: 'b', switches: SWITCHES, leaseMs });
    // a renews once more: now two replicas are live and a releases above its share of 2.
    a = await store.round({ replica: 'a', switches: SWITCHES, leaseMs, held: a.held });
    expect([a.held.size, a.released.length]).toEqual([2, 2]);
    b = await store.round({ replica: 'b', switches: SWITCHES, leaseMs, held: b.held });
    expect(b.held.size).toBe(2);
    for (const sw of b.held.keys()) expect(b.held.get(sw)).toBe(2); // taken over: generation 2
    // a stops. b keeps renewing until a's leases expire (bounded), then takes them.
    const deadline = Date.now() + 10_000;
    while (b.held.size < 4 && Date.now() < deadline) {
      b = await store.round({ replica: 'b', switches: SWITCHES, leaseMs, held: b.held });
    }
    expect(b.held.size).toBe(4);
    for (const sw of a.held.keys()) expect(b.held.get(sw)).toBe((a.held.get(sw) as number) + 1);
    // a comes back believing it holds its old leases: it renews none of them.
    const back = await store.round({
      replica: 'a',
      switches: SWITCHES,
      leaseMs,
      held: a.held,
      takeNone: true,
    });
    expect(back.held.size).toBe(0);
  }, 20_000);

  it('Leadership: election ids from generations, stepping down when the deadline passes', async () => {
    let mono = 0;
    const l = new Leadership({
      store,
      replica: 'a',
      leaseMs: 60_000,
      switches: () => SWITCHES,
      monotonic: () => mono,
      settleRounds: 0,
    });
    const changes: { switch: string; leader: boolean }[] = [];
    l.on(LeadershipEvent.CHANGED, (e: { switch: string; leader: boolean }) => changes.push(e));
    await l.round();
    expect(l.leading()).toEqual(SWITCHES);
    expect(l.electionId('s1')).toBe(leaderElectionId(1));
    expect(changes.filter((c) => c.leader)).toHaveLength(4);
    mono = 60_000 - 15_000; // past leaseMs - margin without a renewal (a paused process)
    expect(l.isLeader('s1')).toBe(false);
    expect(l.electionId('s1')).toBe(backupElectionId(1, 'a'));
    await l.stop();
    expect((await holders()).s1).toBe('a'); // released, not deleted
    expect((await store.leases()).every((r) => r.expiresAt === 0)).toBe(true);
  });
});

describe('election ids (leadership)', () => {
  it('put the generation in the high 64 bits; a newer lease always outranks', () => {
    expect(leaderElectionId(3)).toBe((3n << 64n) | ((1n << 64n) - 1n));
    expect(generationOf(leaderElectionId(3))).toBe(3);
    expect(backupElectionId(4, 'x')).toBeGreaterThan(leaderElectionId(3));
    expect(backupElectionId(3, 'x')).toBeLessThan(leaderElectionId(3));
    expect(backupElectionId(3, 'x')).not.toBe(backupElectionId(3, 'y'));
    expect(backupElectionId(0, 'x')).toBeGreaterThan(0n);
    expect(() => leaderElectionId(-1)).toThrow(/generation/);
  });
});
