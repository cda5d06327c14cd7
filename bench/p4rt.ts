/**
 * bench:p4rt — table entries per second written into the embedded switch by our client, side by
 * side with a bare grpc-js loop sending the same WriteRequests pre-encoded, for batches of 1,
 * 100 and 1,000 updates. The switch runs in a child process (as a real switch runs apart from
 * its controller); both writers keep the same number of requests in flight.
 *
 *   npm run bench:p4rt            # BENCH_SCALE=0.2 for a quicker, smaller run
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  DEFAULT_WRITE_CONCURRENCY,
  P4RuntimeClient,
  type Update,
} from '../p4runtime/client/client';
import { TableEntry } from '../p4runtime/entities';
import { P4Schema } from '../p4runtime/schema';
import { p4, toLong, toUint128 } from '../p4runtime/proto';
import { CHANNEL_OPTIONS, P4RuntimeService } from '../p4runtime/service';
import { median, printJson, round, secondsSince } from './report';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Both writers keep the client's default number of requests in flight (BENCH_IN_FLIGHT to vary).
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? DEFAULT_WRITE_CONCURRENCY);
const CASES = [
  { batch: 1, entries: Math.round(4000 * SCALE) },
  { batch: 100, entries: Math.round(100_000 * SCALE) },
  { batch: 1000, entries: Math.round(200_000 * SCALE) },
];

/** Route i: 2001:db8:<i>::/64 (as a 64-bit prefix) to one of 16 next hops. */
function route(i: number, op: Update['type']): Update {
  const hi = (0x20010db8n << 32n) | BigInt(i);
  return {
    type: op,
    entity: new TableEntry({
      table: 'ipv6_routes',
      match: { 'hdr.ipv6.dst_addr': { value: hi << 64n, prefixLen: 64 } },
      action: {
        name: 'set_next_hop',
        params: { port: (i % 16) + 1, dmac: 0x0200_0000_0000 + (i % 16) },
      },
    }),
  };
}

async function startSwitch(): Promise<{ port: number; stop: () => void }> {
  const child = fork(join(__dirname, 'p4rt-server.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`switch exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** The bare baseline: pre-encoded WriteRequest bytes through a plain grpc-js client. */
async function bareWrite(client: grpc.Client, requests: Buffer[]): Promise<void> {
  let next = 0;
  const path = P4RuntimeService.Write.path;
  const send = (buf: Buffer) =>
    new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        buf,
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  const worker = async () => {
    while (next < requests.length) await send(requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, requests.length) }, worker));
}

function encodeRequests(schema: P4Schema, updates: Update[], batch: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < updates.length; i += batch) {
    const req: p4.v1.IWriteRequest = {
      device_id: toLong(1n),
      election_id: toUint128(1n),
      updates: updates.slice(i, i + batch).map((u) => ({
        type: p4.v1.Update.Type[u.type.toUpperCase() as 'INSERT'],
        entity: (u.entity as TableEntry).encode(schema),
      })),
    };
    out.push(Buffer.from(p4.v1.WriteRequest.encode(req).finish()));
  }
  return out;
}

async function main(): Promise<void> {
  const sw = await startSwitch();
  const address = `127.0.0.1:${sw.port}`;
  const schema = P4Schema.fromText(
    readFileSync(join(__dirname, '../../bench/fixtures/routes.p4info.txt'), 'utf8'),
  );
  const client = new P4RuntimeClient({
    address,
    deviceId: 1n,
    electionId: 1n,
    writeConcurrency: IN_FLIGHT,
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
          else await bareWrite(bare, preEncoded);
          const s = secondsSince(t0);
          (who === 'ours' ? ours : base).push(c.entries / s);
          await bareWrite(bare, deletes);
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
