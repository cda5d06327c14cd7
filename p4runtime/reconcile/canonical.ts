/**
 * The identity and the contents of an entity, as the P4Runtime specification (v1.5.0) defines
 * them, over canonical bytestrings: two entities that the device cannot tell apart give the
 * same strings, whatever way the caller spelt them (names, aliases or ids; `'10.0.0.0/8'` or
 * `{ value, prefixLen }`; a read reply or a hand-built entity).
 *
 *   entityKey(entry, schema)        // 'table 33554434 [1:lpm(0a,8)] prio 0'
 *   sameEntity(a, b, schema)        // same key and same contents; counters never count
 *
 * Identity (spec §9): a table entry is its table, canonical match and priority (the default
 * entry: its table alone, §9.1.3); a member its profile and member id (§9.2.1); a group its
 * profile and group id (§9.2.2); a multicast group its id; a clone session its id (§9.5);
 * counter, meter and register cells their array and index; a direct counter or meter entry
 * the table entry it belongs to; a value set and a digest configuration their id.
 */
import { decodeEntity, type Entity } from '../entities/entity';
import { P4ValueError } from '../entities/common';
import type { P4Schema } from '../schema';
import type { p4 } from '../proto';

/** An entity as the kit accepts it: one of the entity classes or an Entity message. */
export type AnyEntity = Entity | p4.v1.IEntity;

/** An entity with its canonical message, key and contents, computed once. */
export interface Canonical {
  /** The entity as a class instance (messages are decoded). */
  readonly entity: Entity;
  /** Its canonical Entity message (encoded against the schema, unordered lists sorted). */
  readonly message: p4.v1.IEntity;
  /** The identity; equal for the entity the device stores at the same place. */
  readonly key: string;
  /** Everything but the identity and the counts, as text: equal contents, equal text. */
  readonly contents: string;
}

/** The identity of `entity` as the spec defines it, a string usable as a Map key. */
export function entityKey(entity: AnyEntity, schema: P4Schema): string {
  return canonicalize(entity, schema).key;
}

/** True when `a` and `b` are the same entity with the same contents (counts left aside). */
export function sameEntity(a: AnyEntity, b: AnyEntity, schema: P4Schema): boolean {
  const x = canonicalize(a, schema);
  const y = canonicalize(b, schema);
  return x.key === y.key && x.contents === y.contents;
}

/** The canonical form of an entity: its class instance, message, key and contents. */
export function canonicalize(entity: AnyEntity, schema: P4Schema): Canonical {
  const e = isEncodable(entity) ? entity : decodeEntity(entity, schema);
  const message = sortLists(e.encode(schema));
  return { entity: e, message, key: keyOf(message), contents: contentsOf(message) };
}

function isEncodable(e: AnyEntity): e is Entity {
  return typeof (e as { encode?: unknown }).encode === 'function';
}

/** Fields of a message that hold counts or times the device keeps, never configuration. */
const COUNTS = new Set(['counter_data', 'meter_counter_data', 'time_since_last_hit']);

/** The identity of a canonical message. */
function keyOf(m: p4.v1.IEntity): string {
  if (m.table_entry) return tableKey(m.table_entry);
  if (m.action_profile_member) {
    const x = m.action_profile_member;
    return `member ${x.action_profile_id ?? 0}/${x.member_id ?? 0}`;
  }
  if (m.action_profile_group) {
    const x = m.action_profile_group;
    return `group ${x.action_profile_id ?? 0}/${x.group_id ?? 0}`;
  }
  const pre = m.packet_replication_engine_entry;
  if (pre?.multicast_group_entry)
    return `multicast ${pre.multicast_group_entry.multicast_group_id ?? 0}`;
  if (pre?.clone_session_entry) return `clone ${pre.clone_session_entry.session_id ?? 0}`;
  if (m.counter_entry) return cellKey('counter', m.counter_entry.counter_id, m.counter_entry.index);
  if (m.meter_entry) return cellKey('meter', m.meter_entry.meter_id, m.meter_entry.index);
  if (m.register_entry)
    return cellKey('register', m.register_entry.register_id, m.register_entry.index);
  if (m.direct_counter_entry)
    return `direct counter of ${tableKey(m.direct_counter_entry.table_entry ?? {})}`;
  if (m.direct_meter_entry)
    return `direct meter of ${tableKey(m.direct_meter_entry.table_entry ?? {})}`;
  if (m.value_set_entry) return `value set ${m.value_set_entry.value_set_id ?? 0}`;
  if (m.digest_entry) return `digest ${m.digest_entry.digest_id ?? 0}`;
  throw new P4ValueError(`entity ${text(m)} has no kind the reconciliation kit knows`);
}

/** A table entry's identity: table, canonical match and priority, or the default entry. */
export function tableKey(t: p4.v1.ITableEntry): string {
  if (t.is_default_action) return `table ${t.table_id ?? 0} default`;
  return `table ${t.table_id ?? 0} ${text(t.match ?? [])} prio ${t.priority ?? 0}`;
}

function cellKey(kind: string, id: number | null | undefined, index: unknown): string {
  return `${kind} ${id ?? 0}[${text(index ?? {})}]`;
}

/** The contents of a message without its identity and counts, as canonical text. */
function contentsOf(m: p4.v1.IEntity): string {
  return text(m, true);
}

/**
 * Lists whose order the device does not keep (group members, replicas, one-shot action sets,
 * value set members)
 * sorted, so that two spellings of one set compare equal. Match fields and action parameters
 * are already in id order (the entity encoders sort them).
 */
function sortLists(m: p4.v1.IEntity): p4.v1.IEntity {
  const byText = <T>(xs: readonly T[] | null | undefined) =>
    xs ? [...xs].sort((a, b) => cmp(text(a), text(b))) : xs;
  const g = m.action_profile_group;
  if (g?.members) return { action_profile_group: { ...g, members: byText(g.members) } };
  const pre = m.packet_replication_engine_entry;
  const mc = pre?.multicast_group_entry;
  if (mc?.replicas) {
    const entry = { ...mc, replicas: byText(mc.replicas) };
    return { packet_replication_engine_entry: { multicast_group_entry: entry } };
  }
  const cs = pre?.clone_session_entry;
  if (cs?.replicas) {
    const entry = { ...cs, replicas: byText(cs.replicas) };
    return { packet_replication_engine_entry: { clone_session_entry: entry } };
  }
  const te = m.table_entry;
  const set = te?.action?.action_profile_action_set;
  if (te && set?.action_profile_actions) {
    const actions = byText(set.action_profile_actions);
    const action = { action_profile_action_set: { ...set, action_profile_actions: actions } };
    return { table_entry: { ...te, action } };
  }
  const vs = m.value_set_entry;
  if (vs?.members) return { value_set_entry: { ...vs, members: byText(vs.members) } };
  return m;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A deterministic text of a message: keys sorted; proto3 defaults (0, false, empty bytes,
 * strings and lists) left out, so that an unset field and a field set to its default agree;
 * bytes as hex, 64-bit numbers in decimal. With `noCounts`, count fields are left out.
 */
export function text(v: unknown, noCounts = false): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => text(x, noCounts)).join(',')}]`;
  if (isLong(v)) return v.toString();
  const parts: string[] = [];
  for (const k of Object.keys(v).sort()) {
    if (noCounts && COUNTS.has(k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (isDefault(x)) continue;
    parts.push(`${k}:${text(x, noCounts)}`);
  }
  return `{${parts.join(',')}}`;
}

function isLong(v: object): v is { toString(): string; isZero(): boolean } {
  return typeof (v as { isZero?: unknown }).isZero === 'function' && 'low' in v && 'high' in v;
}

function isDefault(x: unknown): boolean {
  if (x === null || x === undefined || x === 0 || x === false || x === '' || x === 0n) return true;
  if (x instanceof Uint8Array || Array.isArray(x)) return x.length === 0;
  return typeof x === 'object' && isLong(x) && x.isZero();
}
