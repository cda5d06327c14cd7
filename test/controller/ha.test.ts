/**
 * High availability on PostgreSQL (docs/controller.md, Leadership and HA): three controller
 * replicas (child processes) and four embedded switches. Leases spread over the replicas; a
 * replica killed with SIGKILL has its switches taken over, each by a new primary that
 * reconciles; a replica paused past its lease (SIGSTOP, SIGCONT) is refused by the switch and
 * steps down without writing; no switch ever accepts a write from an older lease after a
 * newer one (never two primaries writing); packets keep flowing during the takeover.
 */
import { generationOf } from '../../controller/leadership/election';
import { LeaseStore } from '../../controller/leadership/lease-store';
import { openDataSource } from '../../controller/persistence/data-source';
import type { DataSource } from 'typeorm';
import { ether, ipv6, packet, payload, udp } from '../ptf/packets';
import { conformingDst } from '../ptf/packets/ssa';
import { type EmbeddedSwitch, startSwitches } from './harness';
import { postgresDatabase, type TestDatabase } from './support/databases';
import {
  type AcceptedWrite,
  ReplicaProcess,
  describePostgres,
  recordWrites,
  waitFor,
} from './support/replicas';

const LEASE_MS = 1500;
const NAMES = ['s1', 's2', 's3', 's4'];

describePostgres('HA: three replicas, four switches, one PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: LeaseStore;
  let switches: EmbeddedSwitch[];
  let writes: AcceptedWrite[][];
  let replicas: ReplicaProcess[];

  beforeAll(async () => {
    db = await postgresDatabase();
    ds = await openDataSource(db.target);
    store = new LeaseStore(ds);
    switches = await startSwitches(4);
    writes = switches.map(recordWrites);
    const url = (db.target as { url: string }).url;
    replicas = ['r1', 'r2', 'r3'].map((id) =>
      ReplicaProcess.spawn({
        id,
        databaseUrl: url,
        addresses: switches.map((s) => s.address),
        leaseMs: LEASE_MS,
      }),
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.kill()));
    await Promise.all((switches ?? []).map((s) => s.stop()));
    await ds?.destroy();
    await db?.drop();
  }, 30_000);

  const byId = (id: string | null) => replicas.find((r) => r.id === id);
  const leaseOf = async (sw: string) => (await store.leases()).find((l) => l.switch === sw);
  const describeAll = () =>
    replicas
      .map(
        (r) =>
          `${r.id}${r.exited ? ' (exited)' : ''}: ${r.events
            .slice(-12)
            .map(
              (e) =>
                `${e.ev}${e.switch ? ` ${e.switch}` : ''}${e.generation !== undefined ? `@${e.generation}` : ''}`,
            )
            .join(', ')} ${r.stderr.join('').slice(-500)}`,
      )
      .join('\n');

  /** Every switch led by a live replica that has reconciled it as leader; the holders. */
  async function settled(exclude: readonly string[] = []): Promise<Map<string, string>> {
    const holders = new Map<string, string>();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await store.leases();
      holders.clear();
      let ok = rows.length === 4;
      for (const row of rows) {
        const r = byId(row.holder);
        if (!r || exclude.includes(r.id) || r.leads(row.switch) !== row.generation) ok = false;
        else if (!r.reconciledAsLeader(row.switch)) ok = false;
        else holders.set(row.switch, r.id);
      }
      if (ok) return holders;
      if (Date.now() > deadline) throw new Error(`not settled in 30 s:\n${describeAll()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Per switch, accepted writes never go back to an older generation. */
  function expectMonotonic(): void {
    for (let i = 0; i < 4; i++) {
      const gens = writes[i].map((w) => generationOf(w.electionId));
      for (let k = 1; k < gens.length; k++) {
        if (gens[k] < gens[k - 1]) {
          throw new Error(`${NAMES[i]} accepted generation ${gens[k]} after ${gens[k - 1]}`);
        }
      }
    }
  }

  it('spreads the leases, every switch reconciled by its leader', async () => {
    // A replica that starts first may take every switch; once it sees the others it releases
    // above its fair share, ceil(4 / 3) = 2, and they take theirs (bounded).
    const deadline = Date.now() + 40_000;
    let counts: number[] = [];
    for (;;) {
      const holders = await settled();
      counts = ['r1', 'r2', 'r3'].map((id) => [...holders.values()].filter((h) => h === id).length);
      if (counts.every((n) => n >= 1 && n <= 2)) break;
      if (Date.now() > deadline) throw new Error(`not spread: ${counts}\n${describeAll()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expectMonotonic();
    for (const w of writes) expect(w.length).toBeGreaterThan(0);
  }, 60_000);

  it('takes over the switches of a replica killed with SIGKILL; packets keep flowing', async () => {
    const holders = await settled();
    const victim = holders.get('s1') as string; // s1 carries the packets below
    const theirs = NAMES.filter((sw) => holders.get(sw) === victim);
    expect(theirs.length).toBeGreaterThan(0);
    const before = new Map(
      await Promise.all(theirs.map(async (sw) => [sw, (await leaseOf(sw))!.generation] as const)),
    );

    // A client of video.example through s1 (port 11 in, the instance on port 10 out).
    const src = '2001:db8:c::10';
    const dst = conformingDst(
      {
        range: '2001:db8:5::/48',
        sliceBits: 4,
        rule: { kind: 'source-bound-hash', key: 0x0a1b2c3d },
      },
      src,
      { host: 0x77n },
    );
    const frame = packet(
      ether({ dst: '02:00:00:01:01:0b', src: '02:00:00:00:0c:01' }),
      ipv6({ src, dst }),
      udp({ sport: 40000, dport: 443 }),
      payload('during takeover'),
    ).bytes;
    const through = () => switches[0].device.inject(11, frame).some((p) => p.port === 10);
    expect(through()).toBe(true);
    let sent = 0;
    let lost = 0;
    const flow = setInterval(() => {
      sent++;
      if (!through()) lost++;
    }, 10);

    const killedAt = Date.now();
    await byId(victim)!.kill();
    try {
      const after = await settled([victim]);
      for (const sw of theirs) {
        expect(after.get(sw)).not.toBe(victim);
        expect((await leaseOf(sw))!.generation).toBeGreaterThan(before.get(sw) as number);
      }
    } finally {
      clearInterval(flow);
    }
    expect(sent).toBeGreaterThan(10);
    expect(lost).toBe(0);
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    expectMonotonic();
  }, 60_000);

  it('refuses a replica paused past its lease; it steps down without writing', async () => {
    const live = replicas.filter((r) => !r.exited).map((r) => r.id);
    const holders = await settled(replicas.filter((r) => r.exited).map((r) => r.id));
    const paused = live.find((id) => [...holders.values()].includes(id)) as string;
    const other = live.find((id) => id !== paused) as string;
    const theirs = NAMES.filter((sw) => holders.get(sw) === paused);
    expect(theirs.length).toBeGreaterThan(0);
    const oldGen = new Map(
      await Promise.all(theirs.map(async (sw) => [sw, (await leaseOf(sw))!.generation] as const)),
    );

    byId(paused)!.signal('SIGSTOP');
    let resumedAt = 0;
    try {
      // The other replica takes everything (the paused one's heartbeat and leases expire).
      await waitFor(
        () => NAMES.every((sw) => byId(other)!.reconciledAsLeader(sw)) || undefined,
        30_000,
        describeAll,
      );
    } finally {
      resumedAt = Date.now();
      byId(paused)!.signal('SIGCONT');
    }
    // On waking, it steps down for every switch it believed it led.
    await waitFor(
      () => theirs.every((sw) => byId(paused)!.leads(sw) !== oldGen.get(sw)) || undefined,
      10_000,
      describeAll,
    );
    // No switch accepted a write of the paused replica's old generation after the pause.
    for (const sw of theirs) {
      const i = NAMES.indexOf(sw);
      const late = writes[i].filter(
        (w) => w.t >= resumedAt && generationOf(w.electionId) <= (oldGen.get(sw) as number),
      );
      expect(late).toEqual([]);
    }
    expectMonotonic();
    // Afterwards the two live replicas share the switches again.
    await settled(replicas.filter((r) => r.exited).map((r) => r.id));
    expectMonotonic();
  }, 90_000);
});
