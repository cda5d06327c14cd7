/**
 * SetForwardingPipelineConfig and GetForwardingPipelineConfig (spec §14, §15) on a Device.
 *
 * - VERIFY checks the config (P4Info, pipeline model, forwarding state) and changes nothing.
 * - VERIFY_AND_SAVE makes P4Runtime Read/Write use the new config, with an empty state, while
 *   packets keep going through the committed one; COMMIT then realizes it with what was
 *   written since (the "replay" of the spec is implicit: the writes went to the new state).
 * - VERIFY_AND_COMMIT realizes the config with an empty forwarding state.
 * - RECONCILE_AND_COMMIT realizes it while keeping the forwarding state: see reconcile.ts.
 * Any config the switch cannot realize is INVALID_ARGUMENT, and then nothing has changed.
 */
import { p4, toBigInt, toLong, type Int64 } from '../../p4runtime/proto';
import type { Device, LoadedPipeline } from '../device';
import { ForwardingState } from '../forwarding-state';
import { selectPipeline } from '../pipeline/select';
import { checkP4Info } from './p4info-check';
import { reconcile } from './reconcile';
import { Code, P4RuntimeStatus, fail } from './status';

import Action = p4.v1.SetForwardingPipelineConfigRequest.Action;
import ResponseType = p4.v1.GetForwardingPipelineConfigRequest.ResponseType;

/**
 * Realizes a config for `device` without installing it: validates the P4Info, selects and
 * binds the pipeline model, creates an empty forwarding state. Throws INVALID_ARGUMENT.
 */
export function loadPipeline(
  device: Device,
  config: p4.v1.IForwardingPipelineConfig,
): LoadedPipeline {
  if (!config.p4info) fail(Code.INVALID_ARGUMENT, 'the forwarding pipeline config has no P4Info');
  const schema = checkP4Info(config.p4info);
  const deviceConfig = config.p4_device_config
    ? Uint8Array.from(config.p4_device_config)
    : new Uint8Array();
  const cookie = config.cookie ? toBigInt(config.cookie.cookie as Int64) : undefined;
  try {
    const factory = selectPipeline(deviceConfig, device.pipelines, device.defaultPipeline);
    const state = ForwardingState.create(schema, { clock: device.clock });
    const pipeline = factory.create({
      schema,
      state,
      cpuPort: device.cpuPort,
      dropPort: device.dropPort,
      clock: device.clock,
    });
    return { p4info: schema.p4info, deviceConfig, cookie, schema, state, factory, pipeline };
  } catch (e) {
    if (e instanceof P4RuntimeStatus) throw e;
    fail(Code.INVALID_ARGUMENT, `the pipeline config cannot be realized: ${(e as Error).message}`);
  }
}

/** Performs a SetForwardingPipelineConfig action on `device` (primary already checked). */
export function setPipelineConfig(
  device: Device,
  action: Action,
  config: p4.v1.IForwardingPipelineConfig | null | undefined,
): void {
  switch (action) {
    case Action.VERIFY:
      loadPipeline(device, need(config));
      return;
    case Action.VERIFY_AND_SAVE:
      device.save(loadPipeline(device, need(config)));
      return;
    case Action.VERIFY_AND_COMMIT:
      device.install(loadPipeline(device, need(config)));
      return;
    case Action.COMMIT:
      if (config)
        fail(
          Code.INVALID_ARGUMENT,
          'COMMIT takes no config: it realizes the one saved by VERIFY_AND_SAVE',
        );
      if (!device.commitPending)
        fail(Code.NOT_FOUND, 'there is no saved config to commit (VERIFY_AND_SAVE first)');
      device.commit();
      return;
    case Action.RECONCILE_AND_COMMIT: {
      const next = loadPipeline(device, need(config));
      const current = device.control;
      if (current) reconcile(current.state, next.state);
      device.install(next);
      return;
    }
    default:
      fail(
        Code.INVALID_ARGUMENT,
        `SetForwardingPipelineConfig action ${action} is not VERIFY..RECONCILE_AND_COMMIT`,
      );
  }
}

function need(
  config: p4.v1.IForwardingPipelineConfig | null | undefined,
): p4.v1.IForwardingPipelineConfig {
  if (!config) fail(Code.INVALID_ARGUMENT, 'the request has no forwarding pipeline config');
  return config;
}

/**
 * The config as GetForwardingPipelineConfig returns it for `type`: the cookie always (when one
 * was set), plus P4Info and / or device config. Undefined when no config is set.
 */
export function getPipelineConfig(
  device: Device,
  type: ResponseType,
): p4.v1.IForwardingPipelineConfig | undefined {
  const p = device.control;
  if (!p) return undefined;
  const out: p4.v1.IForwardingPipelineConfig = {};
  if (p.cookie !== undefined) out.cookie = { cookie: toLong(p.cookie) };
  switch (type) {
    case ResponseType.ALL:
      out.p4info = p.p4info;
      out.p4_device_config = p.deviceConfig;
      break;
    case ResponseType.COOKIE_ONLY:
      break;
    case ResponseType.P4INFO_AND_COOKIE:
      out.p4info = p.p4info;
      break;
    case ResponseType.DEVICE_CONFIG_AND_COOKIE:
      out.p4_device_config = p.deviceConfig;
      break;
    default:
      fail(
        Code.INVALID_ARGUMENT,
        `response_type ${type} is not a GetForwardingPipelineConfigRequest.ResponseType`,
      );
  }
  return out;
}
