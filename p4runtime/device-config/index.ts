/**
 * The p4_device_config of SetForwardingPipelineConfig for a switch, chosen by the target its
 * topology entry names (docs/tofino.md, docs/p4runtime.md):
 *
 *   'bmv2'            the bmv2 JSON (bmv2.ts)
 *   'tofino-sde'      the SDE's P4Runtime server: name + tofino.bin + context.json (tofino.ts)
 *   'stratum-tofino'  Stratum's BfPipelineConfig protobuf (tofino.ts)
 *   'embedded'        the embedded switch: the name of the pipeline model to run
 *
 *   const bytes = deviceConfigFor(sw.target, { tofino: { programName: 'ssa_fabric', ... } });
 *   await client.setPipeline({ p4info, deviceConfig: bytes });
 */
import { packBmv2 } from './bmv2';
import { DeviceConfigError, shown } from './errors';
import { TofinoArtifacts, packStratumTofino, packTofinoSde } from './tofino';

export { DeviceConfigError } from './errors';
export { packBmv2 } from './bmv2';
export * from './tofino';

/** The targets a switch's topology entry may name. */
export const TARGETS = ['bmv2', 'tofino-sde', 'stratum-tofino', 'embedded'] as const;
export type Target = (typeof TARGETS)[number];

/** The compiled program, in the forms the targets take; each target reads only its own. */
export interface PipelineArtifacts {
  /** bmv2: the JSON p4c-bm2-ss wrote. */
  readonly bmv2Json?: Uint8Array | string;
  /** Tofino: bf-p4c's output for the program's pipeline. */
  readonly tofino?: TofinoArtifacts;
  /** The embedded switch: the pipeline model's name (e.g. 'fabric'). */
  readonly embeddedPipeline?: string;
}

/** True when `name` is one of TARGETS. */
export function isTarget(name: string): name is Target {
  return (TARGETS as readonly string[]).includes(name);
}

/** The device config bytes for `target`; throws DeviceConfigError naming what is missing. */
export function deviceConfigFor(target: string, artifacts: PipelineArtifacts): Uint8Array {
  if (!isTarget(target)) {
    throw new DeviceConfigError('target', shown(target), `one of ${TARGETS.join(', ')}`);
  }
  switch (target) {
    case 'bmv2':
      if (artifacts.bmv2Json === undefined) {
        throw new DeviceConfigError('bmv2Json', 'missing', 'the bmv2 JSON for target bmv2');
      }
      return packBmv2(artifacts.bmv2Json);
    case 'tofino-sde':
      return packTofinoSde(tofinoOf(artifacts, target));
    case 'stratum-tofino':
      return packStratumTofino(tofinoOf(artifacts, target));
    case 'embedded': {
      const name = artifacts.embeddedPipeline;
      if (!name || !/^[A-Za-z0-9_.-]+$/.test(name)) {
        throw new DeviceConfigError(
          'embeddedPipeline',
          shown(name),
          'a pipeline name (letters, digits, _ . -) for target embedded',
        );
      }
      // The embedded switch reads a bare name (softswitch/pipeline/select.ts).
      return new TextEncoder().encode(name);
    }
  }
}

function tofinoOf(artifacts: PipelineArtifacts, target: Target): TofinoArtifacts {
  if (!artifacts.tofino) {
    throw new DeviceConfigError(
      'tofino',
      'missing',
      `bf-p4c's output (tofino.bin, context.json) for target ${target}`,
    );
  }
  return artifacts.tofino;
}
