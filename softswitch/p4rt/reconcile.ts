/**
 * RECONCILE_AND_COMMIT (spec §14): carry the forwarding state of the running config into a
 * new one. The semantics we chose:
 *
 * - A P4 object carries over when the new P4Info has an object of the same kind with the
 *   same id AND the same name; the state of objects that are gone (or renamed) is dropped.
 * - The state of a carried object is read back as P4Runtime entities and replayed into the
 *   new state through the ordinary Write path (members, groups, entries, default entries,
 *   then counters, meters, registers, value sets, digests; the PRE always carries over). So an
 *   entry survives exactly when it is a valid INSERT for the new P4Info: a wider field or a new
 *   action is fine, a value that no longer fits or an action that was removed is not.
 * - If any piece of carried state is refused, the whole request fails with INVALID_ARGUMENT
 *   ("the existing forwarding state cannot be preserved") and nothing changes.
 * - Only state that differs from the default is replayed: zero counters, unconfigured meters,
 *   zero registers and untouched default entries are not.
 */
import { p4 } from '../../p4runtime/proto';
import type { P4Schema } from '../../p4runtime/schema';
import type { ForwardingState } from '../forwarding-state';
import { tableDefault } from '../forwarding-state';
import { applyRead } from './read';
import { applyWrite } from './write';
import { Code, fail } from './status';
import { toNumber } from './bytestrings';

import Type = p4.v1.Update.Type;
import Atomicity = p4.v1.WriteRequest.Atomicity;

/** Replays the carried state of `from` into the fresh `to`; throws INVALID_ARGUMENT if it cannot. */
export function reconcile(from: ForwardingState, to: ForwardingState): void {
  const kept = keptIds(from.schema, to.schema);
  const read = (e: p4.v1.IEntity) => applyRead(from, [e]).entities;
  const updates: p4.v1.IUpdate[] = [];
  const add = (type: Type, entities: p4.v1.IEntity[]) => {
    for (const entity of entities) updates.push({ type, entity });
  };
  const keep = <T>(list: T[], id: (x: T) => number | null | undefined) =>
    list.filter((x) => kept.has(id(x) ?? 0));

  add(
    Type.INSERT,
    keep(read({ action_profile_member: {} }), (e) => e.action_profile_member?.action_profile_id),
  );
  add(
    Type.INSERT,
    keep(read({ action_profile_group: {} }), (e) => e.action_profile_group?.action_profile_id),
  );
  const entries = read({ table_entry: { counter_data: {}, meter_config: {} } });
  add(
    Type.INSERT,
    keep(entries, (e) => e.table_entry?.table_id),
  );
  for (const t of from.schema.tables.all()) {
    // Const defaults (indirect tables included) cannot have changed.
    if (!kept.has(t.id) || t.implementationId || t.constDefaultActionId) continue;
    const [d] = read({
      table_entry: { table_id: t.id, is_default_action: true, counter_data: {} },
    });
    if (d && defaultChanged(from, t.id, d.table_entry!)) add(Type.MODIFY, [d]);
  }
  const nonZeroCounter = (c: p4.v1.ICounterData | null | undefined) =>
    !!c && (Number(c.byte_count ?? 0) !== 0 || Number(c.packet_count ?? 0) !== 0);
  add(
    Type.MODIFY,
    keep(read({ counter_entry: {} }), (e) => e.counter_entry?.counter_id).filter((e) =>
      nonZeroCounter(e.counter_entry!.data),
    ),
  );
  add(
    Type.MODIFY,
    keep(read({ meter_entry: {} }), (e) => e.meter_entry?.meter_id).filter(
      (e) => !!e.meter_entry!.config,
    ),
  );
  add(
    Type.MODIFY,
    keep(read({ register_entry: {} }), (e) => e.register_entry?.register_id).filter(
      (e) => toNumber(e.register_entry!.data!.bitstring!) !== 0,
    ),
  );
  add(
    Type.MODIFY,
    keep(read({ value_set_entry: {} }), (e) => e.value_set_entry?.value_set_id).filter(
      (e) => (e.value_set_entry!.members ?? []).length > 0,
    ),
  );
  add(
    Type.INSERT,
    keep(read({ digest_entry: {} }), (e) => e.digest_entry?.digest_id),
  );
  add(Type.INSERT, read({ packet_replication_engine_entry: { multicast_group_entry: {} } }));
  add(Type.INSERT, read({ packet_replication_engine_entry: { clone_session_entry: {} } }));

  const errors = applyWrite(to, updates, Atomicity.ROLLBACK_ON_ERROR);
  const failure = errors?.find(
    (e) => e.canonical_code !== Code.OK && e.canonical_code !== Code.ABORTED,
  );
  if (failure) {
    fail(
      Code.INVALID_ARGUMENT,
      `the existing forwarding state cannot be preserved: ${failure.message}`,
    );
  }
}

/** Ids of P4 objects present in both P4Infos with the same name. */
function keptIds(a: P4Schema, b: P4Schema): Set<number> {
  const out = new Set<number>();
  const pairs = [
    [a.tables, b.tables],
    [a.actionProfiles, b.actionProfiles],
    [a.counters, b.counters],
    [a.meters, b.meters],
    [a.registers, b.registers],
    [a.digests, b.digests],
    [a.valueSets, b.valueSets],
  ] as const;
  for (const [x, y] of pairs) {
    for (const o of x.all()) if (y.findId(o.id)?.name === o.name) out.add(o.id);
  }
  return out;
}

/** True if a default entry differs from what the program set (action, counter, metadata). */
function defaultChanged(from: ForwardingState, tableId: number, te: p4.v1.ITableEntry): boolean {
  const initial = tableDefault(from.schema, from.schema.tables.findId(tableId)!);
  const current = from.tables.get(tableId)!.defaultAction;
  const sameAction =
    initial?.actionId === current?.actionId &&
    (initial?.params ?? []).every((p, i) => Buffer.from(p).equals(current!.params[i]));
  const counter = te.counter_data;
  const counted =
    !!counter && (Number(counter.byte_count ?? 0) !== 0 || Number(counter.packet_count ?? 0) !== 0);
  return (
    !sameAction ||
    counted ||
    (te.metadata ?? []).length > 0 ||
    Number(te.controller_metadata ?? 0) !== 0
  );
}
