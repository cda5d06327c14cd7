/**
 * The ssa-fabric data plane in the embedded switch: the model of p4/v1model/main.p4 (SSA,
 * the ROSA SAR, MSLB and routing), loaded with that program's P4Info. Select it with a
 * device config of `fabric`, `{"pipeline": "fabric"}`, or the bmv2 JSON p4c makes of main.p4.
 */
import { sourcePath } from '../../pipeline/source-path';
import type { PipelineFactory } from '../../pipeline/types';
import { FabricModel } from './v1model/main';

/** Path of the P4 program the model follows. */
export const FABRIC_P4 = sourcePath('p4', 'v1model', 'main.p4');
/** Path of its P4Info, in p4c's text format. */
export const FABRIC_P4INFO = sourcePath('p4', 'v1model', 'main.p4info.txt');

/** Factory of the ssa-fabric model. */
export const fabric: PipelineFactory = {
  name: 'fabric',
  programs: ['main'],
  description: 'ssa-fabric data plane (p4/v1model/main.p4): SSA, ROSA SAR, MSLB, routing',
  create: (ctx) => new FabricModel(ctx),
};
