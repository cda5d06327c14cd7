/**
 * The P4Runtime side of one Device: the arbitration of each role, and the stream traffic of
 * the device (PacketOut in; PacketIn, DigestList and IdleTimeoutNotification out).
 *
 * Roles carry no configuration we interpret (spec §5.2 leaves the scheme open): every role
 * has full pipeline access, so the primary of any role may write and send PacketOut. Messages
 * the switch originates (PacketIn, digests, idle timeouts) go to the primary of the default
 * role '' only, so that a controller with a side role does not receive duplicates.
 */
import type { google, p4 } from '../../p4runtime/proto';
import type { P4Schema } from '../../p4runtime/schema';
import { DeviceEvent, type Device } from '../device';
import { Controller, RoleArbiter, type PrimaryLossPolicy } from './arbitration';
import { DigestPump } from './digest-pump';
import { IdleTimeoutScanner } from './idle-timeout';
import { PacketIoCodec } from './packet-io';
import { Code, P4RuntimeStatus } from './status';

export interface SessionOptions {
  onPrimaryLoss: PrimaryLossPolicy;
  /** Live controllers per (device, role). */
  maxControllers: number;
  /** How often ageing tables are scanned for idle entries. */
  idleScanIntervalMs: number;
}

/** Counts of stream traffic, for tests and diagnostics. */
export interface SessionStats {
  packetOuts: number;
  packetIns: number;
  /** PacketIns dropped because no primary was connected. */
  packetInsDropped: number;
}

/** Arbitration and stream traffic of one device. */
export class DeviceSession {
  readonly stats: SessionStats = { packetOuts: 0, packetIns: 0, packetInsDropped: 0 };
  private readonly arbiters = new Map<string, RoleArbiter>();
  private readonly codecs = new WeakMap<P4Schema, PacketIoCodec>();
  private readonly digests: DigestPump;
  private readonly idle: IdleTimeoutScanner;
  private readonly onCpu = (packet: Uint8Array) => this.packetIn(packet);
  private readonly onProcessed = () => this.digests.poll();

  constructor(
    readonly device: Device,
    private readonly opts: SessionOptions,
  ) {
    const send = (msg: p4.v1.IStreamMessageResponse) => this.toPrimary(msg);
    const listening = () => this.arbiters.get('')?.primary !== undefined;
    this.digests = new DigestPump(device, send, listening);
    this.idle = new IdleTimeoutScanner(device, send, listening, opts.idleScanIntervalMs);
    device.on(DeviceEvent.TO_CPU, this.onCpu);
    device.on(DeviceEvent.PROCESSED, this.onProcessed);
    device.on(DeviceEvent.PIPELINE, this.onProcessed);
  }

  /** Stops timers and listeners (the server ends the streams). */
  stop(): void {
    this.digests.stop();
    this.idle.stop();
    this.device.off(DeviceEvent.TO_CPU, this.onCpu);
    this.device.off(DeviceEvent.PROCESSED, this.onProcessed);
    this.device.off(DeviceEvent.PIPELINE, this.onProcessed);
  }

  private arbiter(role: string): RoleArbiter {
    let a = this.arbiters.get(role);
    if (!a) {
      a = new RoleArbiter({ deviceId: this.device.id, role, ...this.opts });
      this.arbiters.set(role, a);
    }
    return a;
  }

  /** A role is known once a controller arbitrated for it; the default role always is. */
  knowsRole(role: string): boolean {
    return role === '' || this.arbiters.has(role);
  }

  /** Whether `electionId` is the primary's of `role` (what Write and Set*Config require). */
  isPrimary(role: string, electionId: bigint | undefined): boolean {
    return this.arbiters.get(role)?.isPrimary(electionId) ?? false;
  }

  /** A new stream's first arbitration; throws the status that ends the stream. */
  join(role: string, c: Controller, config: google.protobuf.IAny | null): void {
    this.arbiter(role).join(c, config);
    if (role === '') this.digests.poll(); // a new primary may have lists waiting
  }

  /** A later arbitration on a live stream. */
  update(
    role: string,
    c: Controller,
    electionId: bigint | undefined,
    config: google.protobuf.IAny | null,
  ): void {
    this.arbiter(role).update(c, electionId, config);
    if (role === '') this.digests.poll();
  }

  /** A stream ended. */
  leave(role: string, c: Controller): void {
    this.arbiters.get(role)?.leave(c);
  }

  /** Called after every Write: digest configs may have changed. */
  afterWrite(): void {
    this.digests.poll();
  }

  /**
   * A PacketOut from `c`: only a primary may send one (spec §16.1); it goes into the pipeline
   * on the CPU port with its packet_out header in front. Refusals become StreamErrors.
   */
  packetOut(
    role: string,
    c: Controller,
    msg: p4.v1.IPacketOut,
    report: (e: p4.v1.IStreamError) => void,
  ): void {
    const refuse = (code: Code, message: string) =>
      report({ canonical_code: code, message, packet_out: { packet_out: msg } });
    if (this.arbiters.get(role)?.primary !== c) {
      return refuse(Code.PERMISSION_DENIED, 'only the primary controller may send PacketOut');
    }
    const dp = this.device.dataplane;
    if (!dp) return refuse(Code.FAILED_PRECONDITION, 'no forwarding pipeline config is set');
    let bytes: Uint8Array;
    try {
      bytes = this.codecOf(dp.schema).encodePacketOut(msg);
    } catch (e) {
      if (e instanceof P4RuntimeStatus) return refuse(e.code, e.message);
      throw e;
    }
    this.stats.packetOuts++;
    this.device.inject(this.device.cpuPort, bytes);
  }

  /** A DigestListAck from `c` (primary of the default role only). */
  digestAck(
    role: string,
    c: Controller,
    ack: p4.v1.IDigestListAck,
    report: (e: p4.v1.IStreamError) => void,
  ): void {
    const refuse = (code: Code, message: string) =>
      report({ canonical_code: code, message, digest_list_ack: { digest_list_ack: ack } });
    if (role !== '' || this.arbiters.get('')?.primary !== c) {
      return refuse(
        Code.PERMISSION_DENIED,
        'only the primary controller of the default role receives and acks digests',
      );
    }
    if (!this.digests.ack(ack)) {
      return refuse(Code.INVALID_ARGUMENT, `digest id ${ack.digest_id ?? 0} is not in the P4Info`);
    }
    this.digests.poll();
  }

  private packetIn(packet: Uint8Array): void {
    const dp = this.device.dataplane;
    if (!dp) return;
    const msg = this.codecOf(dp.schema).decodePacketIn(packet);
    if (!msg || !this.toPrimary({ packet: msg })) {
      this.stats.packetInsDropped++;
      return;
    }
    this.stats.packetIns++;
  }

  private toPrimary(msg: p4.v1.IStreamMessageResponse): boolean {
    const primary = this.arbiters.get('')?.primary;
    if (!primary) return false;
    primary.send(msg);
    return true;
  }

  private codecOf(schema: P4Schema): PacketIoCodec {
    let codec = this.codecs.get(schema);
    if (!codec) this.codecs.set(schema, (codec = new PacketIoCodec(schema)));
    return codec;
  }
}
