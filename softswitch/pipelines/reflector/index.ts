/**
 * The reflector pipeline: reflector.p4, its P4Info and its TypeScript model. Select it with a
 * device config of `reflector` (or `{"pipeline": "reflector"}`, or the bmv2 JSON of
 * reflector.p4).
 */
import { sourcePath } from '../../pipeline/source-path';
import type { PipelineFactory } from '../../pipeline/types';
import { ReflectorModel } from './model';

/** Path of the P4 source (next to this module in the source tree, also when run from dist/). */
export const REFLECTOR_P4 = sourcePath('softswitch', 'pipelines', 'reflector', 'reflector.p4');
/** Path of the P4Info in p4c's text format. */
export const REFLECTOR_P4INFO = sourcePath(
  'softswitch',
  'pipelines',
  'reflector',
  'reflector.p4info.txt',
);

/** Factory of the reflector model. */
export const reflector: PipelineFactory = {
  name: 'reflector',
  description:
    'PacketOut leaves on its egress_port; front-panel packets go by port_table (default: to the CPU)',
  create: (ctx) => new ReflectorModel(ctx),
};
