/**
 * ValueSetEntry (spec §9.8): MODIFY replaces every member of a parser value set; members follow
 * the match rules of table entries but need no priority; a duplicate member is ALREADY_EXISTS
 * and more members than the P4Info size is RESOURCE_EXHAUSTED.
 */
import type { p4 } from '../../../p4runtime/proto';
import { KeySchema } from '../../tables/schema';
import { Code, fail } from '../status';
import { engine, onlyModify, type EntityContext, type UpdateType, type Undo } from './common';
import { fieldsOf, matchIn, matchOut } from './match';

function valueSetOf(ctx: EntityContext, id: number | null | undefined) {
  const info = ctx.schema.valueSets.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `value set id ${id ?? 0} is not in the P4Info`);
  return { info, set: ctx.state.valueSets.get(info.id)! };
}

/** Applies one ValueSetEntry update; returns how to undo it. */
export function writeValueSet(ctx: EntityContext, type: UpdateType, v: p4.v1.IValueSetEntry): Undo {
  const { info, set } = valueSetOf(ctx, v.value_set_id);
  const what = `value set '${info.name}'`;
  onlyModify(type, what);
  const owner = fieldsOf(info);
  // The engine's key schema checks the match rules; a value set has no priorities, so give the
  // schema the one it insists on for ternary-like keys.
  const keys = new KeySchema(info.name, set.fields);
  const scratch = keys.newEncoded();
  const seen = new Set<string>();
  const members = (v.members ?? []).map((m, i) => {
    const match = matchIn(owner, m.match);
    engine(() => keys.encode(match, keys.requiresPriority ? 1 : 0, scratch));
    const key = keys.describe(scratch);
    if (seen.has(key)) fail(Code.ALREADY_EXISTS, `${what}: member ${i} ${key} is a duplicate`);
    seen.add(key);
    return match;
  });
  if (members.length > info.size) {
    fail(
      Code.RESOURCE_EXHAUSTED,
      `${what} holds at most ${info.size} members, got ${members.length}`,
    );
  }
  const old = set.members;
  set.replace(members);
  return () => set.replace(old);
}

/** Emits the value sets a ValueSetEntry read selects (value_set_id 0 = all). */
export function readValueSets(
  ctx: EntityContext,
  v: p4.v1.IValueSetEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = v.value_set_id
    ? [valueSetOf(ctx, v.value_set_id).info]
    : ctx.schema.valueSets.all();
  for (const info of infos) {
    const set = ctx.state.valueSets.get(info.id)!;
    emit({
      value_set_entry: {
        value_set_id: info.id,
        members: set.members.map((m) => ({ match: matchOut(fieldsOf(info), m) })),
      },
    });
  }
}
