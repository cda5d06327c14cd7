/**
 * P4RuntimeClient: one controller's connection to one device.
 *
 *   const client = new P4RuntimeClient({ address: '127.0.0.1:9559', deviceId: 1n, electionId: 10n });
 *   await client.connect();                        // stream open, arbitration answered
 *   await client.setPipeline({ p4info, deviceConfig, cookie: 7n });
 *   await client.write([{ type: 'insert', entity: tableEntry }]);
 *   for await (const e of client.read([{ table_entry: {} }])) console.log(e);
 */
import { createHash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { p4, toBigInt, toLong, toUint128, type Int64 } from '../proto';
import { CHANNEL_OPTIONS, P4RuntimeService } from '../service';
import { P4Schema } from '../schema';
import { P4SchemaError } from '../names';
import { P4ValueError } from '../bytes';
import { deadlineOf, linkAbort, type CallOpts } from './call';
import {
  P4RuntimeError,
  P4RuntimeWriteError,
  codeName,
  fromServiceError,
  type UpdateFailure,
} from './errors';
import { RequestPool } from './request-pool';
import { WriterPool } from './write-request';
import { StreamChannel, SwitchEvent, type ArbitrationState } from './stream';
import {
  decodePacketIn,
  encodePacketOut,
  type PacketIn,
  type PacketMetadataValues,
} from './packet';

import Action = p4.v1.SetForwardingPipelineConfigRequest.Action;
import ResponseType = p4.v1.GetForwardingPipelineConfigRequest.ResponseType;
import Atomicity = p4.v1.WriteRequest.Atomicity;

export { SwitchEvent, Action as PipelineAction, ResponseType as PipelineResponseType, Atomicity };

/**
 * WriteRequests a large write keeps in flight. A deeper window keeps the device busy while the
 * client encodes the next batches (bench:p4rt: 8 beats 4 and 2 for our client and a bare loop).
 */
export const DEFAULT_WRITE_CONCURRENCY = 8;

/** An entity that knows how to encode itself against a schema (see ../entities). */
export interface EncodableEntity {
  encode(schema: P4Schema): p4.v1.IEntity;
}

/** One update of a Write: the type is said, never implied. */
export interface Update {
  type: 'insert' | 'modify' | 'delete';
  entity: EncodableEntity | p4.v1.IEntity;
}

export interface ClientOptions {
  /** host:port of the P4Runtime server. */
  address: string;
  deviceId: bigint | number;
  /** 128-bit election id; higher wins primary. */
  electionId: bigint | number;
  /** Role name; '' is the default role with full access. */
  role?: string;
  credentials?: grpc.ChannelCredentials;
  /** Default deadline of every call, ms (default 10 s). */
  timeoutMs?: number;
  /** Updates per WriteRequest (default 1000). */
  batchSize?: number;
  /** WriteRequests in flight at once during a large write (default DEFAULT_WRITE_CONCURRENCY). */
  writeConcurrency?: number;
  /** Reopen the stream and arbitrate again when it ends (default true). */
  reconnect?: boolean;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** The schema entities and packet metadata are encoded with (set by setPipeline too). */
  schema?: P4Schema;
}

export interface PipelineConfig {
  p4info: p4.config.v1.IP4Info;
  deviceConfig?: Uint8Array;
  /** Defaults to the first 8 bytes of SHA-256 over the P4Info and device config. */
  cookie?: bigint;
}

export interface DigestList {
  digestId: number;
  listId: bigint;
  data: p4.v1.IP4Data[];
  timestamp: bigint;
}

/** A connection to one P4Runtime device, as one controller with one election id and role. */
export class P4RuntimeClient extends EventEmitter {
  private readonly grpc: grpc.Client;
  private readonly stream: StreamChannel;
  private readonly deviceId: bigint;
  private electionId: bigint;
  private readonly role: string;
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly writeConcurrency: number;
  /** WriteRequest writers, reused: a batch is encoded without a pause, start to finish. */
  private readonly writers = new WriterPool();
  /** Memory for the WriteRequests in flight, reused once their calls succeed. */
  private readonly requests: RequestPool;
  schema: P4Schema | undefined;

  constructor(opts: ClientOptions) {
    super();
    this.deviceId = BigInt(opts.deviceId);
    this.electionId = BigInt(opts.electionId);
    this.role = opts.role ?? '';
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.batchSize = opts.batchSize ?? 1000;
    this.writeConcurrency = opts.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY;
    this.requests = new RequestPool(this.writeConcurrency + 1);
    this.schema = opts.schema;
    if (this.batchSize < 1) throw new RangeError(`batchSize must be >= 1, got ${this.batchSize}`);
    this.grpc = new grpc.Client(
      opts.address,
      opts.credentials ?? grpc.credentials.createInsecure(),
      CHANNEL_OPTIONS,
    );
    this.stream = new StreamChannel(this.grpc, {
      deviceId: this.deviceId,
      electionId: this.electionId,
      role: this.role,
      reconnect: opts.reconnect ?? true,
      backoffInitialMs: opts.backoffInitialMs ?? 100,
      backoffMaxMs: opts.backoffMaxMs ?? 5_000,
    });
    for (const ev of Object.values(SwitchEvent)) {
      if (ev === SwitchEvent.PACKET_IN || ev === SwitchEvent.DIGEST_LIST) continue;
      this.stream.on(ev, (arg) => this.emit(ev, arg));
    }
    this.stream.on(SwitchEvent.PACKET_IN, (p: p4.v1.PacketIn) => this.onPacketIn(p));
    this.stream.on(SwitchEvent.DIGEST_LIST, (d: p4.v1.DigestList) =>
      this.emit(SwitchEvent.DIGEST_LIST, {
        digestId: d.digest_id,
        listId: toBigInt(d.list_id as Int64),
        data: d.data,
        timestamp: toBigInt(d.timestamp as Int64),
      } satisfies DigestList),
    );
  }

  /** True while the stream is open and the server's last word was that we are primary. */
  get isPrimary(): boolean {
    return this.stream.isPrimary;
  }

  get arbitration(): ArbitrationState | undefined {
    return this.stream.arbitration;
  }

  /** Open the stream and wait for the first arbitration answer (primary or backup). */
  async connect(opts?: CallOpts): Promise<ArbitrationState> {
    const ac = new AbortController();
    const timer = setTimeout(
      () => ac.abort(),
      typeof opts?.timeout === 'number' ? opts.timeout : this.timeoutMs,
    );
    const signals = opts?.signal ? AbortSignal.any([ac.signal, opts.signal]) : ac.signal;
    try {
      const waiting = once(this.stream, SwitchEvent.ARBITRATION, { signal: signals });
      const down = once(this.stream, SwitchEvent.CHANNEL_DOWN, { signal: signals }).then(
        ([err]) => {
          throw err ?? new Error('stream closed before arbitration');
        },
      );
      this.stream.open();
      if (this.stream.arbitration) return this.stream.arbitration;
      const [state] = (await Promise.race([waiting, down])) as [ArbitrationState];
      return state;
    } catch (e) {
      if (ac.signal.aborted)
        throw new P4RuntimeError(
          'StreamChannel',
          grpc.status.DEADLINE_EXCEEDED,
          'no arbitration answer before the deadline',
        );
      throw e;
    } finally {
      ac.abort();
      clearTimeout(timer);
    }
  }

  /** Wait until this client is primary. */
  async waitPrimary(opts?: CallOpts): Promise<void> {
    if (this.isPrimary) return;
    const ms = typeof opts?.timeout === 'number' ? opts.timeout : this.timeoutMs;
    const signal = opts?.signal
      ? AbortSignal.any([AbortSignal.timeout(ms), opts.signal])
      : AbortSignal.timeout(ms);
    await once(this.stream, SwitchEvent.BECAME_PRIMARY, { signal });
  }

  /** Arbitrate again with another election id. */
  setElectionId(electionId: bigint): void {
    this.electionId = electionId;
    this.stream.setElectionId(electionId);
  }

  /** Close the stream and the channel. */
  close(): void {
    this.stream.close();
    this.grpc.close();
  }

  /** The server's P4Runtime API version. */
  async capabilities(opts?: CallOpts): Promise<string> {
    const res = await this.unary<p4.v1.ICapabilitiesRequest, p4.v1.CapabilitiesResponse>(
      'Capabilities',
      {},
      opts,
    );
    return res.p4runtime_api_version;
  }

  /**
   * Push a pipeline unless the device already runs one with the same cookie.
   * Returns whether it was pushed.
   */
  async setPipeline(
    config: PipelineConfig,
    opts?: CallOpts & { action?: Action; force?: boolean },
  ): Promise<{ pushed: boolean; cookie: bigint }> {
    const deviceConfig = config.deviceConfig ?? new Uint8Array();
    const info = p4.config.v1.P4Info.encode(config.p4info).finish();
    const cookie = config.cookie ?? pipelineCookie(info, deviceConfig);
    if (!opts?.force) {
      const current = await this.currentCookie(opts);
      if (current !== undefined && current === cookie) {
        this.schema = new P4Schema(p4.config.v1.P4Info.decode(info));
        return { pushed: false, cookie };
      }
    }
    await this.unary(
      'SetForwardingPipelineConfig',
      {
        device_id: toLong(this.deviceId),
        // The default role is sent as no role at all, as targets built before roles expect.
        ...(this.role ? { role: this.role } : {}),
        election_id: toUint128(this.electionId),
        action: opts?.action ?? Action.VERIFY_AND_COMMIT,
        config: {
          p4info: config.p4info,
          p4_device_config: deviceConfig,
          cookie: { cookie: toLong(cookie) },
        },
      } satisfies p4.v1.ISetForwardingPipelineConfigRequest,
      opts,
    );
    this.schema = new P4Schema(p4.config.v1.P4Info.decode(info));
    return { pushed: true, cookie };
  }

  /**
   * The cookie of the device's pipeline, or undefined when it has none. Targets differ in how
   * they answer before any pipeline is set (an empty config, FAILED_PRECONDITION or NOT_FOUND):
   * all mean "push".
   */
  private async currentCookie(opts?: CallOpts): Promise<bigint | undefined> {
    try {
      return (await this.getPipeline(ResponseType.COOKIE_ONLY, opts)).cookie;
    } catch (e) {
      const none = [grpc.status.FAILED_PRECONDITION, grpc.status.NOT_FOUND];
      if (e instanceof P4RuntimeError && none.includes(e.code)) return undefined;
      throw e;
    }
  }

  /** The device's pipeline; `cookie` is undefined when none is set. */
  async getPipeline(
    responseType: ResponseType = ResponseType.ALL,
    opts?: CallOpts,
  ): Promise<{ cookie?: bigint; p4info?: p4.config.v1.IP4Info; deviceConfig?: Uint8Array }> {
    const res = await this.unary<
      p4.v1.IGetForwardingPipelineConfigRequest,
      p4.v1.GetForwardingPipelineConfigResponse
    >(
      'GetForwardingPipelineConfig',
      { device_id: toLong(this.deviceId), response_type: responseType },
      opts,
    );
    const c = res.config;
    return {
      cookie: c?.cookie ? toBigInt(c.cookie.cookie as Int64) : undefined,
      p4info: c?.p4info ?? undefined,
      deviceConfig: c?.p4_device_config?.length ? c.p4_device_config : undefined,
    };
  }

  /**
   * Write updates in batches of `batchSize`, several batches in flight. Each batch is encoded
   * just before it is sent, so encoding overlaps the device's work on earlier batches.
   *
   * Throws a P4RuntimeWriteError listing every refused update by its index in `updates`. An
   * update that cannot be encoded (unknown name, value too wide) is refused the same way, with
   * INVALID_ARGUMENT: with CONTINUE_ON_ERROR the rest of its batch is still sent; with an atomic
   * mode its whole batch is withheld (its other updates are reported as ABORTED).
   */
  async write(
    updates: readonly Update[],
    opts?: CallOpts & { atomicity?: Atomicity; batchSize?: number },
  ): Promise<void> {
    const size = opts?.batchSize ?? this.batchSize;
    if (!(size >= 1)) throw new RangeError(`batchSize must be >= 1, got ${size}`);
    const atomicity = opts?.atomicity ?? Atomicity.CONTINUE_ON_ERROR;
    const atomic = atomicity !== Atomicity.CONTINUE_ON_ERROR;
    const failures: UpdateFailure[] = [];
    let other: P4RuntimeError | undefined;
    let next = 0;
    const worker = async () => {
      while (next < updates.length) {
        const offset = next;
        next += size;
        const end = Math.min(offset + size, updates.length);
        const batch = this.encodeBatch(updates, offset, end, atomicity);
        failures.push(...batch.failures);
        if (batch.indexes.length === 0 || (atomic && batch.failures.length > 0)) {
          if (atomic) failures.push(...abortedOthers(batch.indexes));
          this.requests.give(batch.request); // never sent
          continue;
        }
        try {
          await this.unary('Write', batch.request, opts, rawBytes);
          this.requests.give(batch.request); // sent and answered: nothing reads it any more
        } catch (e) {
          if (e instanceof P4RuntimeWriteError) {
            // The server numbers the updates it received; map them back to the caller's indexes.
            failures.push(...e.failures.map((f) => ({ ...f, index: batch.indexes[f.index] })));
          } else if (e instanceof P4RuntimeError) other ??= e;
          else throw e;
        }
      }
    };
    const workers = Math.min(this.writeConcurrency, Math.ceil(updates.length / size));
    await Promise.all(Array.from({ length: workers }, worker));
    if (other) throw other;
    if (failures.length) {
      failures.sort((a, b) => a.index - b.index);
      throw new P4RuntimeWriteError(grpc.status.UNKNOWN, 'one or more updates failed', failures);
    }
  }

  /**
   * The WriteRequest of updates [from, to); an update that fails to encode becomes a failure,
   * not a throw. `indexes` maps the request's updates back to positions in `updates`.
   */
  private encodeBatch(updates: readonly Update[], from: number, to: number, atomicity: number) {
    return this.writers.use((req) => {
      req.begin(this.deviceId, this.electionId, this.role, atomicity);
      const indexes: number[] = [];
      const failures: UpdateFailure[] = [];
      const schema = this.schema;
      for (let i = from; i < to; i++) {
        // Table entries of the common shape go straight to the wire; the rest, and every
        // update that shape's checks refuse, are encoded (and their errors worded) here.
        if (req.addEntry(updates[i], schema)) {
          indexes.push(i);
          continue;
        }
        try {
          req.add(this.encodeUpdate(updates[i]));
          indexes.push(i);
        } catch (e) {
          if (!(e instanceof P4SchemaError || e instanceof P4ValueError || e instanceof TypeError))
            throw e;
          failures.push(clientFailure(i, grpc.status.INVALID_ARGUMENT, e.message));
        }
      }
      return { request: req.finish(this.requests), indexes, failures };
    });
  }

  /** One WriteRequest with already encoded updates; failures are numbered from 0. */
  async writeRaw(
    updates: p4.v1.IUpdate[],
    opts?: CallOpts & { atomicity?: Atomicity },
  ): Promise<void> {
    const atomicity = opts?.atomicity ?? Atomicity.CONTINUE_ON_ERROR;
    const request = this.writers.use((req) => {
      req.begin(this.deviceId, this.electionId, this.role, atomicity);
      for (const u of updates) req.add(u);
      return req.finish();
    });
    await this.unary('Write', request, opts, rawBytes);
  }

  /** Read entities (wildcards allowed), yielding each one as the server streams it. */
  async *read(
    entities: readonly (EncodableEntity | p4.v1.IEntity)[],
    opts?: CallOpts,
  ): AsyncGenerator<p4.v1.IEntity> {
    const m = P4RuntimeService.Read;
    const req: p4.v1.IReadRequest = {
      device_id: toLong(this.deviceId),
      ...(this.role ? { role: this.role } : {}),
      entities: entities.map((e) => this.encodeEntity(e)),
    };
    const call = this.grpc.makeServerStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      req,
      deadlineOf(opts, this.timeoutMs),
    );
    const unlink = linkAbort(call, opts?.signal);
    try {
      for await (const res of call as AsyncIterable<p4.v1.ReadResponse>) {
        yield* res.entities;
      }
    } catch (e) {
      const err = e as grpc.ServiceError;
      throw typeof err.code === 'number' ? fromServiceError('Read', err) : e;
    } finally {
      unlink();
      call.cancel();
    }
  }

  /** Send a packet to the data plane, with `packet_out` metadata by name. */
  sendPacket(payload: Uint8Array, metadata: PacketMetadataValues = {}): void {
    this.stream.send({ packet: encodePacketOut(this.requireSchema(), payload, metadata) });
  }

  /** Acknowledge a digest list so the device sends the next one for the same data. */
  ackDigest(list: Pick<DigestList, 'digestId' | 'listId'>): void {
    this.stream.send({ digest_ack: { digest_id: list.digestId, list_id: toLong(list.listId) } });
  }

  private onPacketIn(p: p4.v1.PacketIn): void {
    const decoded: PacketIn = this.schema
      ? decodePacketIn(this.schema, p)
      : { payload: p.payload, metadata: {}, raw: p };
    this.emit(SwitchEvent.PACKET_IN, decoded);
  }

  private requireSchema(): P4Schema {
    if (!this.schema) throw new Error('no P4Info known: call setPipeline or pass a schema');
    return this.schema;
  }

  private encodeEntity(e: EncodableEntity | p4.v1.IEntity): p4.v1.IEntity {
    return 'encode' in e && typeof e.encode === 'function'
      ? e.encode(this.requireSchema())
      : (e as p4.v1.IEntity);
  }

  private encodeUpdate(u: Update): p4.v1.IUpdate {
    const type = UPDATE_TYPES[u.type];
    if (!type)
      throw new TypeError(`update type must be insert, modify or delete, got '${String(u.type)}'`);
    return { type, entity: this.encodeEntity(u.entity) };
  }

  private unary<Req, Res>(
    name: keyof typeof P4RuntimeService,
    req: Req,
    opts?: CallOpts,
    serialize?: (r: Req) => Buffer,
  ): Promise<Res> {
    const m = P4RuntimeService[name] as unknown as {
      path: string;
      requestSerialize: (r: Req) => Buffer;
      responseDeserialize: (b: Buffer) => Res;
    };
    return new Promise<Res>((resolve, reject) => {
      const call = this.grpc.makeUnaryRequest(
        m.path,
        serialize ?? m.requestSerialize,
        m.responseDeserialize,
        req,
        deadlineOf(opts, this.timeoutMs),
        (err, res) => {
          unlink();
          if (err) reject(fromServiceError(name, err));
          else resolve(res as Res);
        },
      );
      const unlink = linkAbort(call, opts?.signal);
    });
  }
}

/** Identity serializer for requests that are already bytes. */
const rawBytes = (b: Buffer): Buffer => b;

/** A failure found before sending (the update never reached the device). */
function clientFailure(index: number, code: number, message: string): UpdateFailure {
  return { index, code, codeName: codeName(code), message, space: 'ssa-fabric-client' };
}

/** The updates of a withheld atomic batch that were themselves fine. */
function abortedOthers(indexes: number[]): UpdateFailure[] {
  return indexes.map((i) =>
    clientFailure(
      i,
      grpc.status.ABORTED,
      'not sent: another update of its atomic batch is invalid',
    ),
  );
}

const UPDATE_TYPES = {
  insert: p4.v1.Update.Type.INSERT,
  modify: p4.v1.Update.Type.MODIFY,
  delete: p4.v1.Update.Type.DELETE,
} as const;

/** The default pipeline cookie: first 8 bytes of SHA-256(P4Info bytes ‖ device config). */
export function pipelineCookie(p4info: Uint8Array, deviceConfig: Uint8Array): bigint {
  const h = createHash('sha256').update(p4info).update(deviceConfig).digest();
  return h.readBigUInt64BE(0);
}
