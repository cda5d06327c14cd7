/**
 * What the device pushes on the stream (PacketIn, digest lists, idle-timeout notifications) as
 * client events and as bounded async iterators, and what the client sends (PacketOut, digest
 * acks) with the stream's backpressure.
 *
 *   const packets = client.packets({ queueSize: 1000 });
 *   for await (const p of packets) handle(p);    // packets.dropped: lost to a full queue
 */
import { once, type EventEmitter } from 'node:events';
import { p4, toBigInt, toLong, type Int64 } from '../proto';
import type { CallOpts } from './call';
import type { ClientLink } from './link';
import {
  decodePacketIn,
  encodePacketOut,
  type PacketIn,
  type PacketMetadataValues,
} from './packet';
import { BoundedQueue } from './queue';
import { SwitchEvent, type StreamChannel } from './stream';

/** A digest list as the client hands it out. */
export interface DigestList {
  digestId: number;
  listId: bigint;
  data: p4.v1.IP4Data[];
  timestamp: bigint;
}

/** Options of a subscription: the queue bound, and a signal that ends it. */
export interface QueueOpts {
  /** Items held for a slow reader before new ones are dropped (default 1000). */
  queueSize?: number;
  signal?: AbortSignal;
}

/** Items waiting when no queueSize is given. */
export const DEFAULT_QUEUE_SIZE = 1000;

/** Forward the stream's pushes to `client` as decoded events. */
export function relayPushes(link: ClientLink, stream: StreamChannel, client: EventEmitter): void {
  stream.on(SwitchEvent.PACKET_IN, (p: p4.v1.PacketIn) => {
    const decoded: PacketIn = link.schema
      ? decodePacketIn(link.schema, p)
      : { payload: p.payload, metadata: {}, raw: p };
    client.emit(SwitchEvent.PACKET_IN, decoded);
  });
  stream.on(SwitchEvent.DIGEST_LIST, (d: p4.v1.DigestList) =>
    client.emit(SwitchEvent.DIGEST_LIST, {
      digestId: d.digest_id,
      listId: toBigInt(d.list_id as Int64),
      data: d.data,
      timestamp: toBigInt(d.timestamp as Int64),
    } satisfies DigestList),
  );
}

/** A bounded queue fed by `event` of `emitter` until it ends (reader leaves, signal, end()). */
export function subscribe<T>(
  emitter: EventEmitter,
  event: SwitchEvent,
  opts: QueueOpts = {},
): BoundedQueue<T> {
  const push = (v: T) => queue.push(v);
  const onAbort = () => queue.end();
  const queue: BoundedQueue<T> = new BoundedQueue<T>(opts.queueSize ?? DEFAULT_QUEUE_SIZE, () => {
    emitter.off(event, push);
    opts.signal?.removeEventListener('abort', onAbort);
  });
  emitter.on(event, push);
  if (opts.signal?.aborted) queue.end();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  return queue;
}

/** Send a PacketOut; false means it waits in the send buffer (see StreamChannel.send). */
export function sendPacket(
  link: ClientLink,
  stream: StreamChannel,
  payload: Uint8Array,
  metadata: PacketMetadataValues,
): boolean {
  return stream.send({ packet: encodePacketOut(link.requireSchema(), payload, metadata) });
}

/** Acknowledge a digest list so the device sends the next one for the same data. */
export function ackDigest(
  stream: StreamChannel,
  list: Pick<DigestList, 'digestId' | 'listId'>,
): boolean {
  return stream.send({ digest_ack: { digest_id: list.digestId, list_id: toLong(list.listId) } });
}

/** Resolves once the stream's send buffer has drained (at once if it is not congested). */
export async function drained(
  stream: StreamChannel,
  timeoutMs: number,
  opts?: CallOpts,
): Promise<void> {
  if (!stream.congested) return;
  const t = opts?.timeout ?? timeoutMs;
  const ms = t instanceof Date ? t.getTime() - Date.now() : t;
  const timer = AbortSignal.timeout(Math.max(0, ms));
  const signal = opts?.signal ? AbortSignal.any([timer, opts.signal]) : timer;
  await once(stream, SwitchEvent.DRAIN, { signal });
}
