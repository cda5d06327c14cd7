/**
 * What bench:p4rt and bench/p4rt-cpu share: the table entries written, the switch child process,
 * the bare grpc-js writer and the pre-encoded requests it sends.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Update } from '../p4runtime/entities';
import { TableEntry } from '../p4runtime/entities';
import { P4Schema } from '../p4runtime/schema';
import { p4, toLong, toUint128 } from '../p4runtime/proto';
import { P4RuntimeService } from '../p4runtime/service';
import { sourcePath } from '../softswitch/pipeline/source-path';

/** The P4Info of the routes written (bench/fixtures/routes.p4info.txt). */
export function routesSchema(): P4Schema {
  return P4Schema.fromFile(sourcePath('bench', 'fixtures', 'routes.p4info.txt'));
}

/** Route i: 2001:db8:<i>::/64 (as a 64-bit prefix) to one of 16 next hops. */
export function route(i: number, op: Update['type']): Update {
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

/** The embedded switch in a child process (p4rt-server.js), listening on a loopback port. */
export async function startSwitch(): Promise<{ port: number; stop: () => void }> {
  const child = fork(join(__dirname, 'p4rt-server.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`switch exited with ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** The deadline every call carries (our client always sends one: style rule 4). */
export const DEADLINE_MS = 10_000;

/**
 * The bare baseline: pre-encoded WriteRequest bytes through a plain grpc-js client. Each call
 * carries the same deadline ours does, so both put the same request on the wire (the
 * grpc-timeout header included) and the switch does the same work for both.
 */
export async function bareWrite(
  client: grpc.Client,
  requests: Buffer[],
  inFlight: number,
  /** Take a Write with refused updates (UNKNOWN, details in its trailer) as answered. */
  refusalsOk = false,
): Promise<void> {
  let next = 0;
  const path = P4RuntimeService.Write.path;
  const send = (buf: Buffer) =>
    new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        buf,
        { deadline: Date.now() + DEADLINE_MS },
        (err) =>
          err && !(refusalsOk && err.code === grpc.status.UNKNOWN) ? reject(err) : resolve(),
      ),
    );
  const worker = async () => {
    while (next < requests.length) await send(requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, requests.length) }, worker));
}

/** WriteRequests of `batch` updates each, encoded ahead of time by protobufjs. */
export function encodeRequests(schema: P4Schema, updates: Update[], batch: number): Buffer[] {
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
