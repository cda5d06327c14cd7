/**
 * CounterEntry and DirectCounterEntry (spec §9.4): MODIFY only; an unset index writes every
 * cell, unset data changes nothing; reads take 0 ids and unset indices as wildcards.
 */
import type { p4 } from '../../../p4runtime/proto';
import { MISS } from '../../tables/table';
import type { CounterData } from '../../tables/types';
import { Code, fail } from '../status';
import {
  cellsOf,
  counterIn,
  counterOut,
  engine,
  int64,
  onlyModify,
  type EntityContext,
  type UpdateType,
  type Undo,
} from './common';
import { directEntryOf, tableOf } from './table-entry';
import { matchOut } from './match';

function counterOf(ctx: EntityContext, id: number | null | undefined) {
  const info = ctx.schema.counters.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `counter id ${id ?? 0} is not in the P4Info`);
  return { info, cells: ctx.state.counters.get(info.id)! };
}

/** Applies one CounterEntry update; returns how to undo it. */
export function writeCounter(ctx: EntityContext, type: UpdateType, c: p4.v1.ICounterEntry): Undo {
  const { info, cells } = counterOf(ctx, c.counter_id);
  const what = `counter '${info.name}'`;
  onlyModify(type, what);
  const indices = cellsOf(c.index, info.size, what);
  if (!c.data) return () => {};
  const data = counterIn(c.data, what);
  const old = indices.map((i) => cells.read(i));
  engine(() => indices.forEach((i) => cells.write(i, data)));
  return () => indices.forEach((i, k) => cells.write(i, old[k]));
}

/** Emits the counter cells a CounterEntry read selects. */
export function readCounters(
  ctx: EntityContext,
  c: p4.v1.ICounterEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = c.counter_id ? [counterOf(ctx, c.counter_id).info] : ctx.schema.counters.all();
  for (const info of infos) {
    const cells = ctx.state.counters.get(info.id)!;
    const indices = cellsOf(c.index, info.size, `counter '${info.name}'`);
    for (const i of indices) {
      emit({
        counter_entry: {
          counter_id: info.id,
          index: { index: int64(i) },
          data: counterOut(cells.read(i)),
        },
      });
    }
  }
}

/** Applies one DirectCounterEntry update (MODIFY of an existing entry's counter). */
export function writeDirectCounter(
  ctx: EntityContext,
  type: UpdateType,
  d: p4.v1.IDirectCounterEntry,
): Undo {
  onlyModify(type, 'a direct counter entry');
  const { info, table, handle } = directEntryOf(ctx, d.table_entry, 'direct counter entry');
  const old = table.readCounter(handle);
  if (!old) fail(Code.INVALID_ARGUMENT, `table '${info.name}' has no direct counter`);
  if (!d.data) return () => {};
  const data: CounterData = counterIn(d.data, `table '${info.name}' direct counter`);
  engine(() => table.writeCounter(handle, data));
  return () => table.writeCounter(handle, old);
}

/**
 * Emits direct counter cells: of one entry (NOT_FOUND when absent), of every entry of a table
 * when the match is empty, of every table with a direct counter when table_id is 0.
 */
export function readDirectCounters(
  ctx: EntityContext,
  d: p4.v1.IDirectCounterEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const te = d.table_entry ?? {};
  if (te.table_id && ((te.match ?? []).length > 0 || te.is_default_action)) {
    const found = directEntryOf(ctx, te, 'direct counter entry');
    const data = found.table.readCounter(found.handle);
    if (!data) fail(Code.INVALID_ARGUMENT, `table '${found.info.name}' has no direct counter`);
    emit({ direct_counter_entry: { table_entry: keyOut(found), data: counterOut(data) } });
    return;
  }
  const tables = te.table_id ? [tableOf(ctx, te.table_id).info] : ctx.schema.tables.all();
  for (const info of tables) {
    const table = ctx.state.tables.get(info.id)!;
    if (!table.readCounter(MISS)) {
      if (te.table_id) fail(Code.INVALID_ARGUMENT, `table '${info.name}' has no direct counter`);
      continue;
    }
    for (const v of table.entries()) {
      emit({
        direct_counter_entry: {
          table_entry: { table_id: info.id, match: matchOut(info, v.match), priority: v.priority },
          data: counterOut(v.counterData!),
        },
      });
    }
  }
}

/** The key of an entry a direct resource belongs to, canonical, for replies. */
export function keyOut(found: ReturnType<typeof directEntryOf>): p4.v1.ITableEntry {
  if (found.handle === MISS) return { table_id: found.info.id, is_default_action: true };
  return {
    table_id: found.info.id,
    match: matchOut(found.info, found.match),
    priority: found.priority,
  };
}
