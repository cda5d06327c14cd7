/**
 * decodeEntity: any `p4.v1.Entity` (a Read reply, a Write request seen by a server) back to the
 * entity class of its kind.
 *
 *   for await (const e of client.read([TableEntry.wildcard()])) console.log(decodeEntity(e, schema));
 */
import type { P4Schema } from '../schema';
import { p4 } from '../proto';
import { ActionProfileGroup, ActionProfileMember } from './action-profile';
import { P4SchemaError } from './common';
import { CounterEntry, DirectCounterEntry } from './counter';
import { DigestEntry } from './digest';
import { DirectMeterEntry, MeterEntry } from './meter';
import { RegisterEntry } from './register';
import { CloneSessionEntry, MulticastGroupEntry } from './replication';
import { TableEntry } from './table-entry';
import { ValueSetEntry } from './value-set';

/** Every entity kind this library models. */
export type Entity =
  | TableEntry
  | ActionProfileMember
  | ActionProfileGroup
  | CounterEntry
  | DirectCounterEntry
  | MeterEntry
  | DirectMeterEntry
  | MulticastGroupEntry
  | CloneSessionEntry
  | ValueSetEntry
  | RegisterEntry
  | DigestEntry;

/** The entity class instance for an Entity message; extern entries are not modelled. */
export function decodeEntity(entity: p4.v1.IEntity, schema: P4Schema): Entity {
  const e = entity;
  if (e.table_entry) return TableEntry.decode(e.table_entry, schema);
  if (e.action_profile_member) return ActionProfileMember.decode(e.action_profile_member, schema);
  if (e.action_profile_group) return ActionProfileGroup.decode(e.action_profile_group, schema);
  if (e.counter_entry) return CounterEntry.decode(e.counter_entry, schema);
  if (e.direct_counter_entry) return DirectCounterEntry.decode(e.direct_counter_entry, schema);
  if (e.meter_entry) return MeterEntry.decode(e.meter_entry, schema);
  if (e.direct_meter_entry) return DirectMeterEntry.decode(e.direct_meter_entry, schema);
  const pre = e.packet_replication_engine_entry;
  if (pre?.multicast_group_entry) return MulticastGroupEntry.decode(pre.multicast_group_entry);
  if (pre?.clone_session_entry) return CloneSessionEntry.decode(pre.clone_session_entry);
  if (e.value_set_entry) return ValueSetEntry.decode(e.value_set_entry, schema);
  if (e.register_entry) return RegisterEntry.decode(e.register_entry, schema);
  if (e.digest_entry) return DigestEntry.decode(e.digest_entry, schema);
  const kind = e.extern_entry
    ? 'an extern entry'
    : pre
      ? 'an empty replication entry'
      : 'no entity';
  throw new P4SchemaError(`cannot decode ${kind}: expected one of the P4Runtime entity kinds`);
}
