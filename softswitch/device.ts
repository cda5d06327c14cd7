/**
 * A Device of the embedded switch: a device id, the pipeline models it can run, the pipeline
 * it runs now (P4Info + forwarding state + model), and its ports. A test harness drives it
 * like a wire: `inject(port, packet)` returns the packets that come out, and every packet
 * leaving on a front-panel port is also emitted as a DeviceEvent.EGRESS event.
 *
 *   const device = new Device({ id: 1, pipelines: [reflector] });
 *   device.on(DeviceEvent.EGRESS, ({ port, packet }) => wire.deliver(port, packet));
 *   device.inject(2, frame);
 */
import { EventEmitter } from 'node:events';
import type { p4 } from '../p4runtime/proto';
import type { P4Schema } from '../p4runtime/schema';
import type { ForwardingState } from './forwarding-state';
import { monotonicNs, type Clock } from './tables/clock';
import type { EgressPacket, Pipeline, PipelineFactory } from './pipeline/types';

/** bmv2 simple_switch's default drop port (egress_spec 511 means drop). */
export const DEFAULT_DROP_PORT = 511;
/** The CPU port used by many v1model programs (bmv2 takes it from --cpu-port). */
export const DEFAULT_CPU_PORT = 510;

/** Events a Device emits. */
export enum DeviceEvent {
  /** A packet left on a front-panel port (payload: EgressPacket). */
  EGRESS = 'egress',
  /** A packet reached the CPU port (payload: Uint8Array, controller header first). */
  TO_CPU = 'to-cpu',
  /** The pipeline that processes packets changed (payload: LoadedPipeline | undefined). */
  PIPELINE = 'pipeline',
  /** One injected packet was fully processed (after its EGRESS / TO_CPU events). */
  PROCESSED = 'processed',
}

/** A pipeline config realized on the device: P4Info, forwarding state and model. */
export interface LoadedPipeline {
  readonly p4info: p4.config.v1.IP4Info;
  readonly deviceConfig: Uint8Array;
  /** The config cookie, when the controller sent one. */
  readonly cookie: bigint | undefined;
  readonly schema: P4Schema;
  readonly state: ForwardingState;
  readonly factory: PipelineFactory;
  readonly pipeline: Pipeline;
}

export interface DeviceOptions {
  /** P4Runtime device id (non-zero). */
  id: bigint | number;
  /** Pipeline models this device can run, selected by the device config. */
  pipelines: readonly PipelineFactory[];
  /** The model used when the device config names none. */
  defaultPipeline?: string;
  cpuPort?: number;
  dropPort?: number;
  clock?: Clock;
}

/** Packet counts of a device, for tests and diagnostics. */
export interface DeviceStats {
  received: number;
  transmitted: number;
  toCpu: number;
  dropped: number;
}

/** One switching device: a pipeline slot for P4Runtime and one for packets, and its ports. */
export class Device extends EventEmitter {
  readonly id: bigint;
  readonly cpuPort: number;
  readonly dropPort: number;
  readonly clock: Clock;
  readonly pipelines: ReadonlyMap<string, PipelineFactory>;
  readonly defaultPipeline: string | undefined;
  readonly stats: DeviceStats = { received: 0, transmitted: 0, toCpu: 0, dropped: 0 };
  private controlSlot: LoadedPipeline | undefined;
  private dataplaneSlot: LoadedPipeline | undefined;

  constructor(opts: DeviceOptions) {
    super();
    this.id = BigInt(opts.id);
    if (this.id <= 0n) throw new RangeError(`device id must be > 0, got ${this.id}`);
    this.cpuPort = opts.cpuPort ?? DEFAULT_CPU_PORT;
    this.dropPort = opts.dropPort ?? DEFAULT_DROP_PORT;
    this.clock = opts.clock ?? monotonicNs;
    this.pipelines = new Map(opts.pipelines.map((p) => [p.name, p]));
    this.defaultPipeline = opts.defaultPipeline;
    if (this.defaultPipeline !== undefined && !this.pipelines.has(this.defaultPipeline)) {
      throw new RangeError(
        `default pipeline '${this.defaultPipeline}' is not among the device's pipelines`,
      );
    }
  }

  /**
   * The pipeline P4Runtime reads and writes. After VERIFY_AND_SAVE it is the saved one, while
   * packets still go through the committed one (spec §12 SetForwardingPipelineConfig).
   */
  get control(): LoadedPipeline | undefined {
    return this.controlSlot;
  }

  /** The pipeline packets go through. */
  get dataplane(): LoadedPipeline | undefined {
    return this.dataplaneSlot;
  }

  /** True between a VERIFY_AND_SAVE and the COMMIT that realizes it. */
  get commitPending(): boolean {
    return this.controlSlot !== this.dataplaneSlot;
  }

  /** Makes `p` the pipeline P4Runtime works on, without touching packet processing. */
  save(p: LoadedPipeline): void {
    this.controlSlot = p;
  }

  /** Lets packets go through the saved pipeline (and its state, written since the save). */
  commit(): void {
    if (this.dataplaneSlot === this.controlSlot) return;
    this.dataplaneSlot = this.controlSlot;
    this.emit(DeviceEvent.PIPELINE, this.dataplaneSlot);
  }

  /** Saves and commits `p` at once. */
  install(p: LoadedPipeline): void {
    this.save(p);
    this.commit();
  }

  /**
   * Sends `packet` into the pipeline as if it arrived on `port` and returns what leaves, in
   * order (the CPU port included). Front-panel outputs are also emitted as EGRESS events and
   * CPU-port outputs as TO_CPU events, after processing, so a handler may inject again.
   */
  inject(port: number, packet: Uint8Array): EgressPacket[] {
    this.stats.received++;
    const dp = this.dataplaneSlot;
    const out = dp ? dp.pipeline.process(port, packet) : [];
    if (out.length === 0) this.stats.dropped++;
    for (const p of out) {
      if (p.port === this.cpuPort) {
        this.stats.toCpu++;
        this.emit(DeviceEvent.TO_CPU, p.packet);
      } else {
        this.stats.transmitted++;
        this.emit(DeviceEvent.EGRESS, p);
      }
    }
    this.emit(DeviceEvent.PROCESSED);
    return out;
  }
}
