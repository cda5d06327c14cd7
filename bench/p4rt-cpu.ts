/**
 * bench:p4rt's client side alone: CPU microseconds our client spends per written table entry
 * (process.cpuUsage, user + system, so other processes on the machine barely matter), for the
 * same entries as bench:p4rt. `write` sends them into the switch child process; `encode` only
 * encodes the batches (no gRPC), to see what encoding costs apart from the transport; `bare`
 * is bench:p4rt's bare grpc-js loop sending the same entries pre-encoded.
 *
 *   npm run build && node dist/bench/p4rt-cpu.js [write|encode|bare]   # BENCH_ROUNDS=9: more
 *   BENCH_PROFILE=/tmp/prof node dist/bench/p4rt-cpu.js encode   # profiles of encoding only
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import {
  PerformanceObserver,
  constants,
  performance,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  DEFAULT_WRITE_CONCURRENCY as IN_FLIGHT,
  P4RuntimeClient,
} from '../p4runtime/client/client';
import type { Update } from '../p4runtime/entities';
import { CHANNEL_OPTIONS } from '../p4runtime/service';
import { median, printJson, round } from './report';
import { bareWrite, encodeRequests, route, startSwitch, routesSchema } from './p4rt-setup';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CASES = [
  { batch: 100, entries: 100_000 },
  { batch: 1000, entries: 200_000 },
];

/** With BENCH_PROFILE=dir, one CPU profile per measured section (setup left out), in dir. */
const PROFILE = process.env.BENCH_PROFILE;
const session = PROFILE ? new Session() : undefined;
let profiles = 0;

function post(method: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session!.post(method, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** What one measured round cost: CPU and GC pause microseconds, full (mark-compact) GCs. */
interface Round {
  cpu: number;
  gc: number;
  major: number;
}

/** Garbage collections seen (main-thread pause of each), to tell GC apart from the rest. */
const pauses: PerformanceEntry[] = [];
new PerformanceObserver((list) => pauses.push(...list.getEntries())).observe({
  entryTypes: ['gc'],
});

/** CPU microseconds (user + system) spent by `fn`, and GC pause microseconds among them. */
async function cpuMicros(fn: () => Promise<void> | void): Promise<Round> {
  if (session) await post('Profiler.start');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  const t1 = performance.now();
  if (session) {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(join(PROFILE!, `section-${++profiles}.cpuprofile`), JSON.stringify(profile));
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // GC entries arrive a little later
  let gc = 0;
  let major = 0;
  for (const p of pauses) {
    if (p.startTime < t0 || p.startTime >= t1) continue;
    gc += p.duration * 1000;
    const kind = (p as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      major++;
    }
  }
  pauses.length = 0;
  return { cpu: c.user + c.system, gc, major };
}

/** The batches of `updates` as the client encodes them in write(), without sending them. */
function encodeOnly(client: P4RuntimeClient, updates: readonly Update[], batch: number): void {
  // The client's private parts write() uses: its batch encoder and its request memory.
  const c = client as unknown as {
    encodeBatch(
      u: readonly Update[],
      from: number,
      to: number,
      atomicity: number,
    ): {
      request: Buffer;
    };
    requests?: { give(b: Buffer): void };
  };
  for (let i = 0; i < updates.length; i += batch) {
    const { request } = c.encodeBatch(updates, i, Math.min(i + batch, updates.length), 0);
    c.requests?.give(request); // as write() does once the request is answered
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'write';
  if (session) {
    mkdirSync(PROFILE!, { recursive: true });
    session.connect();
    await post('Profiler.enable');
  }
  const schema = routesSchema();
  const sw = mode === 'encode' ? undefined : await startSwitch();
  const address = `127.0.0.1:${sw?.port ?? 1}`;
  const bare = new grpc.Client(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  const client = new P4RuntimeClient({
    address,
    deviceId: 1n,
    electionId: 1n,
    schema,
  });
  try {
    if (sw) {
      await client.connect();
      await client.setPipeline({ p4info: schema.p4info });
    }
    const results: Record<string, unknown>[] = [];
    for (const c of CASES) {
      const inserts = Array.from({ length: c.entries }, (_, i) => route(i, 'insert'));
      const deletes = sw
        ? encodeRequests(
            schema,
            Array.from({ length: c.entries }, (_, i) => route(i, 'delete')),
            1000,
          )
        : [];
      const preEncoded = mode === 'bare' ? encodeRequests(schema, inserts, c.batch) : [];
      const rounds: Round[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        if (mode === 'bare') {
          rounds.push(await cpuMicros(() => bareWrite(bare, preEncoded, IN_FLIGHT)));
          await bareWrite(bare, deletes, IN_FLIGHT);
        } else if (sw) {
          rounds.push(await cpuMicros(() => client.write(inserts, { batchSize: c.batch })));
          await bareWrite(bare, deletes, IN_FLIGHT); // clear the table for the next round
        } else {
          rounds.push(await cpuMicros(() => encodeOnly(client, inserts, c.batch)));
        }
      }
      const cpu = rounds.map((m) => m.cpu / c.entries);
      const gc = rounds.map((m) => m.gc / c.entries);
      results.push({
        batch: c.batch,
        us_per_entry: round(median(cpu), 3),
        min: round(Math.min(...cpu), 3),
        max: round(Math.max(...cpu), 3),
        gc_us_per_entry: round(median(gc), 3),
      });
      const list = (v: number[]) => v.map((x) => round(x, 3)).join(' ');
      console.log(
        `${mode} batch ${c.batch}: ${list(cpu)} µs/entry (median ${round(median(cpu), 3)}); ` +
          `GC pauses ${list(gc)} µs/entry; full GCs ${rounds.map((m) => m.major).join(' ')}`,
      );
    }
    printJson({ bench: 'p4rt-cpu', mode, rounds: ROUNDS, results });
  } finally {
    client.close();
    bare.close();
    sw?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
