/**
 * P4RuntimeClient: one controller's connection to one device, the facade over the parts in this
 * folder (connection.ts, pipeline.ts, write.ts, read.ts, packet-io.ts).
 *
 *   const client = new P4RuntimeClient({ address: '127.0.0.1:9559', deviceId: 1n, electionId: 10n });
 *   await client.connect();                        // stream open, arbitration answered
 *   await client.setPipeline({ p4info, deviceConfig, cookie: 7n });
 *   await client.write([{ type: 'insert', entity: tableEntry }]);
 *   for await (const e of client.read([{ table_entry: {} }])) console.log(e);
 */
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import type { p4 } from '../proto';
import type { P4Schema } from '../schema';
import type { EncodableEntity, Update } from '../entities/update';
import type { CallOpts } from './call';
import { connect, waitPrimary } from './connection';
import { ClientLink } from './link';
import {
  DEFAULT_STREAM_QUEUE_LIMIT,
  DEFAULT_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
  channelOptionsOf,
  roleOf,
  type ClientOptions,
} from './options';
import type { PacketIn, PacketMetadataValues } from './packet';
import * as io from './packet-io';
import type { DigestList, QueueOpts } from './packet-io';
import {
  PipelineAction,
  PipelineResponseType,
  getPipeline,
  setPipeline,
  type CurrentPipeline,
  type PipelineConfig,
} from './pipeline';
import type { BoundedQueue } from './queue';
import { read } from './read';
import { StreamChannel, SwitchEvent, type ArbitrationState } from './stream';
import { Atomicity, WritePath, type WriteOpts } from './write';

export { SwitchEvent, PipelineAction, PipelineResponseType, Atomicity };
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
  type ClientOptions,
  type PipelineConfig,
  type DigestList,
};
export { pipelineCookie } from './pipeline';
/** @deprecated import these from '../entities' (kept here for one release). */
export type { EncodableEntity, Update };

/** A connection to one P4Runtime device, as one controller with one election id and role. */
export class P4RuntimeClient extends EventEmitter {
  private readonly link: ClientLink;
  private readonly stream: StreamChannel;
  private readonly writes: WritePath;

  constructor(opts: ClientOptions) {
    super();
    const role = roleOf(opts);
    const channel = new grpc.Client(
      opts.address,
      opts.credentials ?? grpc.credentials.createInsecure(),
      channelOptionsOf(opts),
    );
    this.link = new ClientLink(
      channel,
      BigInt(opts.deviceId),
      BigInt(opts.electionId),
      role.name,
      opts.timeoutMs ?? 10_000,
      opts.schema,
    );
    this.writes = new WritePath(
      this.link,
      opts.batchSize ?? DEFAULT_BATCH_SIZE,
      opts.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY,
    );
    this.stream = new StreamChannel(channel, {
      deviceId: this.link.deviceId,
      electionId: this.link.electionId,
      role: role.name,
      roleConfig: role.config,
      reconnect: opts.reconnect ?? true,
      backoffInitialMs: opts.backoffInitialMs ?? 100,
      backoffMaxMs: opts.backoffMaxMs ?? 5_000,
      queueLimit: opts.streamQueueLimit ?? DEFAULT_STREAM_QUEUE_LIMIT,
    });
    for (const ev of Object.values(SwitchEvent)) {
      if (ev === SwitchEvent.PACKET_IN || ev === SwitchEvent.DIGEST_LIST) continue;
      this.stream.on(ev, (arg) => this.emit(ev, arg));
    }
    io.relayPushes(this.link, this.stream, this);
  }

  /** The schema entities and packet metadata are encoded with (set by setPipeline). */
  get schema(): P4Schema | undefined {
    return this.link.schema;
  }
  set schema(schema: P4Schema | undefined) {
    this.link.schema = schema;
  }

  /** True while the stream is open and the server's last word was that we are primary. */
  get isPrimary(): boolean {
    return this.stream.isPrimary;
  }

  get arbitration(): ArbitrationState | undefined {
    return this.stream.arbitration;
  }

  /**
   * Open the stream and wait for the first arbitration answer (primary or backup). With
   * reconnect on, a stream that ends first is reopened with backoff until the deadline or the
   * signal; with it off, the first CHANNEL_DOWN rejects.
   */
  connect(opts?: CallOpts): Promise<ArbitrationState> {
    return connect(this.stream, this.link.timeoutMs, opts);
  }

  /** Wait until this client is primary. */
  waitPrimary(opts?: CallOpts): Promise<void> {
    return waitPrimary(this.stream, this.link.timeoutMs, opts);
  }

  /** Arbitrate again with another election id. */
  setElectionId(electionId: bigint): void {
    this.link.electionId = electionId;
    this.stream.setElectionId(electionId);
  }

  /** Close the stream and the channel. */
  close(): void {
    this.closing.abort(); // ends the bounded queues, so their readers leave their loops
    this.stream.close();
    this.link.grpc.close();
  }

  /** Aborted by close(): every queue handed out ends with the client. */
  private readonly closing = new AbortController();

  /** A queue's options with the client's end added to the caller's signal. */
  private untilClosed(opts: QueueOpts = {}): QueueOpts {
    const signal = opts.signal
      ? AbortSignal.any([opts.signal, this.closing.signal])
      : this.closing.signal;
    return { ...opts, signal };
  }

  /** The server's P4Runtime API version. */
  async capabilities(opts?: CallOpts): Promise<string> {
    const res = await this.link.unary<p4.v1.ICapabilitiesRequest, p4.v1.CapabilitiesResponse>(
      'Capabilities',
      {},
      opts,
    );
    return res.p4runtime_api_version;
  }

  /** Push a pipeline unless the device already runs one with the same cookie (pipeline.ts). */
  setPipeline(
    config: PipelineConfig,
    opts?: CallOpts & { action?: PipelineAction; force?: boolean },
  ): Promise<{ pushed: boolean; cookie: bigint }> {
    return setPipeline(this.link, config, opts);
  }

  /** The device's pipeline; `cookie` is undefined when none is set. */
  getPipeline(
    responseType: PipelineResponseType = PipelineResponseType.ALL,
    opts?: CallOpts,
  ): Promise<CurrentPipeline> {
    return getPipeline(this.link, responseType, opts);
  }

  /**
   * Write updates, cut into phases where one may depend on an earlier one (a change of update
   * type or entity kind); each phase in batches with several in flight, a barrier between
   * phases. Refusals: P4RuntimeWriteError (later phases not sent); any other error stops the
   * write: P4RuntimeWriteAbortedError. See write.ts and docs/p4runtime.md.
   */
  write(updates: readonly Update[], opts?: WriteOpts): Promise<void> {
    return this.writes.write(updates, opts);
  }

  /** Write phases in the caller's order, each whole before the next (e.g. from a reconciler). */
  writePhases(phases: readonly (readonly Update[])[], opts?: WriteOpts): Promise<void> {
    return this.writes.writePhases(phases, opts);
  }

  /** One WriteRequest with already encoded updates; failures are numbered from 0. */
  writeRaw(updates: p4.v1.IUpdate[], opts?: CallOpts & { atomicity?: Atomicity }): Promise<void> {
    return this.writes.writeRaw(updates, opts);
  }

  /** Read entities (wildcards allowed), yielding each one as the server streams it. */
  read(
    entities: readonly (EncodableEntity | p4.v1.IEntity)[],
    opts?: CallOpts,
  ): AsyncGenerator<p4.v1.IEntity> {
    return read(this.link, entities, opts);
  }

  /**
   * Send a packet to the data plane, with `packet_out` metadata by name. Returns false when it
   * waits in the stream's send buffer (await drained() before sending many more); throws
   * P4RuntimeStreamFullError when the buffer already holds `streamQueueLimit` messages.
   */
  sendPacket(payload: Uint8Array, metadata: PacketMetadataValues = {}): boolean {
    return io.sendPacket(this.link, this.stream, payload, metadata);
  }

  /** Acknowledge a digest list so the device sends the next one for the same data. */
  ackDigest(list: Pick<DigestList, 'digestId' | 'listId'>): boolean {
    return io.ackDigest(this.stream, list);
  }

  /** Resolves once the stream's send buffer has drained. */
  drained(opts?: CallOpts): Promise<void> {
    return io.drained(this.stream, this.link.timeoutMs, opts);
  }

  /** PacketIns as a bounded async iterator; a full queue drops new packets (`dropped`). */
  packets(opts?: QueueOpts): BoundedQueue<PacketIn> {
    return io.subscribe<PacketIn>(this, SwitchEvent.PACKET_IN, this.untilClosed(opts));
  }

  /** Digest lists as a bounded async iterator (ack them with ackDigest). */
  digests(opts?: QueueOpts): BoundedQueue<DigestList> {
    return io.subscribe<DigestList>(this, SwitchEvent.DIGEST_LIST, this.untilClosed(opts));
  }

  /** Idle-timeout notifications as a bounded async iterator. */
  idleTimeouts(opts?: QueueOpts): BoundedQueue<p4.v1.IdleTimeoutNotification> {
    return io.subscribe<p4.v1.IdleTimeoutNotification>(
      this,
      SwitchEvent.IDLE_TIMEOUT,
      this.untilClosed(opts),
    );
  }
}
