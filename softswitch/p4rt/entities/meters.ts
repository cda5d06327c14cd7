/**
 * MeterEntry and DirectMeterEntry (spec §9.5): MODIFY only; an unset config resets the meter to
 * its default (every packet GREEN), an unset index configures every cell; per-colour counters
 * (MeterCounterData) are not kept by this switch, so asking for them is UNIMPLEMENTED.
 */
import type { p4 } from '../../../p4runtime/proto';
import type { MeterConfig } from '../../tables/types';
import { Code, fail } from '../status';
import {
  cellsOf,
  engine,
  int64,
  onlyModify,
  type EntityContext,
  type UpdateType,
  type Undo,
} from './common';
import { keyOut } from './counters';
import { matchOut } from './match';
import { meterConfigIn, meterConfigOut, meterType } from './meter-config';
import { directEntryOf, tableOf } from './table-entry';

function meterOf(ctx: EntityContext, id: number | null | undefined) {
  const info = ctx.schema.meters.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `meter id ${id ?? 0} is not in the P4Info`);
  return { info, cells: ctx.state.meters.get(info.id)! };
}

function noColourCounters(data: unknown, what: string): void {
  if (data) fail(Code.UNIMPLEMENTED, `${what}: per-colour meter counters are not supported`);
}

/** Applies one MeterEntry update; returns how to undo it. */
export function writeMeter(ctx: EntityContext, type: UpdateType, m: p4.v1.IMeterEntry): Undo {
  const { info, cells } = meterOf(ctx, m.meter_id);
  const what = `meter '${info.name}'`;
  onlyModify(type, what);
  noColourCounters(m.counter_data, what);
  const indices = cellsOf(m.index, info.size, what);
  const cfg = m.config ? meterConfigIn(m.config, meterType(ctx, info.id), what) : undefined;
  const old = indices.map((i) => cells.config(i));
  const now = ctx.state.clock();
  engine(() => indices.forEach((i) => cells.setConfig(i, cfg, now)));
  return () => indices.forEach((i, k) => cells.setConfig(i, old[k], now));
}

/** Emits the meter cells a MeterEntry read selects (config only when one is set). */
export function readMeters(
  ctx: EntityContext,
  m: p4.v1.IMeterEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  noColourCounters(m.counter_data, 'meter read');
  const infos = m.meter_id ? [meterOf(ctx, m.meter_id).info] : ctx.schema.meters.all();
  for (const info of infos) {
    const cells = ctx.state.meters.get(info.id)!;
    const indices = cellsOf(m.index, info.size, `meter '${info.name}'`);
    for (const i of indices) {
      const cfg = cells.config(i);
      emit({
        meter_entry: {
          meter_id: info.id,
          index: { index: int64(i) },
          config: cfg ? meterConfigOut(cfg) : null,
        },
      });
    }
  }
}

/** Applies one DirectMeterEntry update (MODIFY of an existing entry's meter). */
export function writeDirectMeter(
  ctx: EntityContext,
  type: UpdateType,
  d: p4.v1.IDirectMeterEntry,
): Undo {
  onlyModify(type, 'a direct meter entry');
  noColourCounters(d.counter_data, 'direct meter entry');
  const found = directEntryOf(ctx, d.table_entry, 'direct meter entry');
  const meter = ctx.schema.directMeters.all().find((x) => x.directTableId === found.info.id);
  if (!meter) fail(Code.INVALID_ARGUMENT, `table '${found.info.name}' has no direct meter`);
  if (found.handle < 0)
    fail(
      Code.UNIMPLEMENTED,
      `table '${found.info.name}': a direct meter on the default entry is not supported`,
    );
  const what = `table '${found.info.name}' direct meter`;
  const cfg: MeterConfig | null = d.config
    ? meterConfigIn(d.config, meterType(ctx, meter.id), what)
    : null;
  const old = found.table.read(found.handle).meterConfig ?? null;
  engine(() => found.table.modify(found.match, found.priority, { meterConfig: cfg }));
  return () => found.table.modify(found.match, found.priority, { meterConfig: old });
}

/** Emits direct meter configs: of one entry, of a table (empty match), of all tables (id 0). */
export function readDirectMeters(
  ctx: EntityContext,
  d: p4.v1.IDirectMeterEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  noColourCounters(d.counter_data, 'direct meter read');
  const te = d.table_entry ?? {};
  const hasMeter = (tableId: number) =>
    ctx.schema.directMeters.all().some((m) => m.directTableId === tableId);
  if (te.table_id && ((te.match ?? []).length > 0 || te.is_default_action)) {
    const found = directEntryOf(ctx, te, 'direct meter entry');
    if (!hasMeter(found.info.id))
      fail(Code.INVALID_ARGUMENT, `table '${found.info.name}' has no direct meter`);
    const cfg = found.handle < 0 ? undefined : found.table.read(found.handle).meterConfig;
    emit({
      direct_meter_entry: { table_entry: keyOut(found), config: cfg ? meterConfigOut(cfg) : null },
    });
    return;
  }
  const tables = te.table_id ? [tableOf(ctx, te.table_id).info] : ctx.schema.tables.all();
  for (const info of tables) {
    if (!hasMeter(info.id)) {
      if (te.table_id) fail(Code.INVALID_ARGUMENT, `table '${info.name}' has no direct meter`);
      continue;
    }
    for (const v of ctx.state.tables.get(info.id)!.entries()) {
      emit({
        direct_meter_entry: {
          table_entry: { table_id: info.id, match: matchOut(info, v.match), priority: v.priority },
          config: v.meterConfig ? meterConfigOut(v.meterConfig) : null,
        },
      });
    }
  }
}
