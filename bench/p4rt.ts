/**
 * bench:p4rt — table entries per second written into the embedded switch by our client, side by
 * side with a bare grpc-js loop sending the same WriteRequests pre-encoded, for batches of 1,
 * 100 and 1,000 updates, and for batches of 1,000 of which 10% are refused (ALREADY_EXISTS: the
 * error path, per-update statuses parsed by ours, not by the bare loop). The switch runs in a
 * child process (as a real switch runs apart from its controller); both writers keep the same
 * number of requests in flight and give every call the same 10 s deadline. An insert-only bulk
 * write is one phase (docs/p4runtime.md), so ours keeps its requests in flight like the bare
 * loop. The same at the client's default batch (250). Last, the time for one write() of 10,000
 * updates that are all refused, in default batches.
 *
 *   npm run bench:p4rt            # BENCH_SCALE=0.2 for a quicker, smaller run
 */
import * as grpc from '@grpc/grpc-js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
  P4RuntimeClient,
} from '../p4runtime/client/client';
import { P4RuntimeWriteError } from '../p4runtime/client/errors';
import type { Update } from '../p4runtime/entities';
import type { P4Schema } from '../p4runtime/schema';
import { CHANNEL_OPTIONS } from '../p4runtime/service';
import { median, printJson, round, secondsSince } from './report';
import {
  DEADLINE_MS,
  bareWrite,
  encodeRequests,
  route,
  startSwitch,
  routesSchema,
} from './p4rt-setup';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Both writers keep the client's default number of requests in flight (BENCH_IN_FLIGHT to vary).
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? DEFAULT_WRITE_CONCURRENCY);
const CASES = [
  { batch: 1, entries: Math.round(10_000 * SCALE), refused: 0 },
  { batch: 100, entries: Math.round(100_000 * SCALE), refused: 0 },
  { batch: 1000, entries: Math.round(200_000 * SCALE), refused: 0 },
  { batch: 1000, entries: Math.round(100_000 * SCALE), refused: 0.1 },
  // The client's default batch (DEFAULT_BATCH_SIZE, sized for bmv2's error lists).
  { batch: DEFAULT_BATCH_SIZE, entries: Math.round(200_000 * SCALE), refused: 0 },
  { batch: DEFAULT_BATCH_SIZE, entries: Math.round(100_000 * SCALE), refused: 0.1 },
];
/** Refused updates in the error-list timing (all of one write). */
const REFUSED = 10_000;

async function main(): Promise<void> {
  const sw = await startSwitch();
  const address = `127.0.0.1:${sw.port}`;
  const schema = routesSchema();
  const client = new P4RuntimeClient({
    address,
    deviceId: 1n,
    electionId: 1n,
    writeConcurrency: IN_FLIGHT,
    timeoutMs: DEADLINE_MS,
  });
  const bare = new grpc.Client(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  try {
    await client.connect();
    await client.setPipeline({ p4info: schema.p4info });
    const results: Record<string, unknown>[] = [];
    console.log(
      `writes into the embedded switch, ${IN_FLIGHT} requests in flight, median of ${ROUNDS} rounds`,
    );
    console.log(
      'batch   entries  refused   ours (entries/s)   bare grpc-js (entries/s)   ours/bare',
    );
    for (const c of CASES) {
      const inserts = Array.from({ length: c.entries }, (_, i) => route(i, 'insert'));
      const deletes = encodeRequests(
        schema,
        Array.from({ length: c.entries }, (_, i) => route(i, 'delete')),
        1000,
      );
      // The refused ones: every 1/refused-th route, inserted before each timed write.
      const every = c.refused ? Math.round(1 / c.refused) : 0;
      const already = every
        ? encodeRequests(
            schema,
            inserts.filter((_, i) => i % every === 0),
            1000,
          )
        : [];
      const refusals = every ? Math.ceil(c.entries / every) : 0;
      const preEncoded = encodeRequests(schema, inserts, c.batch);
      const ours: number[] = [];
      const base: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate who goes first so warm-up and GC fall on both sides alike.
        for (const who of r % 2 ? ['bare', 'ours'] : ['ours', 'bare']) {
          await bareWrite(bare, already, IN_FLIGHT);
          const t0 = process.hrtime.bigint();
          if (who === 'ours') await oursWrite(client, inserts, c.batch, refusals);
          else await bareWrite(bare, preEncoded, IN_FLIGHT, refusals > 0);
          const s = secondsSince(t0);
          (who === 'ours' ? ours : base).push(c.entries / s);
          await bareWrite(bare, deletes, IN_FLIGHT);
        }
      }
      const o = median(ours);
      const b = median(base);
      results.push({
        batch: c.batch,
        entries: c.entries,
        refused: refusals,
        ours_eps: round(o),
        bare_eps: round(b),
        ratio: round(o / b, 3),
      });
      console.log(
        `${String(c.batch).padStart(5)} ${String(c.entries).padStart(9)} ${String(refusals).padStart(8)} ${String(round(o)).padStart(18)} ${String(round(b)).padStart(26)} ${round(
          o / b,
          3,
        )
          .toString()
          .padStart(11)}`,
      );
    }
    const refusedMs = await timeRefusals(client, bare, schema);
    console.log(
      `${REFUSED} refused updates in one write (default batches of ${DEFAULT_BATCH_SIZE}): ${round(refusedMs)} ms, median of ${ROUNDS}`,
    );
    printJson({
      bench: 'p4rt',
      in_flight: IN_FLIGHT,
      rounds: ROUNDS,
      results,
      refused_10k_ms: round(refusedMs),
    });
  } finally {
    client.close();
    bare.close();
    sw.stop();
  }
}

/** Our write, which must refuse exactly `refusals` updates (the rest take effect). */
async function oursWrite(
  client: P4RuntimeClient,
  updates: Update[],
  batchSize: number,
  refusals: number,
): Promise<void> {
  try {
    await client.write(updates, { batchSize });
    if (refusals) throw new Error(`expected ${refusals} refusals, got none`);
  } catch (e) {
    if (!(e instanceof P4RuntimeWriteError) || e.failures.length !== refusals) throw e;
  }
}

/** Milliseconds for one write() of REFUSED updates that are all refused (median of ROUNDS). */
async function timeRefusals(
  client: P4RuntimeClient,
  bare: grpc.Client,
  schema: P4Schema,
): Promise<number> {
  const inserts = Array.from({ length: REFUSED }, (_, i) => route(i, 'insert'));
  await bareWrite(bare, encodeRequests(schema, inserts, 1000), IN_FLIGHT);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    await oursWrite(client, inserts, DEFAULT_BATCH_SIZE, REFUSED);
    times.push(secondsSince(t0) * 1000);
  }
  const deletes = Array.from({ length: REFUSED }, (_, i) => route(i, 'delete'));
  await bareWrite(bare, encodeRequests(schema, deletes, 1000), IN_FLIGHT);
  return median(times);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
