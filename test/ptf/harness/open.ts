/**
 * openTarget: the target P4_TARGET names (embedded by default), started and ready: the
 * harness's controller is primary and the pipeline is pushed.
 *
 *   const target = await openTarget({ p4info, pipelines: [reflector], embeddedConfig: 'reflector' });
 */
import { Bmv2Target } from './bmv2';
import { readFileSync } from 'node:fs';
import { bmv2JsonPath, bmv2Settings, portsFromEnv, targetKind, tofinoPipeline } from './config';
import { EmbeddedTarget } from './embedded';
import type { PacketTarget, TargetOptions } from './types';

/** Front-panel ports of the embedded target when neither P4_PORT_MAP nor an option says. */
export const DEFAULT_EMBEDDED_PORTS: readonly number[] = [1, 2, 3, 4];

type Env = Readonly<Record<string, string | undefined>>;

/** Starts the target chosen by the environment. */
export async function openTarget(
  options: TargetOptions,
  env: Env = process.env,
): Promise<PacketTarget> {
  const kind = targetKind(env);
  if (kind === 'bmv2') {
    const json = readFileSync(bmv2JsonPath(options.bmv2Json, env));
    return Bmv2Target.start(options, bmv2Settings(env), { kind, deviceConfig: json });
  }
  if (kind === 'tofino') {
    // bf-p4c's P4Info (Tofino sizes; the names and ids of options.p4info, docs/tofino.md).
    const { p4info, deviceConfig } = tofinoPipeline(env);
    return Bmv2Target.start({ ...options, p4info }, bmv2Settings(env), { kind, deviceConfig });
  }
  const ports = portsFromEnv(env) ?? options.ports ?? DEFAULT_EMBEDDED_PORTS;
  return EmbeddedTarget.start(options, ports);
}
