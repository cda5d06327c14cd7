/**
 * The initial default entry of a table, from the P4Info's `initial_default_action` (v1.4.0):
 * what a default entry holds before any write, and after a MODIFY without an action resets it
 * (spec §9.1.3). A P4Info without one leaves the default at NoAction, which a device reports
 * either as no action or as the NoAction action: both count as the initial default.
 */
import { TableEntry } from '../entities';
import { canonical } from '../bytes';
import type { P4Schema } from '../schema';
import { canonicalize, type Canonical } from './canonical';

/** The table's initial default entry (no action: NoAction). */
export function initialDefault(schema: P4Schema, tableId: number): TableEntry {
  const table = schema.tables.get(tableId);
  const info = schema.p4info.tables.find((t) => t.preamble?.id === table.id);
  const call = info?.initial_default_action;
  if (!call?.action_id) return new TableEntry({ table: table.name, isDefault: true });
  const action = schema.actions.get(call.action_id);
  const params: Record<string, Uint8Array> = {};
  for (const a of call.arguments ?? []) {
    const p = action.params.get(a.param_id ?? 0);
    params[p.name] = canonical(a.value?.length ? a.value : Uint8Array.of(0));
  }
  return new TableEntry({
    table: table.name,
    isDefault: true,
    action: { name: action.name, params },
  });
}

/** True when the default entry `c` holds what its table starts with. */
export function isInitialDefault(c: Canonical, schema: P4Schema): boolean {
  const te = c.message.table_entry;
  if (!te?.is_default_action) return false;
  const initial = initialDefault(schema, te.table_id ?? 0);
  if (canonicalize(initial, schema).contents === c.contents) return true;
  if (initial.action !== undefined) return false;
  const noAction = schema.actions.findName('NoAction');
  const asNoAction = noAction && initial.with({ action: { name: noAction.name } });
  return !!asNoAction && canonicalize(asNoAction, schema).contents === c.contents;
}
