/**
 * The embedded target: one Device in an in-process P4RuntimeServer on an ephemeral loopback
 * port, driven by a real P4RuntimeClient over gRPC. Frames go in with device.inject and come
 * out as EGRESS events; the CPU port goes over P4Runtime (PacketOut / PacketIn), as on
 * hardware. Settling is exact: it counts PacketOuts and PacketIns on both sides of the stream,
 * so no expectation ever waits on a timer.
 */
import { SwitchEvent, type P4RuntimeClient } from '../../../p4runtime/client/client';
import { codeName } from '../../../p4runtime/client/errors';
import type { PacketIn, PacketMetadataValues } from '../../../p4runtime/client/packet';
import type { p4 } from '../../../p4runtime/proto';
import { P4Schema } from '../../../p4runtime/schema';
import { Device, DeviceEvent, DEFAULT_CPU_PORT } from '../../../softswitch/device';
import type { EgressPacket } from '../../../softswitch/pipeline/types';
import { P4RuntimeServer } from '../../../softswitch/p4rt/server';
import { connectController } from './connect';
import { ARRIVAL, Inbox } from './inbox';
import type { PacketTarget, TargetOptions } from './types';
import { waitUntil } from './wait';

/** How long the embedded switch may take to finish what it was given, ms (only hit on a bug). */
const SETTLE_TIMEOUT_MS = 5000;

/** The embedded switch as a PacketTarget. */
export class EmbeddedTarget implements PacketTarget {
  readonly kind = 'embedded' as const;
  readonly inbox = new Inbox();
  readonly timeoutMs: number;
  private packetOutsSent = 0;
  private packetOutsRefused = 0;
  private packetInsReceived = 0;
  private readonly onEgress = (p: EgressPacket) =>
    this.inbox.push({ kind: 'frame', port: p.port, bytes: p.packet });
  private readonly onPacketIn = (p: PacketIn) => {
    this.packetInsReceived++;
    this.inbox.push({ kind: 'packet-in', bytes: p.payload, metadata: p.metadata });
  };
  private readonly onStreamError = (e: p4.v1.IStreamError) => {
    if (e.packet_out) this.packetOutsRefused++;
    this.inbox.pushError(
      `StreamError ${codeName(e.canonical_code ?? 0)}: ${e.message ?? ''}` +
        (e.packet_out ? ' (a PacketOut was refused)' : ''),
    );
  };
  private readonly onChannelDown = (err: Error | undefined) =>
    this.inbox.pushError(`the P4Runtime stream ended: ${err?.message ?? 'closed by the server'}`);

  private constructor(
    readonly server: P4RuntimeServer,
    readonly device: Device,
    readonly client: P4RuntimeClient,
    readonly ports: readonly number[],
    opts: TargetOptions,
  ) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    device.on(DeviceEvent.EGRESS, this.onEgress);
    client.on(SwitchEvent.PACKET_IN, this.onPacketIn);
    client.on(SwitchEvent.STREAM_ERROR, this.onStreamError);
    client.on(SwitchEvent.CHANNEL_DOWN, this.onChannelDown);
  }

  /** Starts a server with one device (id 1) and connects the harness's controller to it. */
  static async start(opts: TargetOptions, ports: readonly number[]): Promise<EmbeddedTarget> {
    const device = new Device({
      id: 1,
      pipelines: opts.pipelines,
      cpuPort: opts.cpuPort ?? DEFAULT_CPU_PORT,
    });
    const server = new P4RuntimeServer([device]);
    const port = await server.start({ host: '127.0.0.1', port: 0 });
    try {
      const config = opts.embeddedConfig;
      const client = await connectController({
        address: `127.0.0.1:${port}`,
        deviceId: device.id,
        electionId: opts.electionId ?? 10n,
        p4info: P4Schema.fromFile(opts.p4info).p4info,
        deviceConfig: typeof config === 'string' ? Buffer.from(config) : config,
        timeoutMs: opts.connectTimeoutMs ?? 15_000,
      });
      return new EmbeddedTarget(server, device, client, ports, opts);
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  get schema(): P4Schema {
    return this.client.schema!;
  }

  /** Injects `frame` on `port`; what leaves front-panel ports is in the inbox on return. */
  async send(port: number, frame: Uint8Array): Promise<void> {
    this.device.inject(port, frame);
  }

  /** Sends a PacketOut over the stream (the server injects it on the CPU port). */
  sendPacketOut(payload: Uint8Array, metadata: PacketMetadataValues): void {
    this.client.sendPacket(payload, metadata);
    this.packetOutsSent++;
  }

  /** Resolves once every PacketOut sent was injected (or refused) and every PacketIn arrived. */
  async settle(): Promise<void> {
    const session = this.server.session(this.device.id);
    if (!session) throw new Error(`device ${this.device.id} is not served`);
    const counts = () => {
      const s = session.stats;
      return `${this.packetOutsSent} PacketOuts sent, ${s.packetOuts} injected, ${this.packetOutsRefused} refused; ${s.packetIns} PacketIns sent by the server, ${this.packetInsReceived} received`;
    };
    const idle = () => {
      const s = session.stats;
      const outsDone = s.packetOuts + this.packetOutsRefused >= this.packetOutsSent;
      return outsDone && this.packetInsReceived >= s.packetIns ? true : undefined;
    };
    const done = await waitUntil(
      idle,
      [
        [this.device, DeviceEvent.PROCESSED],
        [this.inbox, ARRIVAL],
      ],
      SETTLE_TIMEOUT_MS,
    );
    if (!done)
      throw new Error(`the embedded switch did not settle in ${SETTLE_TIMEOUT_MS} ms: ${counts()}`);
  }

  /** `take()` now, or once the switch has settled. */
  async waitFor<T>(take: () => T | undefined): Promise<T | undefined> {
    const now = take();
    if (now !== undefined) return now;
    await this.settle();
    return take();
  }

  /** Closes the client and stops the server. */
  async close(): Promise<void> {
    this.device.off(DeviceEvent.EGRESS, this.onEgress);
    this.client.off(SwitchEvent.PACKET_IN, this.onPacketIn);
    this.client.off(SwitchEvent.STREAM_ERROR, this.onStreamError);
    this.client.off(SwitchEvent.CHANNEL_DOWN, this.onChannelDown);
    this.client.close();
    await this.server.stop();
  }
}
