/**
 * The PTF-style harness: targets (embedded, bmv2), the per-test session, the Jest hooks.
 * Feature tests import from here only.
 */
export { ptfSuite, useTarget, type PtfContext, type SuiteOptions } from './jest';
export {
  PtfSession,
  type ExpectOptions,
  type PacketInExpectation,
  type SessionOptions,
} from './session';
export { openTarget, DEFAULT_EMBEDDED_PORTS } from './open';
export { PacketExpectationError, matches } from './expect';
export { hexdump, hexdiff } from './hexdump';
export type { Counts } from './state';
export type {
  Describe,
  Expected,
  MaskLike,
  MetadataValues,
  PacketTarget,
  PipelineOptions,
  Received,
  TargetOptions,
} from './types';
