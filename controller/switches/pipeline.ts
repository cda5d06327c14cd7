/**
 * The pipeline a switch runs: the committed P4Info of p4/v1model/main.p4 and the device config
 * of its target. The one place that chooses a device config per target; the bytes are packed by
 * p4runtime/device-config.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineConfig } from '../../p4runtime';
import { P4Schema } from '../../p4runtime/schema';
import {
  DEFAULT_PIPELINE_NAME,
  DeviceConfigError,
  deviceConfigFor as packDeviceConfig,
} from '../../p4runtime/device-config';
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
  /** Tofino: bf-p4c's output directory for p4/tna/main.p4 (holding `<pipe>/tofino.bin` etc.). */
  tofinoDir?: string;
  /** Tofino: the program name (default 'main', bf-p4c's name for p4/tna/main.p4). */
  tofinoProgram?: string;
}

/** Thrown when a target's device config cannot be had (what to configure is in the message). */
export class PipelineConfigError extends Error {
  override readonly name = 'PipelineConfigError';
}

/**
 * The device config of `target`: what SetForwardingPipelineConfig carries besides the P4Info,
 * packed by p4runtime/device-config in the layout each target expects (docs/tofino.md).
 */
export function deviceConfigFor(target: Target, files: PipelineFiles = {}): Uint8Array {
  try {
    switch (target) {
      case 'embedded':
        // The embedded switch selects its model by name (softswitch/pipeline/select.ts).
        return packDeviceConfig(target, { embeddedPipeline: 'fabric' });
      case 'bmv2':
        if (files.bmv2Json === undefined) {
          throw new PipelineConfigError(
            "target 'bmv2' needs the bmv2 JSON of p4/v1model/main.p4 (npm run p4:compile writes build/p4/main.json)",
          );
        }
        return packDeviceConfig(target, { bmv2Json: readFileSync(files.bmv2Json) });
      case 'tofino-sde':
      case 'stratum-tofino': {
        if (files.tofinoDir === undefined) {
          throw new PipelineConfigError(
            `target '${target}' needs bf-p4c's output directory for p4/tna/main.p4 (docs/tofino.md)`,
          );
        }
        const pipe = join(files.tofinoDir, DEFAULT_PIPELINE_NAME);
        const bfrt = join(files.tofinoDir, 'bfrt.json');
        return packDeviceConfig(target, {
          tofino: {
            programName: files.tofinoProgram ?? 'main',
            binary: readFileSync(join(pipe, 'tofino.bin')),
            context: readFileSync(join(pipe, 'context.json')),
            ...(existsSync(bfrt) ? { bfrt: readFileSync(bfrt) } : {}),
          },
        });
      }
    }
  } catch (e) {
    if (e instanceof DeviceConfigError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PipelineConfigError(`target '${target}': ${(e as Error).message}`);
    }
    throw e;
  }
}

/** The pipeline of `target`; its cookie is a hash of both parts, so one build gives one cookie. */
export function pipelineFor(target: Target, files: PipelineFiles = {}): PipelineConfig {
  const schema = P4Schema.fromFile(files.p4info ?? FABRIC_P4INFO_PATH);
  return { p4info: schema.p4info, deviceConfig: deviceConfigFor(target, files) };
}
