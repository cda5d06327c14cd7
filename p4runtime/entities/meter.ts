/**
 * Meter cells (P4Runtime v1.5.0 §9.4): indexed meters by meter and index, direct meters by the
 * key of their table entry. Both are written with MODIFY only; an unset config resets the cell
 * to all-green.
 *
 *   new MeterEntry({ meter: 'port_meter', index: 1,
 *                    config: { cir: 1000, cburst: 100, pir: 2000, pburst: 200 } })
 *   new DirectMeterEntry({ entry: { table: 'acl', match: {...}, priority: 10 }, config })
 */
import type { EncodableEntity } from './update';
import type { P4Schema } from '../schema';
import { p4 } from '../proto';
import {
  P4SchemaError,
  checkIndex,
  decodeMeterConfig,
  decodeMeterCounterData,
  encodeMeterConfig,
  encodeMeterCounterData,
  freezeInto,
  index64,
  meterType,
  type Int,
  type MeterConfig,
  type MeterCounterData,
} from './common';
import { TableEntry, type TableEntrySpec } from './table-entry';

export interface MeterEntrySpec {
  /** Meter by name or id; leave out to read every indexed meter. */
  meter?: string | number;
  /** Cell index; leave out for every cell of the meter. */
  index?: Int;
  config?: MeterConfig;
  /** Per-colour counts; `{}` asks for them in a read, and resets them in a MODIFY. */
  counterData?: MeterCounterData;
}

/** A cell (or all cells) of an indexed meter. */
export class MeterEntry implements EncodableEntity {
  declare readonly meter?: string | number;
  declare readonly index?: Int;
  declare readonly config?: MeterConfig;
  declare readonly counterData?: MeterCounterData;

  constructor(spec: MeterEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<MeterEntrySpec>): MeterEntry {
    return new MeterEntry({ ...(this as MeterEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.meter === undefined) {
      if (this.index !== undefined || this.config || this.counterData) {
        throw new P4SchemaError('meter entry: an index, config or counter data needs a meter');
      }
      return { meter_entry: {} };
    }
    const meter = schema.meters.get(this.meter);
    const owner = `meter '${meter.name}'`;
    const out: p4.v1.IMeterEntry = { meter_id: meter.id };
    if (this.index !== undefined) out.index = { index: checkIndex(this.index, meter.size, owner) };
    if (this.config) {
      out.config = encodeMeterConfig(this.config, `${owner} config`, meterType(schema, meter.id));
    }
    if (this.counterData) {
      out.counter_data = encodeMeterCounterData(this.counterData, `${owner} counterData`);
    }
    return { meter_entry: out };
  }

  static decode(msg: p4.v1.IMeterEntry, schema: P4Schema): MeterEntry {
    const spec: MeterEntrySpec = {};
    if (msg.meter_id) spec.meter = schema.meters.get(msg.meter_id).name;
    if (msg.index) spec.index = index64(msg.index.index);
    if (msg.config) spec.config = decodeMeterConfig(msg.config);
    if (msg.counter_data) spec.counterData = decodeMeterCounterData(msg.counter_data);
    return new MeterEntry(spec);
  }
}

export interface DirectMeterEntrySpec {
  /** The table entry whose meter this is (only its key is sent); leave out to read all. */
  entry?: TableEntry | TableEntrySpec;
  config?: MeterConfig;
  counterData?: MeterCounterData;
}

/** The direct meter cell of one table entry. */
export class DirectMeterEntry implements EncodableEntity {
  declare readonly entry?: TableEntry;
  declare readonly config?: MeterConfig;
  declare readonly counterData?: MeterCounterData;

  constructor(spec: DirectMeterEntrySpec = {}) {
    const entry =
      spec.entry && (spec.entry instanceof TableEntry ? spec.entry : new TableEntry(spec.entry));
    freezeInto(this, { ...spec, entry });
  }

  with(changes: Partial<DirectMeterEntrySpec>): DirectMeterEntry {
    return new DirectMeterEntry({ ...(this as DirectMeterEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    const out: p4.v1.IDirectMeterEntry = {};
    let type = 0;
    if (this.entry) {
      out.table_entry = this.entry.encodeEntry(schema, true);
      const table = out.table_entry.table_id && schema.tables.get(out.table_entry.table_id);
      if (table) {
        const meter = table.directResourceIds.find((id) => schema.directMeters.findId(id));
        if (!meter)
          throw new P4SchemaError(`direct meter entry: table '${table.name}' has no direct meter`);
        type = meterType(schema, meter);
      }
    }
    if (this.config) out.config = encodeMeterConfig(this.config, 'direct meter entry config', type);
    if (this.counterData) {
      out.counter_data = encodeMeterCounterData(this.counterData, 'direct meter entry counterData');
    }
    return { direct_meter_entry: out };
  }

  static decode(msg: p4.v1.IDirectMeterEntry, schema: P4Schema): DirectMeterEntry {
    const spec: DirectMeterEntrySpec = {};
    if (msg.table_entry) spec.entry = TableEntry.decode(msg.table_entry, schema);
    if (msg.config) spec.config = decodeMeterConfig(msg.config);
    if (msg.counter_data) spec.counterData = decodeMeterCounterData(msg.counter_data);
    return new DirectMeterEntry(spec);
  }
}
