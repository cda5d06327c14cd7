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
  /** Updates per WriteRequest (default 1000). */
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
