/**
 * bench:failover — time from a leader's death (SIGKILL) to every one of its switches having a
 * new primary that has reconciled, with 4 and 32 embedded switches, two controller replicas
 * (child processes) sharing one PostgreSQL. The baseline is the lease period measured in the
 * same run (the time a dead leader's lease can still look valid); target: under 2 lease
 * periods. Needs a PostgreSQL server whose role may create databases: BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (as for the tests).
 *
 *   npm run bench:failover        # BENCH_SWITCHES=4,32 BENCH_LEASE_MS=1500
 */
import { generationOf } from '../controller/leadership/election';
import { LeaseStore } from '../controller/leadership/lease-store';
import { openDataSource } from '../controller/persistence/data-source';
import { startSwitches } from '../test/controller/harness';
import { postgresDatabase } from '../test/controller/support/databases';
import { ReplicaProcess, recordWrites, waitFor } from '../test/controller/support/replicas';
import { printJson, round } from './report';

const COUNTS = (process.env.BENCH_SWITCHES ?? '4,32').split(',').map(Number);
const LEASE_MS = Number(process.env.BENCH_LEASE_MS ?? 1500);

interface Row {
  switches: number;
  moved: number;
  failoverMs: number;
  leases: number;
}

async function once(n: number): Promise<Row> {
  if (!process.env.TEST_DATABASE_URL && process.env.BENCH_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  }
  const db = await postgresDatabase();
  const ds = await openDataSource(db.target);
  const store = new LeaseStore(ds);
  const switches = await startSwitches(n);
  const writes = switches.map(recordWrites);
  const url = (db.target as { url: string }).url;
  const replicas = ['r1', 'r2'].map((id) =>
    ReplicaProcess.spawn({
      id,
      databaseUrl: url,
      addresses: switches.map((s) => s.address),
      leaseMs: LEASE_MS,
    }),
  );
  const byId = (id: string | null) => replicas.find((r) => r.id === id);
  try {
    // Settled: every switch led by a replica that reconciled it, and both replicas leading.
    let holders = new Map<string, string>();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const rows = await store.leases();
      holders = new Map();
      for (const row of rows) {
        const r = byId(row.holder);
        if (r && r.leads(row.switch) === row.generation && r.reconciledAsLeader(row.switch)) {
          holders.set(row.switch, r.id);
        }
      }
      if (holders.size === n && new Set(holders.values()).size === 2) break;
      if (Date.now() > deadline) throw new Error(`not settled: ${holders.size} of ${n}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const victim = byId(holders.get('s1') as string) as ReplicaProcess;
    const heir = replicas.find((r) => r !== victim) as ReplicaProcess;
    const theirs = [...holders].filter(([, h]) => h === victim.id).map(([sw]) => sw);
    const killedAt = Date.now();
    await victim.kill();
    const done = await waitFor(
      () => {
        const ts = theirs.map((sw) => heir.reconciledAsLeader(sw)?.t);
        return ts.every((t) => t !== undefined && t >= killedAt)
          ? Math.max(...(ts as number[]))
          : undefined;
      },
      60_000,
      'the heir did not take every switch over',
    );
    // No switch accepted an older generation after a newer one.
    for (const w of writes) {
      const g = w.map((x) => generationOf(x.electionId));
      if (g.some((v, i) => i > 0 && v < g[i - 1])) throw new Error('a stale leader wrote');
    }
    return { switches: n, moved: theirs.length, failoverMs: done - killedAt, leases: LEASE_MS };
  } finally {
    await Promise.all(replicas.map((r) => r.kill()));
    await Promise.all(switches.map((s) => s.stop()));
    await ds.destroy();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of COUNTS) rows.push(await once(n));
  console.log('switches  moved  failover ms  lease ms  failover / lease');
  for (const r of rows) {
    console.log(
      `${String(r.switches).padStart(8)}  ${String(r.moved).padStart(5)}  ${String(r.failoverMs).padStart(11)}  ${String(r.leases).padStart(8)}  ${round(r.failoverMs / r.leases, 3)}`,
    );
  }
  printJson({
    bench: 'failover',
    leaseMs: LEASE_MS,
    results: rows.map((r) => ({
      switches: r.switches,
      moved: r.moved,
      failoverMs: r.failoverMs,
      ratioToLease: round(r.failoverMs / r.leases, 3),
    })),
    target: 'under 2 lease periods',
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
