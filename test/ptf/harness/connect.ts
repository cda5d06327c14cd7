/**
 * Bringing the harness's controller up on a switch, the same way on every target: poll
 * Capabilities until the switch answers, arbitrate and require primary, push the pipeline.
 */
import * as grpc from '@grpc/grpc-js';
import { P4RuntimeClient } from '../../../p4runtime/client/client';
import type { p4 } from '../../../p4runtime/proto';
import { P4RuntimeService } from '../../../p4runtime/service';
import { retry } from './wait';

/**
 * Channel options of a probe: its own subchannel (not grpc-js's shared pool), so a switch
 * that comes up is reached at the next probe instead of after a reconnect backoff of seconds.
 */
const PROBE_OPTIONS: grpc.ChannelOptions = { 'grpc.use_local_subchannel_pool': 1 };

/** One Capabilities call on a fresh channel; resolves with the P4Runtime API version. */
export function probeCapabilities(address: string, timeoutMs: number): Promise<string> {
  const m = P4RuntimeService.Capabilities as unknown as {
    path: string;
    requestSerialize: (r: object) => Buffer;
    responseDeserialize: (b: Buffer) => p4.v1.ICapabilitiesResponse;
  };
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), PROBE_OPTIONS);
  return new Promise<string>((resolve, reject) =>
    client.makeUnaryRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
      {},
      { deadline: Date.now() + timeoutMs },
      (err, res) => (err ? reject(err) : resolve(res?.p4runtime_api_version ?? '')),
    ),
  ).finally(() => client.close());
}

export interface ControllerOptions {
  address: string;
  deviceId: bigint;
  electionId: bigint;
  p4info: p4.config.v1.IP4Info;
  deviceConfig: Uint8Array;
  /** Deadline of the whole bring-up, ms. */
  timeoutMs: number;
}

/** A primary P4RuntimeClient on `address` with the pipeline pushed (always: a clean switch). */
export async function connectController(opts: ControllerOptions): Promise<P4RuntimeClient> {
  const client = new P4RuntimeClient({
    address: opts.address,
    deviceId: opts.deviceId,
    electionId: opts.electionId,
    // A lost stream fails the suite instead of being papered over by a reconnect.
    reconnect: false,
    timeoutMs: Math.min(opts.timeoutMs, 10_000),
  });
  try {
    const started = Date.now();
    await retry(
      `reaching P4Runtime at ${opts.address}`,
      () => probeCapabilities(opts.address, 1000),
      opts.timeoutMs,
    );
    const left = () => Math.max(1000, opts.timeoutMs - (Date.now() - started));
    const state = await client.connect({ timeout: left() });
    if (!state.primary) {
      throw new Error(
        `device ${opts.deviceId} at ${opts.address}: another controller is primary ` +
          `(election id ${state.primaryElectionId} >= ours, ${opts.electionId}); ` +
          'stop it, or run the suite with --runInBand so that one test file drives the switch at a time',
      );
    }
    // A Write sent right after arbitration must not race the server's primary bookkeeping.
    if (!client.isPrimary) await client.waitPrimary({ timeout: left() });
    await client.setPipeline(
      { p4info: opts.p4info, deviceConfig: opts.deviceConfig },
      { force: true, timeout: left() },
    );
    return client;
  } catch (e) {
    client.close();
    throw e;
  }
}
