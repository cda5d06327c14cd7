/**
 * Where a write must wait. P4Runtime orders nothing between WriteRequests, and a device may
 * apply the updates of one WriteRequest in any order (spec §12, Write), so write() cuts the
 * caller's updates into phases wherever a later update may depend on an earlier one, and sends
 * a phase only once every request of the one before it has been answered.
 *
 * A phase ends where the update type changes (insert, modify, delete) or where the entity kind
 * changes (members, groups, table entries, replication entries, counters/meters/registers,
 * ...). Two updates of the same entity key within one phase are not detected: their order is
 * the caller's to fix, by putting them in separate phases (writePhases).
 */
import {
  ActionProfileGroup,
  ActionProfileMember,
  CloneSessionEntry,
  CounterEntry,
  DigestEntry,
  DirectCounterEntry,
  DirectMeterEntry,
  MeterEntry,
  MulticastGroupEntry,
  RegisterEntry,
  TableEntry,
  ValueSetEntry,
} from '../entities';
import type { EncodableEntity, Update } from '../entities/update';
import type { p4 } from '../proto';

/** Updates [from, to) of a write: they may be applied in any order among themselves. */
export interface Phase {
  from: number;
  to: number;
}

/** Classes of entities whose updates may depend on another class's (members before groups...). */
export type EntityKind =
  | 'table'
  | 'member'
  | 'group'
  | 'replication'
  | 'state'
  | 'digest'
  | 'value-set'
  | 'extern'
  | 'other';

/** The kind of an entity value or message. Counters, meters and registers are one kind. */
export function entityKind(e: EncodableEntity | p4.v1.IEntity): EntityKind {
  if (e instanceof TableEntry) return 'table';
  if (e instanceof ActionProfileMember) return 'member';
  if (e instanceof ActionProfileGroup) return 'group';
  if (e instanceof MulticastGroupEntry || e instanceof CloneSessionEntry) return 'replication';
  if (
    e instanceof CounterEntry ||
    e instanceof DirectCounterEntry ||
    e instanceof MeterEntry ||
    e instanceof DirectMeterEntry ||
    e instanceof RegisterEntry
  )
    return 'state';
  if (e instanceof DigestEntry) return 'digest';
  if (e instanceof ValueSetEntry) return 'value-set';
  const m = e as p4.v1.IEntity;
  if (m.table_entry) return 'table';
  if (m.action_profile_member) return 'member';
  if (m.action_profile_group) return 'group';
  if (m.packet_replication_engine_entry) return 'replication';
  if (
    m.counter_entry ||
    m.direct_counter_entry ||
    m.meter_entry ||
    m.direct_meter_entry ||
    m.register_entry
  )
    return 'state';
  if (m.digest_entry) return 'digest';
  if (m.value_set_entry) return 'value-set';
  if (m.extern_entry) return 'extern';
  return 'other';
}

/** The phases of `updates`: cut wherever the update type or the entity kind changes. */
export function cutPhases(updates: readonly Update[]): Phase[] {
  const phases: Phase[] = [];
  let from = 0;
  let type: unknown;
  let kind: EntityKind | undefined;
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i];
    const k = u?.entity ? entityKind(u.entity) : 'other';
    if (i > from && (u?.type !== type || k !== kind)) {
      phases.push({ from, to: i });
      from = i;
    }
    type = u?.type;
    kind = k;
  }
  if (updates.length > from) phases.push({ from, to: updates.length });
  return phases;
}

/** Explicit phases as one array of updates and the ranges of its phases (empty ones dropped). */
export function flattenPhases(phases: readonly (readonly Update[])[]): {
  updates: Update[];
  phases: Phase[];
} {
  const updates: Update[] = [];
  const ranges: Phase[] = [];
  for (const p of phases) {
    if (p.length === 0) continue;
    ranges.push({ from: updates.length, to: updates.length + p.length });
    for (const u of p) updates.push(u);
  }
  return { updates, phases: ranges };
}
