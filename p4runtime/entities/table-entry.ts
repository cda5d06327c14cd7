/**
 * TableEntry: one entry of a P4 table (or a read filter over tables), as a small immutable value
 * that encodes itself against a P4Schema (P4Runtime v1.5.0 §9.1).
 *
 *   new TableEntry({
 *     table: 'ipv6_lpm',
 *     match: { 'hdr.ipv6.dst_addr': '2001:db8::/32', vrf: 3 },
 *     action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
 *   })
 *   TableEntry.wildcard()                  // read every entry of every table
 *   new TableEntry({ table: 'acl' })       // read every entry of one table
 */
import type { EncodableEntity } from './update';
import type { P4Schema, P4Table } from '../schema';
import { p4, type Int64 } from '../proto';
import {
  P4SchemaError,
  P4ValueError,
  big,
  decodeCounterData,
  decodeMeterConfig,
  decodeMeterCounterData,
  encodeCounterData,
  encodeMeterConfig,
  encodeMeterCounterData,
  freezeInto,
  int32,
  int64,
  meterType,
  opaqueBytes,
  show,
  type CounterData,
  type Int,
  type MeterConfig,
  type MeterCounterData,
} from './common';
import {
  decodeMatch,
  encodeMatch,
  formatMatchValue,
  isDecoded,
  type Match,
  type ValueFormat,
} from './match';
import { decodeTableAction, encodeTableAction, type TableAction } from './table-action';

/** A table entry as the caller writes it. Every field is optional; see each for its default. */
export interface TableEntrySpec {
  /** Table by full name, alias, unique dotted suffix or id; leave out to read all tables. */
  table?: string | number;
  /**
   * Match values by field. Leave out (undefined) for a read of the whole table; `{}` is the
   * entry whose wildcardable fields are all "don't care".
   */
  match?: Match;
  action?: TableAction;
  /** Required (> 0) iff the table has a ternary, range or optional field; higher wins. */
  priority?: number;
  /** The table's default entry: no match, no priority. */
  isDefault?: boolean;
  /** Opaque controller bytes (a string is stored as UTF-8), returned on reads. */
  metadata?: Uint8Array | string;
  /** Deprecated 64-bit cookie; prefer `metadata`. */
  controllerMetadata?: Int;
  /** Direct counter value; `{}` in a read asks for it. */
  counterData?: CounterData;
  /** Direct meter config; leave out on MODIFY to reset the meter to all-green. */
  meterConfig?: MeterConfig;
  /** Per-colour counts of the direct meter; `{}` in a read asks for them. */
  meterCounterData?: MeterCounterData;
  /** Idle TTL in ns (tables with idle timeout only); 0 never ages out. */
  idleTimeoutNs?: Int;
  /** Set by the server in read replies; give 0n in a read request to ask for it. */
  timeSinceLastHitNs?: Int;
  /** Read-only: the entry cannot be changed (const entries). Never encoded. */
  isConst?: boolean;
}

/** Fields that only make sense within one table (a read of every table takes none). */
const PER_TABLE = [
  'match',
  'action',
  'priority',
  'isDefault',
  'metadata',
  'controllerMetadata',
  'idleTimeoutNs',
] as const;

/** One entry of a P4 table, immutable. Decoded entries hold full names and bigint values. */
export class TableEntry implements EncodableEntity {
  declare readonly table?: string | number;
  declare readonly match?: Match;
  declare readonly action?: TableAction;
  declare readonly priority?: number;
  declare readonly isDefault?: boolean;
  declare readonly metadata?: Uint8Array | string;
  declare readonly controllerMetadata?: Int;
  declare readonly counterData?: CounterData;
  declare readonly meterConfig?: MeterConfig;
  declare readonly meterCounterData?: MeterCounterData;
  declare readonly idleTimeoutNs?: Int;
  declare readonly timeSinceLastHitNs?: Int;
  declare readonly isConst?: boolean;

  constructor(spec: TableEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  /** A read filter over every table, or over every entry of one table. */
  static wildcard(table?: string | number): TableEntry {
    return new TableEntry(table === undefined ? {} : { table });
  }

  /** A copy with some fields changed (`undefined` removes a field). */
  with(changes: Partial<TableEntrySpec>): TableEntry {
    return new TableEntry({ ...(this as TableEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    return { table_entry: this.encodeEntry(schema) };
  }

  /**
   * The TableEntry message. `keyOnly` keeps only what identifies the entry (table, match,
   * priority, default flag), as DirectCounterEntry and DirectMeterEntry need.
   */
  encodeEntry(schema: P4Schema, keyOnly = false): p4.v1.ITableEntry {
    if (this.table === undefined) return this.encodeAllTables();
    const table = schema.tables.get(this.table);
    const owner = `table '${table.name}'`;
    const out: p4.v1.ITableEntry = { table_id: table.id };
    if (this.isDefault) {
      this.checkDefault(owner);
      out.is_default_action = true;
    } else if (this.match !== undefined) {
      if (!table.fields.list.length) {
        throw new P4SchemaError(
          `${owner} has no match key: only its default entry (isDefault: true) can be written`,
        );
      }
      out.match = encodeMatch(table.fields, owner, this.match);
    }
    const priority = this.checkPriority(table, owner);
    if (priority) out.priority = priority;
    if (keyOnly) return out;

    if (this.action !== undefined) {
      out.action = encodeTableAction(schema, table, this.action, !!this.isDefault, owner);
    }
    if (this.metadata !== undefined) out.metadata = opaqueBytes(this.metadata);
    if (this.controllerMetadata !== undefined) {
      out.controller_metadata = int64(this.controllerMetadata, `${owner} controllerMetadata`);
    }
    this.encodeDirect(schema, table, owner, out);
    this.encodeIdle(table, owner, out);
    return out;
  }

  static decode(msg: p4.v1.ITableEntry, schema: P4Schema): TableEntry {
    if (!msg.table_id) return new TableEntry(decodeData(msg));
    const table = schema.tables.get(msg.table_id);
    const owner = `table '${table.name}'`;
    const spec: TableEntrySpec = { table: table.name };
    if (msg.is_default_action) spec.isDefault = true;
    else spec.match = decodeMatch(table.fields, owner, msg.match ?? []);
    if (msg.action) spec.action = decodeTableAction(schema, msg.action, owner) as TableAction;
    if (msg.priority) spec.priority = msg.priority;
    if (msg.metadata?.length) spec.metadata = new Uint8Array(msg.metadata);
    const cookie = big(msg.controller_metadata as Int64);
    if (cookie) spec.controllerMetadata = cookie;
    const idle = big(msg.idle_timeout_ns as Int64);
    if (idle) spec.idleTimeoutNs = idle;
    if (msg.is_const) spec.isConst = true;
    return new TableEntry({ ...spec, ...decodeData(msg) });
  }

  /**
   * The decoded match values as text, in the format asked per field (default hex):
   * `entry.formatMatch({ 'hdr.ipv6.dst_addr': 'ipv6' })` -> `{ 'hdr.ipv6.dst_addr': '2001:db8::/32', ... }`.
   */
  formatMatch(formats: Readonly<Record<string, ValueFormat>> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.match ?? {})) {
      if (v === undefined) continue;
      out[k] = isDecoded(v) ? formatMatchValue(v, formats[k] ?? 'hex') : show(v);
    }
    return out;
  }

  private encodeAllTables(): p4.v1.ITableEntry {
    const filters = PER_TABLE.filter((k) => this[k] !== undefined);
    if (filters.length) {
      throw new P4SchemaError(
        `a table entry without a table reads every table and takes no ${filters.join(', ')}; give a table`,
      );
    }
    const out: p4.v1.ITableEntry = {};
    if (this.counterData) out.counter_data = encodeCounterData(this.counterData, 'counterData');
    if (this.meterConfig) out.meter_config = encodeMeterConfig(this.meterConfig, 'meterConfig');
    if (this.meterCounterData) {
      out.meter_counter_data = encodeMeterCounterData(this.meterCounterData, 'meterCounterData');
    }
    if (this.timeSinceLastHitNs !== undefined) {
      out.time_since_last_hit = elapsed(this.timeSinceLastHitNs, 'timeSinceLastHitNs');
    }
    return out;
  }

  private checkDefault(owner: string): void {
    if (this.match !== undefined && Object.keys(this.match).length) {
      throw new P4ValueError(`${owner} default entry: takes no match (got ${show(this.match)})`);
    }
    if (this.priority) {
      throw new P4ValueError(`${owner} default entry: takes no priority (got ${this.priority})`);
    }
    if (this.idleTimeoutNs || this.timeSinceLastHitNs !== undefined) {
      throw new P4ValueError(
        `${owner} default entry: idle timeout is not supported for default entries`,
      );
    }
  }

  /** Priority is mandatory for an entry of a priority table and forbidden elsewhere. */
  private checkPriority(table: P4Table, owner: string): number {
    const p = this.priority === undefined ? 0 : int32(this.priority, `${owner} priority`);
    if (!table.needsPriority && p) {
      throw new P4ValueError(
        `${owner}: priority ${p} given, but the table has no ternary, range or optional field ` +
          `(expected no priority)`,
      );
    }
    // A read of the whole table (no match) may leave the priority out: it is then a wildcard.
    if (table.needsPriority && !p && this.match !== undefined && !this.isDefault) {
      throw new P4ValueError(
        `${owner}: missing priority (the table has ternary, range or optional fields, ` +
          `so every entry needs a priority > 0)`,
      );
    }
    return p;
  }

  private encodeDirect(schema: P4Schema, table: P4Table, owner: string, out: p4.v1.ITableEntry) {
    if (!this.counterData && !this.meterConfig && !this.meterCounterData) return; // most entries
    const counter = table.directResourceIds.some((id) => schema.directCounters.findId(id));
    const meter = table.directResourceIds.find((id) => schema.directMeters.findId(id));
    const missing = (field: string, what: string) =>
      new P4SchemaError(`${owner}: ${field} given, but the table has no direct ${what}`);
    if (this.counterData) {
      if (!counter) throw missing('counterData', 'counter');
      out.counter_data = encodeCounterData(this.counterData, `${owner} counterData`);
    }
    if (this.meterConfig) {
      if (!meter) throw missing('meterConfig', 'meter');
      const type = meterType(schema, meter);
      out.meter_config = encodeMeterConfig(this.meterConfig, `${owner} meterConfig`, type);
    }
    if (this.meterCounterData) {
      if (!meter) throw missing('meterCounterData', 'meter');
      const what = `${owner} meterCounterData`;
      out.meter_counter_data = encodeMeterCounterData(this.meterCounterData, what);
    }
  }

  private encodeIdle(table: P4Table, owner: string, out: p4.v1.ITableEntry) {
    const ttl =
      this.idleTimeoutNs === undefined
        ? undefined
        : int64(this.idleTimeoutNs, `${owner} idleTimeoutNs`);
    const asked = this.timeSinceLastHitNs !== undefined;
    if (!table.idleTimeout && (asked || (ttl && !ttl.isZero()))) {
      throw new P4SchemaError(
        `${owner}: ${asked ? 'timeSinceLastHitNs' : `idleTimeoutNs ${show(this.idleTimeoutNs)}`} given, ` +
          `but the table has no idle timeout (expected none)`,
      );
    }
    if (ttl && !ttl.isZero()) out.idle_timeout_ns = ttl;
    if (asked) out.time_since_last_hit = elapsed(this.timeSinceLastHitNs, owner);
  }
}

/** A read asks with an empty message (0n); a server answers with the elapsed time. */
function elapsed(ns: Int | undefined, owner: string): p4.v1.TableEntry.IIdleTimeout {
  const v = int64(ns ?? 0, `${owner} timeSinceLastHitNs`);
  return v.isZero() ? {} : { elapsed_ns: v };
}

/** The direct-resource and idle fields of a TableEntry message. */
function decodeData(msg: p4.v1.ITableEntry): TableEntrySpec {
  const spec: TableEntrySpec = {};
  if (msg.counter_data) spec.counterData = decodeCounterData(msg.counter_data);
  if (msg.meter_config) spec.meterConfig = decodeMeterConfig(msg.meter_config);
  if (msg.meter_counter_data)
    spec.meterCounterData = decodeMeterCounterData(msg.meter_counter_data);
  if (msg.time_since_last_hit)
    spec.timeSinceLastHitNs = big(msg.time_since_last_hit.elapsed_ns as Int64);
  return spec;
}
