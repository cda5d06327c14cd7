/**
 * The forwarding pipeline of a device: push one unless the device already runs it (by cookie),
 * and read back what it runs.
 */
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { p4, toBigInt, toLong, toUint128, type Int64 } from '../proto';
import { P4Schema } from '../schema';
import type { CallOpts } from './call';
import { P4RuntimeError } from './errors';
import type { ClientLink } from './link';

import Action = p4.v1.SetForwardingPipelineConfigRequest.Action;
import ResponseType = p4.v1.GetForwardingPipelineConfigRequest.ResponseType;

export { Action as PipelineAction, ResponseType as PipelineResponseType };

export interface PipelineConfig {
  p4info: p4.config.v1.IP4Info;
  deviceConfig?: Uint8Array;
  /** Defaults to the first 8 bytes of SHA-256 over the P4Info and device config. */
  cookie?: bigint;
}

/** What the device runs; `cookie` is undefined when no pipeline is set. */
export interface CurrentPipeline {
  cookie?: bigint;
  p4info?: p4.config.v1.IP4Info;
  deviceConfig?: Uint8Array;
}

/**
 * Push a pipeline unless the device already runs one with the same cookie; the link's schema
 * becomes the pipeline's either way. Returns whether it was pushed.
 */
export async function setPipeline(
  link: ClientLink,
  config: PipelineConfig,
  opts?: CallOpts & { action?: Action; force?: boolean },
): Promise<{ pushed: boolean; cookie: bigint }> {
  const deviceConfig = config.deviceConfig ?? new Uint8Array();
  const info = p4.config.v1.P4Info.encode(config.p4info).finish();
  const cookie = config.cookie ?? pipelineCookie(info, deviceConfig);
  if (!opts?.force) {
    const current = await currentCookie(link, opts);
    if (current !== undefined && current === cookie) {
      link.schema = new P4Schema(p4.config.v1.P4Info.decode(info));
      return { pushed: false, cookie };
    }
  }
  await link.unary(
    'SetForwardingPipelineConfig',
    {
      device_id: toLong(link.deviceId),
      // The default role is sent as no role at all, as targets built before roles expect.
      ...(link.role ? { role: link.role } : {}),
      election_id: toUint128(link.electionId),
      action: opts?.action ?? Action.VERIFY_AND_COMMIT,
      config: {
        p4info: config.p4info,
        p4_device_config: deviceConfig,
        cookie: { cookie: toLong(cookie) },
      },
    } satisfies p4.v1.ISetForwardingPipelineConfigRequest,
    opts,
  );
  link.schema = new P4Schema(p4.config.v1.P4Info.decode(info));
  return { pushed: true, cookie };
}

/**
 * The cookie of the device's pipeline, or undefined when it has none. Targets differ in how
 * they answer before any pipeline is set (an empty config, FAILED_PRECONDITION or NOT_FOUND):
 * all mean "push".
 */
async function currentCookie(link: ClientLink, opts?: CallOpts): Promise<bigint | undefined> {
  try {
    return (await getPipeline(link, ResponseType.COOKIE_ONLY, opts)).cookie;
  } catch (e) {
    const none = [grpc.status.FAILED_PRECONDITION, grpc.status.NOT_FOUND];
    if (e instanceof P4RuntimeError && none.includes(e.code)) return undefined;
    throw e;
  }
}

/** The device's pipeline; `cookie` is undefined when none is set. */
export async function getPipeline(
  link: ClientLink,
  responseType: ResponseType = ResponseType.ALL,
  opts?: CallOpts,
): Promise<CurrentPipeline> {
  const res = await link.unary<
    p4.v1.IGetForwardingPipelineConfigRequest,
    p4.v1.GetForwardingPipelineConfigResponse
  >(
    'GetForwardingPipelineConfig',
    { device_id: toLong(link.deviceId), response_type: responseType },
    opts,
  );
  const c = res.config;
  return {
    cookie: c?.cookie ? toBigInt(c.cookie.cookie as Int64) : undefined,
    p4info: c?.p4info ?? undefined,
    deviceConfig: c?.p4_device_config?.length ? c.p4_device_config : undefined,
  };
}

/** The default pipeline cookie: first 8 bytes of SHA-256(P4Info bytes ‖ device config). */
export function pipelineCookie(p4info: Uint8Array, deviceConfig: Uint8Array): bigint {
  const h = createHash('sha256').update(p4info).update(deviceConfig).digest();
  return h.readBigUInt64BE(0);
}
