/**
 * bench:p4rt — table entries per second written into the embedded switch by our client, side by
 * side with a bare grpc-js loop sending the same WriteRequests pre-encoded, for batches of 1,
 * 100 and 1,000 updates. The switch runs in a child process (as a real switch runs apart from
 * its controller); both writers keep the same number of requests in flight and give every
 * call the same 10 s deadline.
 *
 *   npm run bench:p4rt            # BENCH_SCALE=0.2 for a quicker, smaller run
 */
import * as grpc from '@grpc/grpc-js';
import { DEFAULT_WRITE_CONCURRENCY, P4RuntimeClient } from '../p4runtime/client/client';
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
  { batch: 1, entries: Math.round(10_000 * SCALE) },
  { batch: 100, entries: Math.round(100_000 * SCALE) },
  { batch: 1000, entries: Math.round(200_000 * SCALE) },
];

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
    console.log('batch   entries   ours (entries/s)   bare grpc-js (entries/s)   ours/bare');
    for (const c of CASES) {
      const inserts = Array.from({ length: c.entries }, (_, i) => route(i, 'insert'));
      const deletes = encodeRequests(
        schema,
        Array.from({ length: c.entries }, (_, i) => route(i, 'delete')),
        1000,
      );
      const preEncoded = encodeRequests(schema, inserts, c.batch);
      const ours: number[] = [];
      const base: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate who goes first so warm-up and GC fall on both sides alike.
        for (const who of r % 2 ? ['bare', 'ours'] : ['ours', 'bare']) {
          const t0 = process.hrtime.bigint();
          if (who === 'ours') await client.write(inserts, { batchSize: c.batch });
          else await bareWrite(bare, preEncoded, IN_FLIGHT);
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
        ours_eps: round(o),
        bare_eps: round(b),
        ratio: round(o / b, 3),
      });
      console.log(
        `${String(c.batch).padStart(5)} ${String(c.entries).padStart(9)} ${String(round(o)).padStart(18)} ${String(round(b)).padStart(26)} ${round(
          o / b,
          3,
        )
          .toString()
          .padStart(11)}`,
      );
    }
    printJson({ bench: 'p4rt', in_flight: IN_FLIGHT, rounds: ROUNDS, results });
  } finally {
    client.close();
    bare.close();
    sw.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
