/**
 * How the model finds its P4 objects: by the full P4Info names of the P4 source (the
 * `@name` annotations), resolved once when the pipeline loads. Every name must match exactly
 * (no suffix or alias resolution), the table's keys and the actions' parameters must have the
 * names and bitwidths the model was written for, and every name used is recorded so that a
 * test can list them against the P4Info. A P4Info that differs is refused with an Error that
 * says what differs (the server answers INVALID_ARGUMENT).
 */
import type { P4Schema } from '../../../p4runtime/schema';
import type { ForwardingState } from '../../forwarding-state';
import type { CounterArray } from '../../tables/counters';
import type { RegisterArray } from '../../tables/registers';
import type { Table } from '../../tables/table';
import type { ActionRef, MatchKind } from '../../tables/types';
import { type TableVisit, TraceSlot } from './trace';

/** An action with its parameters, as table entries hold them. */
export type DirectAction = Extract<ActionRef, { kind: 'action' }>;

/** A key field the model builds: name, match kind and bitwidth, as in the P4 source. */
export type KeySpec = readonly [name: string, kind: MatchKind, bitwidth: number];
/** An action the model runs: name and its parameters' [name, bitwidth]. */
export type ActionSpec = readonly [name: string, params: readonly (readonly [string, number])[]];

/** Resolves and checks the model's P4 objects; `used` lists every name resolved. */
export class Binder {
  readonly used = new Set<string>();
  /** Shared by every table bound here: where a traced packet's applies are recorded. */
  readonly trace = new TraceSlot();

  constructor(
    readonly schema: P4Schema,
    readonly state: ForwardingState,
  ) {}

  /** The table `name` with exactly these keys; returns the engine table and its action ids. */
  table(name: string, keys: readonly KeySpec[], actions: readonly ActionSpec[]): BoundTable {
    const t = this.schema.tables.get(name);
    this.exact('table', name, t.name);
    const fields = t.fields.list;
    const shape = (f: { name: string; kind?: string; bitwidth: number }) =>
      `${f.name}:${f.kind}:${f.bitwidth}`;
    const want = keys.map(([n, kind, bitwidth]) => shape({ name: n, kind, bitwidth })).join(', ');
    const have = fields.map(shape).join(', ');
    if (want !== have)
      throw new Error(`table '${name}': keys are (${have}); the model expects (${want})`);
    const ids = new Map<string, number>();
    for (const [actionName, params] of actions) {
      const id = this.action(actionName, params);
      if (!t.actionRefs.some((r) => r.id === id)) {
        throw new Error(`table '${name}' does not list action '${actionName}'`);
      }
      ids.set(actionName, id);
    }
    for (const key of keys) this.used.add(`${name}.${key[0]}`);
    return new BoundTable(this.state.table(name), ids, this.trace);
  }

  /** The id of action `name` with exactly these parameters. */
  action(name: string, params: readonly (readonly [string, number])[]): number {
    const a = this.schema.actions.get(name);
    this.exact('action', name, a.name);
    const have = a.params.list.map((p) => `${p.name}:${p.bitwidth}`).join(', ');
    const want = params.map(([n, w]) => `${n}:${w}`).join(', ');
    if (have !== want) {
      throw new Error(`action '${name}': parameters are (${have}); the model expects (${want})`);
    }
    for (const [p] of params) this.used.add(`${name}.${p}`);
    return a.id;
  }

  /** The indexed counter `name` of `size` cells. */
  counter(name: string, size: number): CounterArray {
    const c = this.schema.counters.get(name);
    this.exact('counter', name, c.name);
    if (c.size !== size)
      throw new Error(`counter '${name}' has ${c.size} cells; the model expects ${size}`);
    return this.state.counter(name);
  }

  /** The register `name` of `size` cells of bit<bitwidth>. */
  register(name: string, size: number, bitwidth: number): RegisterArray {
    const r = this.schema.registers.get(name);
    this.exact('register', name, r.name);
    if (r.size !== size || r.bitwidth !== bitwidth) {
      throw new Error(
        `register '${name}' is ${r.size} x bit<${r.bitwidth}>; the model expects ${size} x bit<${bitwidth}>`,
      );
    }
    return this.state.register(name);
  }

  /** Checks a controller header's fields: [name, bitwidth] in order. */
  controllerHeader(name: string, fields: readonly (readonly [string, number])[]): void {
    const h = this.schema.packetMetadata.get(name);
    this.exact('controller header', name, h.name);
    const have = h.metadata.list.map((f) => `${f.name}:${f.bitwidth}`).join(', ');
    const want = fields.map(([n, w]) => `${n}:${w}`).join(', ');
    if (have !== want) {
      throw new Error(
        `controller header '${name}': fields are (${have}); the model expects (${want})`,
      );
    }
    for (const [f] of fields) this.used.add(`${name}.${f}`);
  }

  private exact(kind: string, asked: string, found: string): void {
    if (asked !== found) {
      throw new Error(`the model names ${kind} '${asked}' but the P4Info's closest is '${found}'`);
    }
    this.used.add(asked);
  }
}

/** A table as the controls apply it: lookup, direct counter on hits, the action that ran. */
export class BoundTable {
  constructor(
    readonly table: Table,
    private readonly ids: ReadonlyMap<string, number>,
    private readonly trace: TraceSlot = new TraceSlot(),
  ) {}

  /** The id of one of the table's actions (by full name). */
  id(action: string): number {
    const id = this.ids.get(action);
    if (id === undefined)
      throw new Error(`table '${this.table.name}': the model did not bind '${action}'`);
    return id;
  }

  /**
   * table.apply(): the entry handle (>= 0) or MISS (< 0), through the engine's Table.apply so
   * that every pipeline behaves as bmv2 does: a hit counts the entry's direct counter and
   * refreshes its idle time; a miss counts nothing.
   */
  apply(key: Uint8Array, off: number, packetBytes: number): number {
    const handle = this.table.apply(key, off, packetBytes);
    // Only a probe's packet is traced: one null check on the fast path.
    if (this.trace.current !== null) this.record(this.trace.current, handle);
    return handle;
  }

  private record(visits: TableVisit[], handle: number): void {
    visits.push({
      table: this.table.name,
      handle,
      actionId: this.table.actionIdOf(handle),
      ...(handle >= 0 ? { entry: this.table.read(handle) } : {}),
    });
  }

  /** The id of the action that runs for `handle` (0 = NoAction), without reading its object. */
  actionIdOf(handle: number): number {
    return this.table.actionIdOf(handle);
  }

  /** Parameter `k` (at most 32 bits wide) of the action that runs for `handle`, as a number. */
  word(handle: number, k: number): number {
    return this.table.paramWord(handle, k);
  }

  /**
   * The direct action that runs for `handle` (the default action on a miss). Every table of
   * this program has direct actions and a default, so a missing one is a bug of the P4Info.
   */
  action(handle: number): DirectAction {
    const a = this.table.actionOf(handle);
    if (a === undefined || a.kind !== 'action') {
      throw new Error(`table '${this.table.name}': entry ${handle} has no direct action`);
    }
    return a;
  }
}
