/**
 * bench:planner — the slice planner (controller/planner) against two baselines measured in the
 * same run on the same random scaling events: a Maglev table (M = 65,537) and weighted
 * rendezvous hashing. N = 65,536 slices (s = 16), k = 1 .. 10,000 instances of weights 1..10;
 * events add, remove, drain or reweigh one instance. Per algorithm and k:
 *   imbalance  max - min over instances of (slices / weight), in slices per unit weight
 *   deviation  max over instances of |slices - exact share|, in slices
 *   churn      slices moved / lower bound, the lower bound being the sum over instances of
 *              max(0, old - new) of that algorithm's own counts (1.0 = no needless move)
 *   ms/event   median wall time to compute the new map (CPU time beside it: the machine may
 *              be shared, and CPU time is what the planner itself costs)
 * Targets for the planner: imbalance <= 1, churn exactly 1.0, < 5 ms per event.
 *
 *   npm run bench:planner     # BENCH_KS=1,10,100 BENCH_EVENTS=20 BENCH_HRW_MAX_K=1000
 */
import { type PlanMember, planSlices } from '../controller/planner';
import type { SliceMap } from '../controller/domain';
import { Rng } from '../softswitch/tables/reference';
import { Rendezvous, maglevTable } from './fixtures/slice-baselines';
import { median, printJson, round } from './report';

const SLICE_BITS = 16;
const N = 2 ** SLICE_BITS;
const M = 65_537; // the Maglev paper's example table size, prime
const KS = (process.env.BENCH_KS ?? '1,10,100,1000,10000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);
// Rendezvous builds its first table in O(N·k) hashes: past this k it is left out.
const HRW_MAX_K = Number(process.env.BENCH_HRW_MAX_K ?? 1000);
const SERVICE = 'bench.example';

interface Tally {
  imbalance: number;
  deviation: number;
  moved: number;
  bound: number;
  worstChurn: number;
  ms: number[];
  cpuMs: number[];
}

const tally = (): Tally => ({
  imbalance: 0,
  deviation: 0,
  moved: 0,
  bound: 0,
  worstChurn: 0,
  ms: [],
  cpuMs: [],
});

/** Adds one event's balance and movement figures from per-entry holder ids. */
function record(
  t: Tally,
  active: readonly PlanMember[],
  size: number,
  before: (i: number) => string | undefined,
  after: (i: number) => string | undefined,
): void {
  const now = new Map<string, number>();
  const old = new Map<string, number>();
  let moved = 0;
  for (let i = 0; i < size; i++) {
    const a = before(i);
    const b = after(i);
    if (b !== undefined) now.set(b, (now.get(b) ?? 0) + 1);
    if (a !== undefined) {
      old.set(a, (old.get(a) ?? 0) + 1);
      if (a !== b) moved++;
    }
  }
  let bound = 0;
  for (const [id, c] of old) bound += Math.max(0, c - (now.get(id) ?? 0));
  const total = active.reduce((s, m) => s + m.weight, 0);
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of active) {
    const c = now.get(m.id) ?? 0;
    lo = Math.min(lo, c / m.weight);
    hi = Math.max(hi, c / m.weight);
    t.deviation = Math.max(t.deviation, Math.abs(c - (size * m.weight) / total));
  }
  if (active.length > 0) t.imbalance = Math.max(t.imbalance, hi - lo);
  t.moved += moved;
  t.bound += bound;
  if (bound > 0) t.worstChurn = Math.max(t.worstChurn, moved / bound);
  else if (moved > 0) t.worstChurn = Infinity;
}

/** Runs `f`, adding its wall and CPU milliseconds to `t`. */
function timed<T>(t: Tally, f: () => T): T {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const out = f();
  t.ms.push(Number(process.hrtime.bigint() - wall) / 1e6);
  const used = process.cpuUsage(cpu);
  t.cpuMs.push((used.user + used.system) / 1000);
  return out;
}

function runK(k: number): Record<string, Tally | null> {
  const rng = new Rng(0x5eed + k);
  let serial = 0;
  const fresh = (): PlanMember => ({
    id: `inst-${(serial++).toString().padStart(6, '0')}`,
    weight: 1 + rng.int(10),
  });
  let members: PlanMember[] = Array.from({ length: k }, fresh);
  const activeOf = (ms: PlanMember[]) =>
    ms.filter((m) => (m.state ?? 'active') === 'active' && m.weight > 0);

  const ours = tally();
  const maglev = tally();
  const hrw = k <= HRW_MAX_K ? tally() : null;
  let map: SliceMap = planSlices({
    service: SERVICE,
    sliceBits: SLICE_BITS,
    instances: members,
  }).map;
  let active = activeOf(members);
  let table = maglevTable(active, M);
  let tableIds = active.map((m) => m.id);
  const rendezvous = hrw ? new Rendezvous(N) : null;
  if (rendezvous) for (const m of active) rendezvous.set(m.id, m.weight);

  for (let e = 0; e < EVENTS; e++) {
    // One event: add, remove, drain or reweigh (removal and drain only with 2+ active).
    const kind = active.length < 2 ? 0 : rng.int(4);
    const pick = active.length > 0 ? active[rng.int(active.length)].id : '';
    let changed: PlanMember;
    if (kind === 0) {
      changed = fresh();
      members = [...members, changed];
    } else if (kind === 1) {
      changed = { id: pick, weight: 0 };
      members = members.filter((m) => m.id !== pick);
    } else if (kind === 2) {
      changed = { id: pick, weight: 0 };
      members = members.map((m) => (m.id === pick ? { ...m, state: 'draining' } : m));
    } else {
      const weight = 1 + rng.int(10);
      changed = { id: pick, weight };
      members = members.map((m) => (m.id === pick ? { ...m, weight } : m));
    }
    active = activeOf(members);

    const prev = map;
    const r = timed(ours, () =>
      planSlices({ service: SERVICE, sliceBits: SLICE_BITS, instances: members, previous: prev }),
    );
    map = r.map;
    record(
      ours,
      active,
      N,
      (i) => prev.holderOf(i),
      (i) => map.holderOf(i),
    );

    const prevTable = table;
    const prevIds = tableIds;
    table = timed(maglev, () => maglevTable(active, M));
    tableIds = active.map((m) => m.id);
    record(
      maglev,
      active,
      M,
      (i) => prevIds[prevTable[i]],
      (i) => tableIds[table[i]],
    );

    if (hrw && rendezvous) {
      const before = Int32Array.from(rendezvous.holder);
      timed(hrw, () => rendezvous.set(changed.id, changed.weight));
      const idOf = (m: number) => (m < 0 ? undefined : rendezvous.idOf(m));
      record(
        hrw,
        active,
        N,
        (i) => idOf(before[i]),
        (i) => idOf(rendezvous.holder[i]),
      );
    }
  }
  return { ours, maglev, rendezvous: hrw };
}

function summary(t: Tally | null): Record<string, number | null> | null {
  if (t === null) return null;
  return {
    imbalance: round(t.imbalance, 4),
    deviation: round(t.deviation, 4),
    churn: t.bound > 0 ? round(t.moved / t.bound, 4) : t.moved === 0 ? 1 : null,
    worstChurn: Number.isFinite(t.worstChurn) ? round(t.worstChurn, 4) : null,
    moved: t.moved,
    msPerEvent: round(median(t.ms), 3),
    cpuMsPerEvent: round(median(t.cpuMs), 3),
  };
}

function main(): void {
  const figures: Record<string, unknown> = {
    bench: 'planner',
    slices: N,
    maglevTable: M,
    events: EVENTS,
  };
  const rows: Record<string, unknown>[] = [];
  let met = true;
  console.log(
    'k       algorithm   imbalance  deviation  churn    worst    ms/event  cpu ms   vs maglev',
  );
  for (const k of KS) {
    const res = runK(k);
    const s = Object.fromEntries(Object.entries(res).map(([name, t]) => [name, summary(t)]));
    const base = s.maglev?.msPerEvent ?? NaN;
    for (const [name, f] of Object.entries(s)) {
      if (f === null) {
        console.log(
          `${String(k).padEnd(7)} ${name.padEnd(11)} (left out: k > BENCH_HRW_MAX_K = ${HRW_MAX_K})`,
        );
        continue;
      }
      const cells = [
        f.imbalance,
        f.deviation,
        f.churn,
        f.worstChurn,
        f.msPerEvent,
        f.cpuMsPerEvent,
      ].map((v) => String(v).padEnd(8));
      const ratio = (f.msPerEvent as number) / base;
      console.log(
        `${String(k).padEnd(7)} ${name.padEnd(11)} ${cells.join(' ')} ${ratio.toFixed(3)} x`,
      );
    }
    const o = s.ours as Record<string, number>;
    met &&= o.imbalance <= 1 && o.churn === 1 && o.cpuMsPerEvent < 5;
    rows.push({ k, ...s, oursVsMaglevTime: round(o.msPerEvent / base, 3) });
  }
  figures.results = rows;
  figures.targetMet = met;
  console.log(
    `targets (imbalance <= 1, churn 1.0, < 5 ms CPU per event): ${met ? 'met' : 'NOT met'}`,
  );
  printJson(figures);
}

main();
