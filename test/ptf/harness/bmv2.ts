/**
 * The bmv2 target: simple_switch_grpc reached over P4Runtime (P4RUNTIME_ADDR, device id
 * P4RUNTIME_DEVICE_ID), its front-panel ports over veth pairs (P4_PORT_MAP) through the scapy
 * helper bmv2_io.py. A Tofino switch or tofino-model whose ports are veths is driven the same
 * way (kind 'tofino'), with its own device config (docs/tofino.md). bmv2 gives no signal that it is done with a packet, so "nothing else
 * arrives" is judged after a quiet time (quietMs, default 300 ms).
 */
import { SwitchEvent, type P4RuntimeClient } from '../../../p4runtime/client/client';
import { codeName } from '../../../p4runtime/client/errors';
import type { PacketIn, PacketMetadataValues } from '../../../p4runtime/client/packet';
import type { p4 } from '../../../p4runtime/proto';
import { P4Schema } from '../../../p4runtime/schema';
import { FrameBridge } from './bmv2-io';
import type { Bmv2Settings } from './config';
import { connectController } from './connect';
import { ARRIVAL, Inbox } from './inbox';
import type { PacketTarget, TargetOptions } from './types';
import { waitUntil } from './wait';

/** bmv2 as a PacketTarget. */
export class Bmv2Target implements PacketTarget {
  readonly kind: 'bmv2' | 'tofino';
  readonly inbox = new Inbox();
  readonly ports: readonly number[];
  readonly timeoutMs: number;
  private readonly quietMs: number;
  private bridge: FrameBridge | undefined;
  private lastSend = performance.now();
  private readonly onPacketIn = (p: PacketIn) =>
    this.inbox.push({ kind: 'packet-in', bytes: p.payload, metadata: p.metadata });
  private readonly onStreamError = (e: p4.v1.IStreamError) =>
    this.inbox.pushError(`StreamError ${codeName(e.canonical_code ?? 0)}: ${e.message ?? ''}`);
  private readonly onChannelDown = (err: Error | undefined) =>
    this.inbox.pushError(`the P4Runtime stream ended: ${err?.message ?? 'closed by the switch'}`);

  private constructor(
    readonly client: P4RuntimeClient,
    settings: Bmv2Settings,
    opts: TargetOptions,
    kind: 'bmv2' | 'tofino',
  ) {
    this.kind = kind;
    this.ports = [...settings.portMap.keys()].sort((a, b) => a - b);
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.quietMs = opts.quietMs ?? 300;
    client.on(SwitchEvent.PACKET_IN, this.onPacketIn);
    client.on(SwitchEvent.STREAM_ERROR, this.onStreamError);
    client.on(SwitchEvent.CHANNEL_DOWN, this.onChannelDown);
  }

  /** Connects to bmv2 (polling until it answers), pushes the pipeline, starts the helper. */
  static async start(
    opts: TargetOptions,
    settings: Bmv2Settings,
    pipeline: { kind: 'bmv2' | 'tofino'; deviceConfig: Uint8Array },
  ): Promise<Bmv2Target> {
    const client = await connectController({
      address: settings.address,
      deviceId: settings.deviceId,
      electionId: opts.electionId ?? 10n,
      p4info: P4Schema.fromFile(opts.p4info).p4info,
      deviceConfig: pipeline.deviceConfig,
      timeoutMs: opts.connectTimeoutMs ?? 15_000,
    });
    const target = new Bmv2Target(client, settings, opts, pipeline.kind);
    try {
      target.bridge = await FrameBridge.start(settings.python, settings.portMap, {
        onFrame: (port, bytes) => target.inbox.push({ kind: 'frame', port, bytes }),
        onError: (message) => target.inbox.pushError(message),
      });
    } catch (e) {
      await target.close();
      throw e;
    }
    return target;
  }

  get schema(): P4Schema {
    return this.client.schema!;
  }

  /** Sends `frame` out of the veth of `port`, towards bmv2. */
  async send(port: number, frame: Uint8Array): Promise<void> {
    this.lastSend = performance.now();
    await this.bridge!.send(port, frame);
    this.lastSend = performance.now();
  }

  /** Sends a PacketOut over the stream. */
  sendPacketOut(payload: Uint8Array, metadata: PacketMetadataValues): void {
    this.client.sendPacket(payload, metadata);
    this.lastSend = performance.now();
  }

  /** Resolves once nothing was sent or received for quietMs. */
  async settle(): Promise<void> {
    while (true) {
      const idle = Math.min(this.inbox.sinceLastArrivalMs(), performance.now() - this.lastSend);
      if (idle >= this.quietMs) return;
      await new Promise((r) => setTimeout(r, this.quietMs - idle));
    }
  }

  /** `take()` as soon as it finds something, or undefined after timeoutMs. */
  waitFor<T>(take: () => T | undefined): Promise<T | undefined> {
    return waitUntil(take, [[this.inbox, ARRIVAL]], this.timeoutMs);
  }

  /** Stops the helper and closes the client (bmv2 keeps running). */
  async close(): Promise<void> {
    this.client.off(SwitchEvent.PACKET_IN, this.onPacketIn);
    this.client.off(SwitchEvent.STREAM_ERROR, this.onStreamError);
    this.client.off(SwitchEvent.CHANNEL_DOWN, this.onChannelDown);
    this.client.close();
    await this.bridge?.close();
  }
}
