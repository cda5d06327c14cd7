/**
 * The P4Runtime library: one import for a controller.
 *
 *   import { P4RuntimeClient, P4Schema, TableEntry, SwitchEvent } from '../p4runtime';
 *
 * Layers, lowest first: proto and service (the generated messages and the gRPC service), names
 * and schema (a P4Info indexed by name), bytes (value codecs), textformat, entities (immutable
 * values and the Update type), client (the connection to a device).
 */
export { p4, google, toBigInt, toLong, toUint128, fromUint128, type Int64 } from './proto';
export { P4RuntimeService, CHANNEL_OPTIONS } from './service';
export * from './names';
export * from './schema';
export * from './bytes';
export * from './textformat';
export * from './entities';

// The client.
export {
  P4RuntimeClient,
  SwitchEvent,
  PipelineAction,
  PipelineResponseType,
  Atomicity,
  DEFAULT_BATCH_SIZE,
  DEFAULT_WRITE_CONCURRENCY,
  pipelineCookie,
  type ClientOptions,
  type PipelineConfig,
  type DigestList,
} from './client/client';
export {
  DEFAULT_CHANNEL_OPTIONS,
  DEFAULT_STREAM_QUEUE_LIMIT,
  channelOptionsOf,
  type RoleConfig,
} from './client/options';
export type { CallOpts } from './client/call';
export type { CurrentPipeline } from './client/pipeline';
export type { WriteOpts } from './client/write';
export { cutPhases, entityKind, flattenPhases, type EntityKind, type Phase } from './client/phases';
export type { ArbitrationState, ReconnectedEvent } from './client/stream';
export { BoundedQueue } from './client/queue';
export { DEFAULT_QUEUE_SIZE, type QueueOpts } from './client/packet-io';
export {
  decodePacketIn,
  encodePacketOut,
  type PacketIn,
  type PacketMetadataValues,
} from './client/packet';
export {
  P4RuntimeError,
  P4RuntimeReadError,
  P4RuntimeStreamFullError,
  P4RuntimeWriteAbortedError,
  P4RuntimeWriteError,
  codeName,
  fromServiceError,
  statusDetails,
  updateErrors,
  type UpdateFailure,
} from './client/errors';

// The reconciliation kit: entity identity, canonical equality, diff into safe phases.
export * from './reconcile';
// The p4_device_config of SetForwardingPipelineConfig per target (bmv2, Tofino, embedded).
export * from './device-config';
