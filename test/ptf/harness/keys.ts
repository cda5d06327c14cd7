/**
 * What identifies an entity, and what of a read entity can be written back: the two halves of
 * restoring the switch after a test (read before a change, write the old value after it).
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
  type Entity,
} from '../../../p4runtime/entities';

/** The read filter (and delete form) of `e`: its key without its data. */
export function keyOf(e: Entity): Entity {
  if (e instanceof TableEntry) {
    return new TableEntry({
      table: e.table,
      match: e.isDefault ? undefined : e.match,
      priority: e.priority,
      isDefault: e.isDefault,
    });
  }
  if (e instanceof ActionProfileMember) return e.with({ action: undefined });
  if (e instanceof ActionProfileGroup) return e.with({ members: undefined, maxSize: undefined });
  if (e instanceof CounterEntry) return e.with({ data: undefined });
  if (e instanceof DirectCounterEntry) return e.with({ data: undefined });
  if (e instanceof MeterEntry) return e.with({ config: undefined, counterData: undefined });
  if (e instanceof DirectMeterEntry) return e.with({ config: undefined, counterData: undefined });
  if (e instanceof RegisterEntry) return e.with({ data: undefined });
  if (e instanceof MulticastGroupEntry) return e.with({ replicas: undefined, metadata: undefined });
  if (e instanceof CloneSessionEntry) return new CloneSessionEntry({ sessionId: e.sessionId });
  if (e instanceof ValueSetEntry) return e.with({ members: undefined });
  if (e instanceof DigestEntry) return e.with({ config: undefined });
  throw new TypeError(`the harness cannot restore ${String(e)}: not a known entity kind`);
}

/** A read entity as it can be written back (read-only fields such as counts dropped). */
export function writableOf(e: Entity): Entity {
  if (e instanceof TableEntry) {
    return e.with({
      counterData: undefined,
      meterCounterData: undefined,
      timeSinceLastHitNs: undefined,
      isConst: undefined,
    });
  }
  if (e instanceof MeterEntry || e instanceof DirectMeterEntry) {
    return e.with({ counterData: undefined });
  }
  return e;
}

/** One line naming an entity, for error messages: `TableEntry port_table {ingress_port: 0x3}`. */
export function nameOf(e: Entity): string {
  if (e instanceof TableEntry) {
    const key = e.isDefault ? 'default entry' : JSON.stringify(e.formatMatch()).replace(/"/g, '');
    return `TableEntry ${String(e.table ?? '*')} ${key}`;
  }
  return e.constructor.name;
}
