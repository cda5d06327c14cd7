/**
 * Match keys between P4Runtime FieldMatch messages and the engine's full-width EntryMatch
 * (spec §9.1.1 "Match Format"). The P4Runtime side names fields by id and may omit "don't
 * care" fields; the engine side has one slot per field in P4Info order. Value rules that
 * need the whole key (LPM bits past the prefix, ternary bits outside the mask, low <= high,
 * don't-care written explicitly) are checked by the engine's KeySchema, with INVALID_ARGUMENT.
 */
import type { P4MatchField, P4Table, P4ValueSet } from '../../../p4runtime/schema';
import type { p4 } from '../../../p4runtime/proto';
import type { EntryMatch, FieldMatch } from '../../tables/types';
import { toCanonical, toFullWidth } from '../bytestrings';
import { Code, fail } from '../status';

/** What owns match fields: a table, or a value set (`kind` names it in messages). */
type Owner = Pick<P4Table, 'name' | 'fields'> & { kind?: string };

/** The owner of match fields: a table, or a value set (whose fields are under `match`). */
export function fieldsOf(x: P4Table | P4ValueSet): Owner {
  return 'fields' in x ? x : { name: x.name, fields: x.match, kind: 'value set' };
}

/**
 * A FieldMatch list as an EntryMatch. Throws INVALID_ARGUMENT for an unknown or repeated
 * field id, a match kind that is not the field's, or a value that does not fit.
 */
export function matchIn(
  owner: Owner,
  matches: readonly p4.v1.IFieldMatch[] | null | undefined,
): EntryMatch {
  const fields = owner.fields.list;
  const out: (FieldMatch | undefined)[] = new Array(fields.length).fill(undefined);
  const where = `${owner.kind ?? 'table'} '${owner.name}'`;
  for (const m of matches ?? []) {
    const id = m.field_id ?? 0;
    const index = fields.findIndex((f) => f.id === id);
    if (index < 0) {
      const known = fields.map((f) => `${f.id} (${f.name})`).join(', ') || 'none';
      fail(Code.INVALID_ARGUMENT, `${where} has no match field id ${id}; its fields are ${known}`);
    }
    if (out[index] !== undefined)
      fail(Code.INVALID_ARGUMENT, `${where}: match field id ${id} is given twice`);
    out[index] = fieldIn(where, fields[index], m);
  }
  return out;
}

function fieldIn(where: string, f: P4MatchField, m: p4.v1.IFieldMatch): FieldMatch {
  const what = `${where} field '${f.name}'`;
  const given = (m as p4.v1.FieldMatch).field_match_type ?? kindOf(m);
  if (given !== f.kind) {
    const got =
      given === 'other'
        ? 'an architecture-specific (other) match'
        : given
          ? `${/^[aeiou]/.test(given) ? 'an' : 'a'} ${given} match`
          : 'no match value';
    fail(Code.INVALID_ARGUMENT, `${what} is ${f.kind}, got ${got}`);
  }
  const w = f.bitwidth;
  switch (f.kind) {
    case 'exact':
      return { kind: 'exact', value: toFullWidth(m.exact?.value, w, `${what} value`) };
    case 'optional':
      return { kind: 'optional', value: toFullWidth(m.optional?.value, w, `${what} value`) };
    case 'lpm':
      return {
        kind: 'lpm',
        value: toFullWidth(m.lpm?.value, w, `${what} value`),
        prefixLen: m.lpm?.prefix_len ?? 0,
      };
    case 'ternary':
      return {
        kind: 'ternary',
        value: toFullWidth(m.ternary?.value, w, `${what} value`),
        mask: toFullWidth(m.ternary?.mask, w, `${what} mask`),
      };
    case 'range':
      return {
        kind: 'range',
        low: toFullWidth(m.range?.low, w, `${what} low`),
        high: toFullWidth(m.range?.high, w, `${what} high`),
      };
    default:
      return fail(Code.INVALID_ARGUMENT, `${what} has a match kind this switch does not support`);
  }
}

/** Which oneof member is set on a plain (not decoded) FieldMatch object. */
function kindOf(m: p4.v1.IFieldMatch): string | undefined {
  for (const k of ['exact', 'lpm', 'ternary', 'range', 'optional', 'other'] as const) {
    if (m[k]) return k;
  }
  return undefined;
}

/** An EntryMatch as FieldMatch messages in canonical bytes; don't-care fields are omitted. */
export function matchOut(owner: Owner, match: EntryMatch): p4.v1.IFieldMatch[] {
  const out: p4.v1.IFieldMatch[] = [];
  owner.fields.list.forEach((f, i) => {
    const m = match[i];
    if (!m) return;
    const field_id = f.id;
    switch (m.kind) {
      case 'exact':
        out.push({ field_id, exact: { value: toCanonical(m.value) } });
        break;
      case 'optional':
        out.push({ field_id, optional: { value: toCanonical(m.value) } });
        break;
      case 'lpm':
        out.push({ field_id, lpm: { value: toCanonical(m.value), prefix_len: m.prefixLen } });
        break;
      case 'ternary':
        out.push({ field_id, ternary: { value: toCanonical(m.value), mask: toCanonical(m.mask) } });
        break;
      case 'range':
        out.push({ field_id, range: { low: toCanonical(m.low), high: toCanonical(m.high) } });
        break;
    }
  });
  return out;
}
