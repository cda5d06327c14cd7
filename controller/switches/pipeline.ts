/**
 * The pipeline a switch runs: the committed P4Info of p4/v1model/main.p4 and the device config
 * of its target. The one place that chooses a device config per target (when p4runtime/
 * device-config arrives with the Tofino work, this function delegates to it).
 */
import { readFileSync } from 'node:fs';
import type { PipelineConfig } from '../../p4runtime';
import { P4Schema } from '../../p4runtime/schema';
import { sourcePath } from '../../softswitch/pipeline/source-path';
import type { Target } from '../domain';

/** Where the committed P4Info of the fabric program is. */
export const FABRIC_P4INFO_PATH = sourcePath('p4', 'v1model', 'main.p4info.txt');

/** Paths to artefacts that are not in the repository (built by p4c or the SDE). */
export interface PipelineFiles {
  /** The P4Info (default: the committed one). */
  p4info?: string;
  /** bmv2: the JSON p4c-bm2-ss wrote for p4/v1model/main.p4. */
  bmv2Json?: string;
}

/** Thrown when a target's device config cannot be had (what to configure is in the message). */
export class PipelineConfigError extends Error {
  override readonly name = 'PipelineConfigError';
}

/** The device config of `target`: what SetForwardingPipelineConfig carries besides the P4Info. */
export function deviceConfigFor(target: Target, files: PipelineFiles = {}): Uint8Array {
  switch (target) {
    case 'embedded':
      // The embedded switch selects its model by name (softswitch/pipeline/select.ts).
      return Buffer.from('fabric');
    case 'bmv2':
      if (files.bmv2Json === undefined) {
        throw new PipelineConfigError(
          "target 'bmv2' needs the bmv2 JSON of p4/v1model/main.p4 (npm run p4:compile writes build/p4/main.json)",
        );
      }
      return readFileSync(files.bmv2Json);
    default:
      throw new PipelineConfigError(
        `target '${target}' has no device config yet: it comes with p4runtime/device-config (Tofino)`,
      );
  }
}

/** The pipeline of `target`; its cookie is a hash of both parts, so one build gives one cookie. */
export function pipelineFor(target: Target, files: PipelineFiles = {}): PipelineConfig {
  const schema = P4Schema.fromFile(files.p4info ?? FABRIC_P4INFO_PATH);
  return { p4info: schema.p4info, deviceConfig: deviceConfigFor(target, files) };
}
