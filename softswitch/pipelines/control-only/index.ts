/**
 * The control-only pipeline: any P4Info, no packet processing. Its tables, profiles, counters
 * and the rest accept and return P4Runtime state exactly as with a real model, but every packet
 * is dropped. It serves controller tests and the P4Runtime write benchmark, where the P4Info
 * has no TypeScript model. Select it with the device config `control-only`.
 */
import type { PipelineFactory } from '../../pipeline/types';

/** Factory of the control-only pipeline. */
export const controlOnly: PipelineFactory = {
  name: 'control-only',
  description: 'any P4Info; tables hold state for P4Runtime, every packet is dropped',
  create: () => ({ process: () => [] }),
};
