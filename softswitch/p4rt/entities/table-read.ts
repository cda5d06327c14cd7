/**
 * TableEntry reads (spec §9.1.8 "Wildcard Reads"): all tables, one table, one entry by match
 * and priority, filters by priority, action, metadata, and the default entry; counter data,
 * meter config and time since last hit only when the request asks for them.
 */
import type { P4Table } from '../../../p4runtime/schema';
import { Long, type p4, toBigInt, type Int64 } from '../../../p4runtime/proto';
import { MISS, type Table } from '../../tables/table';
import type { TableEntryView } from '../../tables/types';
import { Code, fail } from '../status';
import { actionOut, tableActionOut } from './action';
import { counterOut, engine, int64, type EntityContext } from './common';
import { matchOut } from './match';
import { meterConfigOut } from './meter-config';
import { keyOf, tableOf } from './table-entry';

/** What a read request asks for besides the entries themselves. */
export interface ReadFlags {
  counterData: boolean;
  meterConfig: boolean;
  sinceLastHit: boolean;
}

/** Emits the entries a TableEntry read request selects (spec §9.1.8 wildcard reads). */
export function readTableEntries(
  ctx: EntityContext,
  te: p4.v1.ITableEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  if (te.meter_counter_data)
    fail(Code.UNIMPLEMENTED, 'per-colour meter counters are not supported');
  const flags: ReadFlags = {
    counterData: !!te.counter_data,
    meterConfig: !!te.meter_config,
    sinceLastHit: !!te.time_since_last_hit,
  };
  if (!te.table_id) {
    const filtered =
      (te.match ?? []).length > 0 ||
      !!te.priority ||
      !!te.action ||
      !!te.is_default_action ||
      (te.metadata ?? []).length > 0 ||
      toBigInt(te.controller_metadata as Int64) !== 0n;
    if (filtered)
      fail(
        Code.INVALID_ARGUMENT,
        'a read of all tables (table_id 0) cannot filter by match, priority, action, metadata or default entry',
      );
    for (const info of ctx.schema.tables.all()) readTable(ctx, info, te, flags, emit);
    return;
  }
  readTable(ctx, tableOf(ctx, te.table_id).info, te, flags, emit);
}

function readTable(
  ctx: EntityContext,
  info: P4Table,
  te: p4.v1.ITableEntry,
  flags: ReadFlags,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const table = ctx.state.tables.get(info.id)!;
  if (te.is_default_action) {
    emit({ table_entry: defaultOut(ctx, info, table, flags) });
    return;
  }
  const priority = te.priority ?? 0;
  const actionId = te.action?.action?.action_id ?? 0;
  const cm = toBigInt(te.controller_metadata as Int64);
  const md = te.metadata && te.metadata.length > 0 ? Buffer.from(te.metadata) : undefined;
  let views: Iterable<TableEntryView>;
  if ((te.match ?? []).length > 0) {
    const key = keyOf(info, te);
    const one = engine(() => table.get(key.match, key.priority));
    views = one ? [one] : [];
  } else {
    views = table.entries();
  }
  for (const v of views) {
    if (priority && v.priority !== priority) continue;
    if (actionId && !(v.action.kind === 'action' && v.action.actionId === actionId)) continue;
    if (cm && v.controllerMetadata !== cm) continue;
    if (md && !(v.metadata && md.equals(v.metadata))) continue;
    emit({ table_entry: entryOut(ctx, info, v, flags) });
  }
}

/** A stored entry as a TableEntry message, canonical bytes everywhere. */
export function entryOut(
  ctx: EntityContext,
  info: P4Table,
  v: TableEntryView,
  flags: ReadFlags,
): p4.v1.ITableEntry {
  const out: p4.v1.ITableEntry = {
    table_id: info.id,
    match: matchOut(info, v.match),
    action: tableActionOut(ctx, info, v.action),
    priority: v.priority,
    idle_timeout_ns: int64(v.idleTimeoutNs),
  };
  if (v.controllerMetadata !== undefined)
    out.controller_metadata = Long.fromString(v.controllerMetadata.toString(), true);
  if (v.metadata !== undefined) out.metadata = v.metadata;
  if (flags.counterData && v.counterData) out.counter_data = counterOut(v.counterData);
  if (flags.meterConfig && v.meterConfig) out.meter_config = meterConfigOut(v.meterConfig);
  if (flags.sinceLastHit) {
    // The engine times only entries that age; others report 0.
    const elapsed =
      v.lastHitNs === undefined ? 0 : Math.max(0, Math.round(ctx.state.clock() - v.lastHitNs));
    out.time_since_last_hit = { elapsed_ns: int64(elapsed) };
  }
  return out;
}

function defaultOut(
  ctx: EntityContext,
  info: P4Table,
  table: Table,
  flags: ReadFlags,
): p4.v1.ITableEntry {
  const out: p4.v1.ITableEntry = { table_id: info.id, is_default_action: true };
  const call = table.defaultAction;
  if (call) out.action = { action: actionOut(ctx, call) };
  const meta = ctx.book.defaultMetadata.get(info.id);
  if (meta?.controllerMetadata)
    out.controller_metadata = Long.fromString(meta.controllerMetadata.toString(), true);
  if (meta?.metadata) out.metadata = meta.metadata;
  const counter = table.readCounter(MISS);
  if (flags.counterData && counter) out.counter_data = counterOut(counter);
  return out;
}
