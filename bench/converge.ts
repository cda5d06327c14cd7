/**
 * bench:converge — how fast the controller brings a fabric of embedded switches (a line of
 * BENCH_SWITCHES, default 4, over real gRPC on loopback) to a new domain version after a
 * scaling event, and how many updates it sends against the fewest possible.
 *
 *   baseline   the first convergence of the whole domain (1,000 instances, 2^14 slices): every
 *              entity written to empty switches
 *   +1         one instance added (1,000 -> 1,001)
 *   +1000      1,000 instances added (1,001 -> 2,001)
 *   -1000      1,000 instances set down (2,001 -> 1,001)
 *
 * For each event: the wall time from handing the new state to the reconciler until every switch
 * holds it (and that time against the baseline's), the intent compile time alone, the updates
 * sent (counted on the wire by a gRPC interceptor) against the minimum (the canonical diff of
 * the old and new intents of every switch: 1.0 = nothing needless), and the planner's moved
 * slices against its lower bound. Ends with one JSON line.
 *
 *   npm run bench:converge        # BENCH_SWITCHES=4 BENCH_SLICE_BITS=14
 */
import { SessionPool, pipelineFor } from '../controller/switches';
import { Reconciler } from '../controller/reconciler';
import { compileIntent, entitiesOf } from '../controller/intent';
import type { DomainState } from '../controller/domain';
import { P4Schema } from '../p4runtime/schema';
import { diff } from '../p4runtime/reconcile';
import { FABRIC_P4INFO_PATH } from '../controller/switches/pipeline';
import { WriteLog, startSwitches } from './fixtures/embedded-fabric';
import { lineState, scaleTo } from './fixtures/fabric-line';
import { printJson, round, secondsSince } from './report';

const SWITCHES = Number(process.env.BENCH_SWITCHES ?? 4);
const SLICE_BITS = Number(process.env.BENCH_SLICE_BITS ?? 14);
const NOW = 1_796_601_600;

/** Updates that turn the old intent into the new one, over every switch. */
function minimumUpdates(before: DomainState, after: DomainState, schema: P4Schema): number {
  const a = compileIntent(before, NOW);
  const b = compileIntent(after, NOW);
  let n = 0;
  for (const [name, sw] of b) {
    const old = a.get(name);
    const phases = diff(entitiesOf(sw), old ? entitiesOf(old) : [], schema);
    n += phases.reduce((s, p) => s + p.length, 0);
  }
  return n;
}

async function main(): Promise<void> {
  const schema = P4Schema.fromFile(FABRIC_P4INFO_PATH);
  const switches = await startSwitches(SWITCHES);
  const log = new WriteLog();
  const pool = new SessionPool({
    electionId: 10n,
    pipeline: (sw) => pipelineFor(sw.target),
    session: { channelOptions: { interceptors: [log.interceptor] } },
  });
  const reconciler = new Reconciler(pool, { clock: () => NOW });
  const rows: Record<string, unknown>[] = [];
  try {
    let state = lineState({
      switches: SWITCHES,
      instances: 1000,
      sliceBits: SLICE_BITS,
      address: (i) => switches[i].address,
    });
    let t = process.hrtime.bigint();
    await reconciler.setState(state);
    await reconciler.whenConverged(300_000);
    const baseline = { seconds: secondsSince(t), updates: log.count() };
    console.log(
      `baseline: ${SWITCHES} switches, 1000 instances, 2^${SLICE_BITS} slices: ` +
        `${baseline.updates} updates in ${round(baseline.seconds, 3)} s`,
    );

    for (const [label, n] of [
      ['+1', 1001],
      ['+1000', 2001],
      ['-1000', 1001],
    ] as const) {
      const { state: next, moved } = scaleTo(state, n);
      const lower = lowerBound(state, next);
      t = process.hrtime.bigint();
      compileIntent(next, NOW);
      const compile = secondsSince(t);
      const minimum = minimumUpdates(state, next, schema);
      log.clear();
      t = process.hrtime.bigint();
      await reconciler.setState(next);
      await reconciler.whenConverged(300_000);
      const seconds = secondsSince(t);
      const row = {
        event: label,
        ms: round(seconds * 1000, 4),
        vsBaseline: round(seconds / baseline.seconds, 3),
        compileMs: round(compile * 1000, 4),
        updates: log.count(),
        minimum,
        ratio: round(log.count() / Math.max(1, minimum), 4),
        requests: log.requests,
        slicesMoved: moved,
        slicesLowerBound: lower,
      };
      rows.push(row);
      console.log(
        `${label.padEnd(6)} ${String(row.ms).padStart(8)} ms (${row.vsBaseline} x baseline; ` +
          `compile ${row.compileMs} ms)  updates ${row.updates} / minimum ${minimum} = ${row.ratio}` +
          `  slices moved ${moved} (lower bound ${lower})`,
      );
      state = next;
    }
    printJson({
      bench: 'converge',
      switches: SWITCHES,
      sliceBits: SLICE_BITS,
      baselineMs: round(baseline.seconds * 1000, 4),
      baselineUpdates: baseline.updates,
      events: rows,
    });
  } finally {
    await reconciler.close();
    pool.close();
    await Promise.all(switches.map((s) => s.stop()));
  }
}

/** The planner's lower bound: the sum over holders of the slices each must give up. */
function lowerBound(before: DomainState, after: DomainState): number {
  const a = before.sliceMap('video.example')!.counts();
  const b = after.sliceMap('video.example')!.counts();
  let n = 0;
  for (const [id, c] of a) n += Math.max(0, c - (b.get(id) ?? 0));
  return n;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
