/**
 * Counter cells (P4Runtime v1.5.0 §9.3): indexed counters by counter and index, direct counters
 * by the key of their table entry. Both are written with MODIFY only.
 *
 *   new CounterEntry({ counter: 'port_counter', index: 3 })          // read one cell
 *   new CounterEntry({ counter: 'port_counter' })                    // read every cell
 *   new CounterEntry({ counter: 'port_counter', data: { bytes: 0, packets: 0 } })  // reset all
 *   new DirectCounterEntry({ entry: { table: 'acl', match: {...}, priority: 10 } })
 */
import type { EncodableEntity } from './update';
import type { P4Schema } from '../schema';
import { p4 } from '../proto';
import {
  P4SchemaError,
  checkIndex,
  decodeCounterData,
  encodeCounterData,
  freezeInto,
  index64,
  type CounterData,
  type Int,
} from './common';
import { TableEntry, type TableEntrySpec } from './table-entry';

export interface CounterEntrySpec {
  /** Counter by name or id; leave out to read every indexed counter. */
  counter?: string | number;
  /** Cell index; leave out for every cell of the counter. */
  index?: Int;
  data?: CounterData;
}

/** A cell (or all cells) of an indexed counter. */
export class CounterEntry implements EncodableEntity {
  declare readonly counter?: string | number;
  declare readonly index?: Int;
  declare readonly data?: CounterData;

  constructor(spec: CounterEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<CounterEntrySpec>): CounterEntry {
    return new CounterEntry({ ...(this as CounterEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.counter === undefined) {
      if (this.index !== undefined || this.data) {
        throw new P4SchemaError('counter entry: an index or data needs a counter');
      }
      return { counter_entry: {} };
    }
    const counter = schema.counters.get(this.counter);
    const owner = `counter '${counter.name}'`;
    const out: p4.v1.ICounterEntry = { counter_id: counter.id };
    if (this.index !== undefined)
      out.index = { index: checkIndex(this.index, counter.size, owner) };
    if (this.data) out.data = encodeCounterData(this.data, `${owner} data`);
    return { counter_entry: out };
  }

  static decode(msg: p4.v1.ICounterEntry, schema: P4Schema): CounterEntry {
    const spec: CounterEntrySpec = {};
    if (msg.counter_id) spec.counter = schema.counters.get(msg.counter_id).name;
    if (msg.index) spec.index = index64(msg.index.index);
    if (msg.data) spec.data = decodeCounterData(msg.data);
    return new CounterEntry(spec);
  }
}

export interface DirectCounterEntrySpec {
  /** The table entry whose counter this is (only its key is sent); leave out to read all. */
  entry?: TableEntry | TableEntrySpec;
  data?: CounterData;
}

/** The direct counter cell of one table entry. */
export class DirectCounterEntry implements EncodableEntity {
  declare readonly entry?: TableEntry;
  declare readonly data?: CounterData;

  constructor(spec: DirectCounterEntrySpec = {}) {
    const entry =
      spec.entry && (spec.entry instanceof TableEntry ? spec.entry : new TableEntry(spec.entry));
    freezeInto(this, { entry, data: spec.data });
  }

  with(changes: Partial<DirectCounterEntrySpec>): DirectCounterEntry {
    return new DirectCounterEntry({ ...(this as DirectCounterEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    const out: p4.v1.IDirectCounterEntry = {};
    if (this.entry) {
      out.table_entry = this.entry.encodeEntry(schema, true);
      const table = out.table_entry.table_id && schema.tables.get(out.table_entry.table_id);
      if (table && !table.directResourceIds.some((id) => schema.directCounters.findId(id))) {
        throw new P4SchemaError(
          `direct counter entry: table '${table.name}' has no direct counter`,
        );
      }
    }
    if (this.data) out.data = encodeCounterData(this.data, 'direct counter entry data');
    return { direct_counter_entry: out };
  }

  static decode(msg: p4.v1.IDirectCounterEntry, schema: P4Schema): DirectCounterEntry {
    const spec: DirectCounterEntrySpec = {};
    if (msg.table_entry) spec.entry = TableEntry.decode(msg.table_entry, schema);
    if (msg.data) spec.data = decodeCounterData(msg.data);
    return new DirectCounterEntry(spec);
  }
}
