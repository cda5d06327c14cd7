/**
 * diff: the fewest updates that make what a device holds (`actual`) equal what a controller
 * wants (`desired`), as phases in a safe order (controller design, "Writing safely"):
 *
 *   const phases = diff(desired, await readState(client, schema), schema);
 *   for (const phase of phases) await client.write(phase); // one phase fully before the next
 *
 * Updates in one phase never depend on each other, so they may all be in flight together.
 * What is referenced comes before what references it: members, multicast groups, clone
 * sessions and the other independent objects, then groups (they list members), then table
 * entries (they name members, groups, multicast groups and clone sessions in their actions),
 * then direct meter configs (they name entries). Deletions come after every insert and modify,
 * in the reverse order: entries, then groups, then members and replication entries.
 *
 * Default entries are never inserted or deleted (spec §9.1.3): a desired default is a MODIFY;
 * a device default that differs from the P4Info's initial default, with none desired, is reset
 * by a MODIFY without an action. Tables whose default is const (or indirect tables, whose
 * default is a const NoAction) and `const entries` tables are left alone. Counts (counter data,
 * counter cells and direct counter entries) are never compared nor written: a controller that
 * wants to reset a counter writes it itself.
 */
import type { Update } from '../client/client';
import { ActionProfileGroup, P4ValueError, TableEntry, type Entity } from '../entities';
import type { P4Schema, P4Table } from '../schema';
import type { p4 } from '../proto';
import { canonicalize, type AnyEntity, type Canonical } from './canonical';
import { isInitialDefault } from './defaults';

/** The ordered groups of updates: each needs the previous one fully applied. */
export type Phases = Update[][];

/** Where an entity kind stands in the write order. */
type Rank = 'base' | 'group' | 'entry' | 'direct' | 'count';

/** The rank of a canonical entity (what it may reference comes in an earlier rank). */
function rankOf(c: Canonical): Rank {
  const m = c.message;
  if (m.action_profile_group) return 'group';
  if (m.table_entry) return 'entry';
  if (m.direct_meter_entry) return 'direct';
  if (m.counter_entry || m.direct_counter_entry) return 'count';
  return 'base';
}

/** Kinds that are configured by MODIFY only: they exist as long as the pipeline does. */
function modifyOnly(c: Canonical): boolean {
  const m = c.message;
  return !!(
    m.table_entry?.is_default_action ||
    m.meter_entry ||
    m.register_entry ||
    m.direct_meter_entry ||
    m.value_set_entry
  );
}

/** Deletion order: entries first, then groups, then what they reference. */
const DELETE_ORDER: Rank[] = ['entry', 'group', 'base'];
const WRITE_ORDER: Rank[] = ['base', 'group', 'entry', 'direct'];

/**
 * The updates that turn `actual` into `desired`, as phases (empty phases left out). Throws a
 * P4ValueError when `desired` names one entity twice or asks for a change the device cannot
 * make (a const default action, an entry of a `const entries` table).
 */
export function diff(
  desired: readonly AnyEntity[],
  actual: readonly AnyEntity[],
  schema: P4Schema,
): Phases {
  const want = index(desired, schema, 'desired');
  const have = index(actual, schema, 'actual');
  const writes = byRank<Update>();
  const deletes = byRank<Update>();
  for (const [key, given] of want) {
    if (rankOf(given) === 'count') continue;
    const a = have.get(key);
    const d = a ? sameMaxSize(given, a, schema) : given;
    if (a && a.contents === d.contents) continue;
    const why = untouchable(d, schema);
    if (why) {
      // A const default the caller did not read is taken as it is; anything else is refused.
      if (!a && d.message.table_entry?.is_default_action) continue;
      throw new P4ValueError(`desired ${key}: ${why}, so it cannot be written`);
    }
    const type = a || modifyOnly(d) ? 'modify' : 'insert';
    writes.get(rankOf(d))!.push({ type, entity: d.entity });
  }
  for (const [key, a] of have) {
    if (want.has(key) || rankOf(a) === 'count' || untouchable(a, schema)) continue;
    const te = a.message.table_entry;
    if (te?.is_default_action) {
      const reset = resetDefault(te, a, schema);
      if (reset) writes.get('entry')!.push(reset);
    } else if (!modifyOnly(a)) {
      deletes.get(rankOf(a))!.push({ type: 'delete', entity: a.entity });
    }
  }
  return [
    ...WRITE_ORDER.map((r) => writes.get(r)!),
    ...DELETE_ORDER.map((r) => deletes.get(r)!),
  ].filter((p) => p.length > 0);
}

/**
 * DELETE updates for entities known by their key alone, in safe order (entries, groups, then
 * members and replication entries); a default entry is reset instead; const entries and const
 * defaults are left out. Other fields are ignored:
 * the device finds what it deletes by key (spec §9.1: DELETE needs only the key).
 */
export function deletePhases(entities: readonly AnyEntity[], schema: P4Schema): Phases {
  const deletes = byRank<Update>();
  const resets: Update[] = [];
  for (const c of entities.map((e) => canonicalize(e, schema))) {
    if (untouchable(c, schema)) continue; // const entries and const defaults stay
    const te = c.message.table_entry;
    if (te?.is_default_action) resets.push({ type: 'modify', entity: defaultOf(te, schema) });
    else if (!modifyOnly(c) && rankOf(c) !== 'count')
      deletes.get(rankOf(c))!.push({ type: 'delete', entity: c.entity });
  }
  return [resets, ...DELETE_ORDER.map((r) => deletes.get(r)!)].filter((p) => p.length > 0);
}

/**
 * Updates of one type for the given entities, in the order that type needs: INSERT and
 * MODIFY referenced first; DELETE (see deletePhases) referencing first.
 */
export function orderedPhases(
  type: 'insert' | 'modify' | 'delete',
  entities: readonly AnyEntity[],
  schema: P4Schema,
): Phases {
  if (type === 'delete') return deletePhases(entities, schema);
  const writes = byRank<Update>();
  for (const c of entities.map((e) => canonicalize(e, schema))) {
    const t = c.message.table_entry?.is_default_action || modifyOnly(c) ? 'modify' : type;
    if (rankOf(c) !== 'count') writes.get(rankOf(c))!.push({ type: t, entity: c.entity });
  }
  return WRITE_ORDER.map((r) => writes.get(r)!).filter((p) => p.length > 0);
}

function byRank<T>(): Map<Rank, T[]> {
  return new Map((['base', 'group', 'entry', 'direct', 'count'] as Rank[]).map((r) => [r, []]));
}

/** Canonical entities by key; a key given twice is refused (the device holds one). */
function index(list: readonly AnyEntity[], schema: P4Schema, side: string) {
  const out = new Map<string, Canonical>();
  list.forEach((e, i) => {
    const c = canonicalize(e, schema);
    if (out.has(c.key)) {
      throw new P4ValueError(`${side}[${i}]: ${c.key} is given twice (an entity has one place)`);
    }
    out.set(c.key, c);
  });
  return out;
}

/**
 * A group's max_size is fixed when it is inserted (spec §9.2.2; a MODIFY that changes it is
 * refused): a desired group without one takes the device's, and one that differs is refused
 * here, before anything is written.
 */
function sameMaxSize(d: Canonical, a: Canonical, schema: P4Schema): Canonical {
  const want = d.message.action_profile_group?.max_size ?? 0;
  const have = a.message.action_profile_group?.max_size ?? 0;
  if (!(d.entity instanceof ActionProfileGroup) || want === have) return d;
  if (want === 0) return canonicalize(d.entity.with({ maxSize: have }), schema);
  throw new P4ValueError(
    `desired ${d.key}: max_size ${want} differs from the device's ${have}, and a group's ` +
      'max_size cannot change after insert; give the group a new id',
  );
}

/** Why the kit must not write `c` (undefined: it may). */
function untouchable(c: Canonical, schema: P4Schema): string | undefined {
  const te = c.message.table_entry ?? c.message.direct_meter_entry?.table_entry;
  if (!te) return undefined;
  const table = schema.tables.get(te.table_id ?? 0);
  if (table.isConstTable) return `table '${table.name}' has const entries`;
  if (te.is_default_action && constDefault(table)) {
    return `the default action of table '${table.name}' is const`;
  }
  return undefined;
}

/** True when the table's default entry cannot be modified (spec §9.1.3). */
function constDefault(t: P4Table): boolean {
  return t.constDefaultActionId !== 0 || t.implementationId !== 0;
}

/** A MODIFY that resets a default entry, unless it already holds the initial default. */
function resetDefault(te: p4.v1.ITableEntry, a: Canonical, schema: P4Schema): Update | undefined {
  if (isInitialDefault(a, schema)) return undefined;
  return { type: 'modify', entity: defaultOf(te, schema) };
}

/** The default entry of a table without an action: a MODIFY of it resets the default. */
function defaultOf(te: p4.v1.ITableEntry, schema: P4Schema): Entity {
  return new TableEntry({ table: schema.tables.get(te.table_id ?? 0).name, isDefault: true });
}
