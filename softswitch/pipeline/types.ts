/**
 * The packet interface every pipeline model implements. A model is the TypeScript twin of one
 * P4 program: it reads the device's tables and externs by P4Info NAME, resolved once when the
 * pipeline is loaded, and processes one packet at a time.
 *
 *   const reflector: PipelineFactory = {
 *     name: 'reflector',
 *     create(ctx) {
 *       const table = ctx.state.table('ReflectorIngress.port_table'); // throws if absent
 *       return { process: (port, packet) => [...] };
 *     },
 *   };
 */
import type { P4Schema } from '../../p4runtime/schema';
import type { Clock } from '../tables/clock';
import type { ForwardingState } from '../forwarding-state';

/** A packet leaving the pipeline on `port` (the CPU port included). */
export interface EgressPacket {
  readonly port: number;
  readonly packet: Uint8Array;
}

/** What a pipeline may use: the P4Info, the device's forwarding state, and device constants. */
export interface PipelineContext {
  /** The P4Info this pipeline instance serves. */
  readonly schema: P4Schema;
  /** Tables, action profiles, counters, meters, registers, digests and PRE of this P4Info. */
  readonly state: ForwardingState;
  /** The port that connects the pipeline to the controller (bmv2 --cpu-port). */
  readonly cpuPort: number;
  /** The egress port that means "drop" (bmv2 --drop-port, 511 by default). */
  readonly dropPort: number;
  /** Time source shared with the tables (idle timeout, meters). */
  readonly clock: Clock;
}

/** One P4 program's behaviour, bound to one device's forwarding state. */
export interface Pipeline {
  /**
   * Processes one packet that arrived on `ingressPort` (the CPU port for a PacketOut, whose
   * controller header is already in front of the payload) and returns the packets that leave,
   * in order. An empty list means the packet was dropped.
   */
  process(ingressPort: number, packet: Uint8Array): EgressPacket[];
}

/** Creates a pipeline for a P4Info; selected by `name` from the device config. */
export interface PipelineFactory {
  readonly name: string;
  /**
   * Base names of the P4 programs this model implements (a bmv2 JSON's "program" selects by
   * them, e.g. "main" for p4/v1model/main.p4); the name itself always selects.
   */
  readonly programs?: readonly string[];
  /** One line on what the program does, for listings and errors. */
  readonly description: string;
  /**
   * Binds the model to the objects it needs, by name. Throws (any Error) when the P4Info lacks
   * one of them: the server then refuses the pipeline config with INVALID_ARGUMENT.
   */
  create(ctx: PipelineContext): Pipeline;
}
