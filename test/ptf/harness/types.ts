/**
 * The shapes the PTF-style harness is built from: what a test expects (bytes or a mask), what
 * a target receives, and the PacketTarget interface both targets (embedded, bmv2) implement.
 * The packet builders (test/ptf/packets) plug in through MaskLike and Describe, without this
 * folder importing them.
 */
import type { P4RuntimeClient } from '../../../p4runtime/client/client';
import type { PacketMetadataValues } from '../../../p4runtime/client/packet';
import type { P4Schema } from '../../../p4runtime/schema';
import type { PipelineFactory } from '../../../softswitch/pipeline/types';
import type { Inbox } from './inbox';

/** An expected packet whose free bits are masked out (a packets-module Mask satisfies it). */
export interface MaskLike {
  /** The expected bytes (what is shown in a failure message). */
  readonly bytes: Uint8Array;
  /** True when `actual` matches on every bit that is not masked out. */
  matches(actual: Uint8Array): boolean;
  /** Optional: 1 bits are compared; used only to show which bytes are "don't care". */
  readonly mask?: Uint8Array;
}

/** What a test expects: the exact bytes, or a mask. */
export type Expected = Uint8Array | MaskLike;

/** Field-level text for a packet (`eth: dst=..., ipv6: src=...`), used in failure messages. */
export type Describe = (bytes: Uint8Array) => string;

/** Controller metadata values by name, as PacketOut takes them and PacketIn checks them. */
export type MetadataValues = Record<string, number | bigint>;

/** Something a target received: a frame on a front-panel port, or a PacketIn. */
export type Received =
  | { readonly kind: 'frame'; readonly port: number; readonly bytes: Uint8Array }
  | {
      readonly kind: 'packet-in';
      readonly bytes: Uint8Array;
      readonly metadata: Readonly<Record<string, bigint>>;
    };

/** The P4 program a suite runs, for every target. */
export interface PipelineOptions {
  /** P4Info file (text or binary), e.g. `p4/v1model/main.p4info.txt`. */
  p4info: string;
  /** Pipeline models the embedded device can run. */
  pipelines: readonly PipelineFactory[];
  /** Device config pushed to the embedded switch: a model name (`'reflector'`) or bytes. */
  embeddedConfig: string | Uint8Array;
  /** bmv2 JSON file pushed to bmv2; default: env P4_BMV2_JSON. */
  bmv2Json?: string;
}

/** Options of a target, whichever it is. */
export interface TargetOptions extends PipelineOptions {
  /** The CPU port (bmv2 --cpu-port; the embedded device's cpuPort). Default 510. */
  cpuPort?: number;
  /** Front-panel ports of the embedded target when P4_PORT_MAP is not set. Default 1..4. */
  ports?: readonly number[];
  /** How long an expectation waits for a packet on bmv2, ms. Default 2000. */
  timeoutMs?: number;
  /** bmv2: how long nothing must arrive before "no other packets" holds, ms. Default 300. */
  quietMs?: number;
  /** Deadline for reaching the switch, arbitration and the pipeline push, ms. Default 15000. */
  connectTimeoutMs?: number;
  /** Election id of the harness's controller. Default 10. */
  electionId?: bigint;
}

/**
 * A switch under test, driven like a wire: frames in and out of front-panel ports, PacketOut
 * and PacketIn over P4Runtime. Everything received lands in `inbox`, in arrival order.
 */
export interface PacketTarget {
  readonly kind: 'embedded' | 'bmv2' | 'tofino';
  /** The harness's controller: primary, with the pipeline pushed. */
  readonly client: P4RuntimeClient;
  readonly schema: P4Schema;
  /** Front-panel ports a test may send on and expect packets from. */
  readonly ports: readonly number[];
  readonly inbox: Inbox;
  /** How long an expectation waits for a packet, ms (embedded: settles instead). */
  readonly timeoutMs: number;
  /** Sends `frame` into the switch on front-panel port `port`. */
  send(port: number, frame: Uint8Array): Promise<void>;
  /** Sends a PacketOut with `packet_out` metadata by name. */
  sendPacketOut(payload: Uint8Array, metadata: PacketMetadataValues): void;
  /**
   * Resolves when what was sent so far has been processed and everything it caused has been
   * received (embedded: exactly, by counting; bmv2: after a quiet time).
   */
  settle(): Promise<void>;
  /** Waits until `take` finds something in the inbox; undefined when it never does. */
  waitFor<T>(take: () => T | undefined): Promise<T | undefined>;
  /** Releases the client, the server or helper process, everything. */
  close(): Promise<void>;
}
