/**
 * What a P4RuntimeClient is configured with: the device and election, the role, the gRPC
 * channel (our defaults with the caller's options over them) and the write and stream limits.
 */
import * as grpc from '@grpc/grpc-js';
import type { google } from '../proto';
import { CHANNEL_OPTIONS } from '../service';
import type { P4Schema } from '../schema';

/**
 * WriteRequests a large write keeps in flight within one phase. A deeper window keeps the device
 * busy while the client encodes the next batches (bench:p4rt: 8 beats 4 and 2).
 */
export const DEFAULT_WRITE_CONCURRENCY = 8;

/**
 * Updates per WriteRequest. The limit is the answer, not the request: when updates are refused,
 * their errors come back in one gRPC trailer, and a Node client cannot receive a header field
 * over 64 KiB as HPACK encodes it. A server that sends the status as one value (PI, so bmv2's
 * simple_switch_grpc) sends about 120 bytes per refusal ("Match entry exists, use MODIFY if you
 * wish to change action", its error space, the Any around it): measured on bmv2, 500 refusals
 * in one request come back and 600 do not (the call then hangs to its deadline and every update
 * in it is of unknown outcome). 250 keeps a whole request of refusals under 48,000 bytes, which
 * fits one field even without Huffman coding, for messages of up to about 130 characters.
 * The embedded switch cuts its status into several values and takes about 2,000 refusals per
 * request; bench:p4rt shows what larger batches gain on it (docs/p4runtime.md, "Large error lists").
 */
export const DEFAULT_BATCH_SIZE = 250;

/** Messages the stream channel may hold unsent before send() refuses more (see StreamChannel). */
export const DEFAULT_STREAM_QUEUE_LIMIT = 1024;

/** A P4Runtime Role (§5.2): its name, and a target-specific config sent in arbitration. */
export interface RoleConfig {
  name: string;
  /** The role's configuration, as the target defines it, packed in an Any. */
  config?: google.protobuf.IAny;
}

export interface ClientOptions {
  /** host:port of the P4Runtime server. */
  address: string;
  deviceId: bigint | number;
  /** 128-bit election id; higher wins primary. */
  electionId: bigint | number;
  /** Role name, or name and config; '' (the default) is the default role with full access. */
  role?: string | RoleConfig;
  credentials?: grpc.ChannelCredentials;
  /**
   * gRPC channel options (keepalive, message sizes, reconnect backoff, anything grpc-js's
   * ChannelOptions takes, and client `interceptors`), merged over DEFAULT_CHANNEL_OPTIONS.
   */
  channelOptions?: grpc.ClientOptions;
  /** Default deadline of every call, ms (default 10 s). */
  timeoutMs?: number;
  /** Updates per WriteRequest (default DEFAULT_BATCH_SIZE, 250). */
  batchSize?: number;
  /** WriteRequests in flight at once within a phase (default DEFAULT_WRITE_CONCURRENCY). */
  writeConcurrency?: number;
  /** Reopen the stream and arbitrate again when it ends, and let connect() retry (default true). */
  reconnect?: boolean;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Stream messages held unsent before send() throws (default DEFAULT_STREAM_QUEUE_LIMIT). */
  streamQueueLimit?: number;
  /** The schema entities and packet metadata are encoded with (set by setPipeline too). */
  schema?: P4Schema;
}

/**
 * The channel options every client starts from: messages up to 256 MiB both ways (P4Info and
 * bulk reads are large). grpc-js has no `grpc.max_metadata_size`: a received trailer is bounded
 * by Node's HTTP/2 limits instead (see docs/p4runtime.md, "Large error lists").
 */
export const DEFAULT_CHANNEL_OPTIONS: grpc.ChannelOptions = { ...CHANNEL_OPTIONS };

/** Our defaults with the caller's channel options over them. */
export function channelOptionsOf(opts: ClientOptions): grpc.ClientOptions {
  return { ...DEFAULT_CHANNEL_OPTIONS, ...opts.channelOptions };
}

/** The role as name and config. */
export function roleOf(opts: ClientOptions): RoleConfig {
  const r = opts.role ?? '';
  return typeof r === 'string' ? { name: r } : r;
}
