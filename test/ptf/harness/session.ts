/**
 * PtfSession: what one test uses, PTF's testutils in TypeScript. Send frames and PacketOuts,
 * expect packets on ports and PacketIns with their metadata, write table entries that are
 * undone when the test ends, read counters and registers. `finish()` fails the test when a
 * packet is left over or the switch was not restored.
 *
 *   await s.insert(new TableEntry({ table: 'port_table', match: { ingress_port: 1 }, action }));
 *   await s.send(1, frame);
 *   await s.expectPacket(frame, 2);
 *   await s.expectNoOtherPackets();
 */
import type { P4RuntimeClient } from '../../../p4runtime/client/client';
import type { ActionCall, Entity, TableEntry, TableEntrySpec } from '../../../p4runtime/entities';
import type { P4Schema } from '../../../p4runtime/schema';
import {
  PacketExpectationError,
  matches,
  mismatchMessage,
  missingMessage,
  receivedText,
} from './expect';
import { hexdump } from './hexdump';
import * as state from './state';
import type { Describe, Expected, MetadataValues, PacketTarget, Received } from './types';
import { WriteLog } from './writes';

export interface SessionOptions {
  /** Field-level description of packets for failure messages (e.g. the packets dissector). */
  describe?: Describe;
  /** The packet_in metadata field that carries the ingress port. Default 'ingress_port'. */
  ingressPortField?: string;
  /** At the end, check that the table entries are those of the start. Default true. */
  checkRestored?: boolean;
}

/** Options of one expectation. */
export interface ExpectOptions {
  describe?: Describe;
}

/** What a PacketIn must carry besides its payload. */
export interface PacketInExpectation extends ExpectOptions {
  ingressPort?: number;
  /** packet_in metadata by name (P4Info names); fields left out are not checked. */
  metadata?: MetadataValues;
}

/** One test's view of a target. */
export class PtfSession {
  private finishing: Promise<void> | undefined;
  private readonly writes: WriteLog;

  private constructor(
    readonly target: PacketTarget,
    private readonly opts: SessionOptions,
    private readonly before: state.TableSnapshot | undefined,
  ) {
    this.writes = new WriteLog(target.client);
  }

  /** A session on `target`: drops what an earlier test left, snapshots the tables. */
  static async open(target: PacketTarget, opts: SessionOptions = {}): Promise<PtfSession> {
    target.inbox.drain();
    const before =
      opts.checkRestored === false ? undefined : await state.snapshotTables(target.client);
    return new PtfSession(target, opts, before);
  }

  get client(): P4RuntimeClient {
    return this.target.client;
  }
  get schema(): P4Schema {
    return this.target.schema;
  }
  /** The target's front-panel ports: tests pick theirs from here to stay target-agnostic. */
  get ports(): readonly number[] {
    return this.target.ports;
  }
  /** True once finish() was called. */
  get finished(): boolean {
    return this.finishing !== undefined;
  }

  /** Sends `bytes` into the switch on front-panel `port`. */
  async send(port: number, bytes: Uint8Array): Promise<void> {
    this.checkOpen();
    this.checkPort(port);
    await this.target.send(port, bytes);
  }

  /** Sends a PacketOut with `packet_out` metadata by name (padding may be left out). */
  sendPacketOut(bytes: Uint8Array, metadata: MetadataValues): void {
    this.checkOpen();
    this.target.sendPacketOut(bytes, metadata);
  }

  /** The next packet out of `port` must be `expected`. */
  async expectPacket(expected: Expected, port: number, opts: ExpectOptions = {}): Promise<void> {
    const problem = await this.checkNext(expected, port, opts.describe ?? this.opts.describe);
    if (problem) throw new PacketExpectationError(problem.text);
  }

  /** Each port must emit its packets in the order given; ports are checked independently. */
  async expectPackets(
    expected: readonly { port: number; packet: Expected }[],
    opts: ExpectOptions = {},
  ): Promise<void> {
    const byPort = new Map<number, Expected[]>();
    for (const { port, packet } of expected) {
      this.checkPort(port);
      byPort.set(port, [...(byPort.get(port) ?? []), packet]);
    }
    const problems: string[] = [];
    for (const [port, packets] of byPort) {
      for (const [i, packet] of packets.entries()) {
        const where = packets.length > 1 ? `packet ${i + 1} of ${packets.length}` : undefined;
        const describe = opts.describe ?? this.opts.describe;
        const problem = await this.checkNext(packet, port, describe, where);
        if (problem) problems.push(problem.text);
        if (problem?.missing) break; // nothing more came out of this port
      }
    }
    if (problems.length) throw new PacketExpectationError(problems.join('\n\n'));
  }

  /** The next PacketIn must carry `expected` and the given metadata. */
  async expectPacketIn(expected: Expected, opts: PacketInExpectation = {}): Promise<void> {
    const describe = opts.describe ?? this.opts.describe;
    const want = this.packetInMetadata(opts);
    const got = await this.target.waitFor(() => this.target.inbox.takePacketIn());
    if (!got || got.kind !== 'packet-in') {
      const waiting = this.target.inbox.peek();
      throw new PacketExpectationError(
        missingMessage('expectPacketIn', expected, waiting, describe),
      );
    }
    const wrong = Object.entries(want)
      .filter(([name, v]) => got.metadata[name] !== v)
      .map(([name, v]) => `  ${name}: expected ${v}, got ${got.metadata[name] ?? '(absent)'}`);
    const payloadOk = matches(expected, got.bytes);
    if (payloadOk && wrong.length === 0) return;
    const lines = ['expectPacketIn: the PacketIn received differs from the one expected'];
    if (wrong.length) lines.push(`metadata:\n${wrong.join('\n')}`);
    lines.push(
      payloadOk
        ? `payload as expected (${got.bytes.length} bytes):\n${hexdump(got.bytes)}`
        : mismatchMessage('payload', expected, got.bytes, describe),
    );
    throw new PacketExpectationError(lines.join('\n'));
  }

  /** Nothing else may be waiting (embedded: once the switch is idle; bmv2: after a quiet time). */
  async expectNoOtherPackets(): Promise<void> {
    await this.target.settle();
    const { items, errors } = this.target.inbox.drain();
    if (items.length === 0 && errors.length === 0) return;
    const parts: string[] = [];
    if (items.length) {
      parts.push(
        `${items.length} unexpected packet(s):\n` +
          items.map((r) => receivedText(r, this.opts.describe)).join('\n'),
      );
    }
    if (errors.length)
      parts.push(`the switch reported:\n${errors.map((e) => `- ${e}`).join('\n')}`);
    throw new PacketExpectationError(parts.join('\n'));
  }

  /** Inserts entities; they are deleted when the test ends. */
  insert(entities: Entity | readonly Entity[]): Promise<void> {
    this.checkOpen();
    return this.writes.insert(entities);
  }
  /** Modifies entities; they are written back as they were when the test ends. */
  modify(entities: Entity | readonly Entity[]): Promise<void> {
    this.checkOpen();
    return this.writes.modify(entities);
  }
  /** Sets a table's default action; the previous one is restored when the test ends. */
  setDefault(table: string, action: ActionCall): Promise<void> {
    this.checkOpen();
    return this.writes.setDefault(table, action);
  }
  /** Deletes entities; they are inserted again when the test ends. */
  delete(entities: Entity | readonly Entity[]): Promise<void> {
    this.checkOpen();
    return this.writes.delete(entities);
  }

  /** The entry with the key of `entry`, as the switch holds it, or undefined. */
  readEntry(entry: TableEntry | TableEntrySpec): Promise<TableEntry | undefined> {
    return state.readEntry(this.client, entry);
  }
  /** The default entry of `table`. */
  readDefault(table: string): Promise<TableEntry> {
    return state.readDefault(this.client, table);
  }
  /** Packets and bytes counted by the direct counter of `entry`. */
  readDirectCounter(entry: TableEntry | TableEntrySpec): Promise<state.Counts> {
    return state.readDirectCounter(this.client, entry);
  }
  /** Packets and bytes of cell `index` of counter `counter`. */
  readCounter(counter: string, index: number): Promise<state.Counts> {
    return state.readCounter(this.client, counter, index);
  }
  /** Cell `index` of register `register`. */
  readRegister(register: string, index: number) {
    return state.readRegister(this.client, register, index);
  }

  /**
   * Ends the test: fails on packets left over, undoes every write (last first), and checks
   * that the table entries are those of the start. Called by the Jest hooks; idempotent.
   */
  finish(): Promise<void> {
    this.finishing ??= this.finishOnce();
    return this.finishing;
  }

  private async finishOnce(): Promise<void> {
    const problems: string[] = [];
    try {
      await this.expectNoOtherPackets();
    } catch (e) {
      problems.push((e as Error).message);
    }
    problems.push(...(await this.writes.undoAll()));
    if (this.before) {
      const diff = state.snapshotDiff(this.before, await state.snapshotTables(this.client));
      if (diff.length) problems.push(`the tables were not restored:\n${diff.join('\n')}`);
    }
    if (problems.length) {
      throw new PacketExpectationError(`at the end of the test:\n${problems.join('\n\n')}`);
    }
  }

  /** Waits for the next frame on `port` and compares it; returns the problem, if any. */
  private async checkNext(
    expected: Expected,
    port: number,
    describe: Describe | undefined,
    which?: string,
  ): Promise<{ missing: boolean; text: string } | undefined> {
    this.checkPort(port);
    const where = `expectPacket on port ${port}${which ? ` (${which})` : ''}`;
    const got: Received | undefined = await this.target.waitFor(() =>
      this.target.inbox.takeFrame(port),
    );
    if (!got) {
      return {
        missing: true,
        text: missingMessage(where, expected, this.target.inbox.peek(), describe),
      };
    }
    if (matches(expected, got.bytes)) return undefined;
    return { missing: false, text: mismatchMessage(where, expected, got.bytes, describe) };
  }

  /** The metadata a PacketIn must carry, by name, checked against the P4Info. */
  private packetInMetadata(opts: PacketInExpectation): Record<string, bigint> {
    const want: Record<string, bigint> = {};
    for (const [k, v] of Object.entries(opts.metadata ?? {})) want[k] = BigInt(v);
    if (opts.ingressPort !== undefined) {
      want[this.opts.ingressPortField ?? 'ingress_port'] = BigInt(opts.ingressPort);
    }
    const header = this.schema.packetMetadata.findName('packet_in');
    const known = header?.metadata.list.map((f) => f.name) ?? [];
    for (const name of Object.keys(want)) {
      if (!known.includes(name)) {
        throw new Error(
          `expectPacketIn: packet_in has no metadata '${name}' (it has: ${known.join(', ') || 'none'})`,
        );
      }
    }
    return want;
  }

  private checkPort(port: number): void {
    if (!this.target.ports.includes(port)) {
      throw new RangeError(
        `port ${port} is not a front-panel port of the ${this.target.kind} target ` +
          `(ports: ${this.target.ports.join(', ')}; set P4_PORT_MAP or pick from session.ports)`,
      );
    }
  }

  private checkOpen(): void {
    if (this.finishing) throw new Error('this test session has finished');
  }
}
