/**
 * TableEntry writes (spec §9.1): match entries with their action, priority, direct counter and
 * meter, idle timeout and metadata; the default entry (MODIFY only, reset when the action is
 * unset); const tables. Every write returns the closure that undoes it. Reads: table-read.ts.
 */
import type { P4Table } from '../../../p4runtime/schema';
import { p4, toBigInt, type Int64 } from '../../../p4runtime/proto';
import { MISS, type Table } from '../../tables/table';
import type {
  ActionRef,
  EntryMatch,
  TableEntryInput,
  TableEntryPatch,
  TableEntryView,
} from '../../tables/types';
import { Code, fail } from '../status';
import { actionIn, profileOf, tableActionIn } from './action';
import {
  UpdateType,
  counterIn,
  engine,
  nonNegative,
  typeName,
  type EntityContext,
  type Undo,
} from './common';
import { matchIn } from './match';
import { meterConfigIn, meterType } from './meter-config';

/** The table of a table_id (INVALID_ARGUMENT when it is not in the P4Info). */
export function tableOf(
  ctx: EntityContext,
  id: number | null | undefined,
): { info: P4Table; table: Table } {
  const info = ctx.schema.tables.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `table id ${id ?? 0} is not in the P4Info`);
  return { info, table: ctx.state.tables.get(info.id)! };
}

/** The match and priority of an entry key, checked against the table (spec §9.1). */
export function keyOf(
  info: P4Table,
  te: p4.v1.ITableEntry,
): { match: EntryMatch; priority: number } {
  const match = matchIn(info, te.match);
  const priority = te.priority ?? 0;
  if (info.needsPriority && priority <= 0) {
    fail(
      Code.INVALID_ARGUMENT,
      `table '${info.name}' has ternary, range or optional fields: priority must be > 0, got ${priority}`,
    );
  }
  if (!info.needsPriority && priority !== 0) {
    fail(
      Code.INVALID_ARGUMENT,
      `table '${info.name}' has no ternary, range or optional field: priority must be 0, got ${priority}`,
    );
  }
  return { match, priority };
}

/** Applies one TableEntry update; returns how to undo it. */
export function writeTableEntry(ctx: EntityContext, type: UpdateType, te: p4.v1.ITableEntry): Undo {
  const { info, table } = tableOf(ctx, te.table_id);
  const where = `table '${info.name}'`;
  if (te.time_since_last_hit)
    fail(Code.INVALID_ARGUMENT, `${where}: time_since_last_hit must not be set in a write`);
  if (te.is_const) fail(Code.INVALID_ARGUMENT, `${where}: is_const must not be set in a write`);
  if (te.meter_counter_data)
    fail(Code.UNIMPLEMENTED, `${where}: per-colour meter counters are not supported`);
  if (te.is_default_action) return writeDefault(ctx, type, info, table, te);
  if (type === UpdateType.DELETE) return deleteEntry(ctx, info, table, te);
  const { match, priority } = keyOf(info, te);
  if (info.isConstTable && (type === UpdateType.INSERT || te.action)) {
    fail(
      Code.PERMISSION_DENIED,
      `${where} is const: only the direct resources of its entries may be modified`,
    );
  }
  if (type === UpdateType.INSERT) {
    if (!te.action) fail(Code.INVALID_ARGUMENT, `${where}: an INSERT needs an action`);
    const action = tableActionIn(ctx, info, te.action);
    checkOneShotMode(ctx, info, action);
    const input: TableEntryInput = { match, priority, action, ...attrsIn(ctx, info, te) };
    engine(() => table.insert(input));
    countOneShot(ctx, info, undefined, action);
    return () => {
      table.delete(match, priority);
      countOneShot(ctx, info, action, undefined);
    };
  }
  const old = engine(() => table.get(match, priority));
  if (!old) fail(Code.NOT_FOUND, `${where}: no entry with this match and priority ${priority}`);
  const action = te.action ? tableActionIn(ctx, info, te.action) : undefined;
  if (action) checkOneShotMode(ctx, info, action, old.action);
  const patch = modifyPatch(ctx, info, te, action);
  engine(() => table.modify(match, priority, patch));
  if (action) countOneShot(ctx, info, old.action, action);
  return () => {
    table.modify(match, priority, restorePatch(old));
    if (action) countOneShot(ctx, info, action, old.action);
  };
}

function deleteEntry(ctx: EntityContext, info: P4Table, table: Table, te: p4.v1.ITableEntry): Undo {
  // Only the key counts for a DELETE; every other field is ignored (spec §9.1).
  const { match, priority } = keyOf(info, te);
  if (info.isConstTable)
    fail(Code.PERMISSION_DENIED, `table '${info.name}' is const: its entries cannot be deleted`);
  const old = engine(() => table.get(match, priority));
  if (!old)
    fail(Code.NOT_FOUND, `table '${info.name}': no entry with this match and priority ${priority}`);
  table.delete(match, priority);
  countOneShot(ctx, info, old.action, undefined);
  return () => {
    table.insert(restoreInput(old));
    countOneShot(ctx, info, undefined, old.action);
  };
}

/** The attributes of an INSERT or (full-snapshot) MODIFY, as the engine takes them. */
function attrsIn(ctx: EntityContext, info: P4Table, te: p4.v1.ITableEntry) {
  const where = `table '${info.name}'`;
  const meter = ctx.schema.directMeters.all().find((m) => m.directTableId === info.id);
  const cm = toBigInt(te.controller_metadata as Int64);
  return {
    idleTimeoutNs: nonNegative(te.idle_timeout_ns as Int64, `${where}: idle_timeout_ns`),
    meterConfig: te.meter_config
      ? meterConfigIn(
          te.meter_config,
          meter ? meterType(ctx, meter.id) : 0,
          `${where} meter_config`,
        )
      : undefined,
    counterData: te.counter_data ? counterIn(te.counter_data, `${where} counter_data`) : undefined,
    controllerMetadata: cm !== 0n ? cm : undefined,
    metadata: te.metadata && te.metadata.length > 0 ? te.metadata.slice() : undefined,
  };
}

/**
 * A MODIFY is a full snapshot: what is unset goes back to its default, except counter_data,
 * whose absence keeps the counts (spec §9.1.7 "Direct Resources").
 */
function modifyPatch(
  ctx: EntityContext,
  info: P4Table,
  te: p4.v1.ITableEntry,
  action: ActionRef | undefined,
): TableEntryPatch {
  const a = attrsIn(ctx, info, te);
  return {
    action,
    idleTimeoutNs: a.idleTimeoutNs,
    meterConfig: a.meterConfig ?? null,
    counterData: a.counterData,
    controllerMetadata: a.controllerMetadata ?? null,
    metadata: a.metadata ?? null,
  };
}

/** A patch that puts an entry back as it was (undo of a MODIFY). */
function restorePatch(old: TableEntryView): TableEntryPatch {
  return {
    action: old.action,
    idleTimeoutNs: old.idleTimeoutNs,
    meterConfig: old.meterConfig ?? null,
    counterData: old.counterData,
    controllerMetadata: old.controllerMetadata ?? null,
    metadata: old.metadata ?? null,
  };
}

/** The insert that brings a deleted entry back (undo of a DELETE). */
function restoreInput(old: TableEntryView): TableEntryInput {
  const {
    match,
    priority,
    action,
    idleTimeoutNs,
    meterConfig,
    counterData,
    controllerMetadata,
    metadata,
  } = old;
  return {
    match,
    priority,
    action,
    idleTimeoutNs,
    meterConfig,
    counterData,
    controllerMetadata,
    metadata,
  };
}

/**
 * Tables of one selector are programmed either with one-shot action sets or with members and
 * groups, never both (spec §9.2.4): INVALID_ARGUMENT for a mix.
 */
function checkOneShotMode(
  ctx: EntityContext,
  info: P4Table,
  action: ActionRef,
  replacing?: ActionRef,
): void {
  const profile = profileOf(ctx, info);
  if (!profile?.withSelector) return;
  const p = ctx.state.actionProfiles.get(profile.id)!;
  const oneShots =
    (ctx.book.oneShots.get(profile.id) ?? 0) - (replacing?.kind === 'actionSet' ? 1 : 0);
  if (action.kind === 'actionSet' && (p.members().length > 0 || p.groups().length > 0)) {
    fail(
      Code.INVALID_ARGUMENT,
      `selector '${profile.name}' is programmed with members and groups; one-shot action sets cannot be mixed in`,
    );
  }
  if (action.kind !== 'actionSet' && oneShots > 0) {
    fail(
      Code.INVALID_ARGUMENT,
      `selector '${profile.name}' is programmed with one-shot action sets; members and groups cannot be mixed in`,
    );
  }
}

function countOneShot(
  ctx: EntityContext,
  info: P4Table,
  from: ActionRef | undefined,
  to: ActionRef | undefined,
): void {
  const delta = (to?.kind === 'actionSet' ? 1 : 0) - (from?.kind === 'actionSet' ? 1 : 0);
  if (delta === 0 || !info.implementationId) return;
  const n = (ctx.book.oneShots.get(info.implementationId) ?? 0) + delta;
  ctx.book.oneShots.set(info.implementationId, n);
}

/** MODIFY of the default entry (spec §9.1.3): set its action, or reset it when unset. */
function writeDefault(
  ctx: EntityContext,
  type: UpdateType,
  info: P4Table,
  table: Table,
  te: p4.v1.ITableEntry,
): Undo {
  const where = `table '${info.name}' default entry`;
  if (type !== UpdateType.MODIFY)
    fail(Code.INVALID_ARGUMENT, `${where}: only MODIFY is allowed, not ${typeName(type)}`);
  if ((te.match ?? []).length > 0 || (te.priority ?? 0) !== 0) {
    fail(Code.INVALID_ARGUMENT, `${where}: match must be empty and priority 0`);
  }
  if (toBigInt(te.idle_timeout_ns as Int64) !== 0n)
    fail(Code.INVALID_ARGUMENT, `${where}: idle timeout is not supported for default entries`);
  if (te.meter_config)
    fail(Code.UNIMPLEMENTED, `${where}: a direct meter on the default entry is not supported`);
  if (info.implementationId || table.defaultIsConst) {
    // Indirect tables have a const NoAction default (spec §9.1.3).
    fail(Code.PERMISSION_DENIED, `${where} is const and cannot be modified`);
  }
  const call = te.action ? defaultActionIn(ctx, info, te.action) : undefined;
  const counter = te.counter_data ? counterIn(te.counter_data, `${where} counter_data`) : undefined;
  const oldAction = table.defaultAction;
  const oldCounter = table.readCounter(MISS);
  const oldMeta = ctx.book.defaultMetadata.get(info.id);
  if (counter && !oldCounter)
    fail(Code.INVALID_ARGUMENT, `${where}: the table has no direct counter`);
  engine(() => {
    if (call) table.setDefaultAction(call);
    else table.resetDefaultAction();
    if (counter) table.writeCounter(MISS, counter);
  });
  const cm = toBigInt(te.controller_metadata as Int64);
  const md = call && te.metadata && te.metadata.length > 0 ? te.metadata.slice() : undefined;
  // A reset also resets the default entry's metadata (spec §9.1.3).
  if (call && (cm !== 0n || md))
    ctx.book.defaultMetadata.set(info.id, { controllerMetadata: cm || undefined, metadata: md });
  else ctx.book.defaultMetadata.delete(info.id);
  return () => {
    if (oldAction) table.setDefaultAction(oldAction);
    else table.resetDefaultAction();
    if (oldCounter) table.writeCounter(MISS, oldCounter);
    if (oldMeta) ctx.book.defaultMetadata.set(info.id, oldMeta);
    else ctx.book.defaultMetadata.delete(info.id);
  };
}

function defaultActionIn(ctx: EntityContext, info: P4Table, ta: p4.v1.ITableAction) {
  if (!ta.action)
    fail(
      Code.INVALID_ARGUMENT,
      `table '${info.name}' default entry: the default action must be a direct action`,
    );
  return actionIn(ctx, info, ta.action, 'default');
}

/** The stored entry a DirectCounterEntry / DirectMeterEntry names (NOT_FOUND when absent). */
export function directEntryOf(
  ctx: EntityContext,
  te: p4.v1.ITableEntry | null | undefined,
  what: string,
) {
  if (!te) fail(Code.INVALID_ARGUMENT, `${what}: table_entry must be set`);
  const { info, table } = tableOf(ctx, te.table_id);
  if (te.is_default_action) {
    if ((te.match ?? []).length > 0)
      fail(Code.INVALID_ARGUMENT, `${what}: the default entry has no match`);
    return { info, table, handle: MISS, match: [] as EntryMatch, priority: 0 };
  }
  const { match, priority } = keyOf(info, te);
  const handle = engine(() => table.find(match, priority));
  if (handle < 0)
    fail(
      Code.NOT_FOUND,
      `${what}: table '${info.name}' has no entry with this match and priority ${priority}`,
    );
  return { info, table, handle, match, priority };
}
