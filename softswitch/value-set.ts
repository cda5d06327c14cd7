/**
 * A parser value set (P4 `value_set<T>(size)`): a bag of members, each matching a packet's
 * select key field by field. The P4Runtime server replaces the whole bag (ValueSetEntry is
 * MODIFY-only) and the parser asks `matches`. Values are full-width big-endian, as in the
 * table engine. (The table engine in ./tables has no value sets; this is the small adapter.)
 */
import type { FieldMatch, FieldSpec } from './tables/types';

/** One member: a match per value-set field, in field order; undefined = don't care. */
export type ValueSetMember = readonly (FieldMatch | undefined)[];

/** The members of one parser value set. */
export class ValueSet {
  private list: readonly ValueSetMember[] = [];

  constructor(
    readonly name: string,
    readonly fields: readonly FieldSpec[],
    readonly size: number,
  ) {}

  /** Current members, in the order they were written. */
  get members(): readonly ValueSetMember[] {
    return this.list;
  }

  /** Replaces every member (the caller validated them and checked the size). */
  replace(members: readonly ValueSetMember[]): void {
    this.list = Object.freeze([...members]);
  }

  /** True if some member matches `values` (one full-width value per field). */
  matches(values: readonly Uint8Array[]): boolean {
    return this.list.some((m) =>
      m.every((f, i) => f === undefined || fieldMatches(f, values[i], this.fields[i].bitwidth)),
    );
  }
}

function fieldMatches(f: FieldMatch, v: Uint8Array, bitwidth: number): boolean {
  switch (f.kind) {
    case 'exact':
    case 'optional':
      return equal(f.value, v);
    case 'ternary':
      return f.value.every((b, i) => (v[i] & f.mask[i]) === b);
    case 'lpm': {
      // The prefix starts at the field's most significant bit, after the full-width padding.
      const start = v.length * 8 - bitwidth;
      for (let at = start; at < start + f.prefixLen; at++) {
        const mask = 0x80 >> (at & 7);
        if ((v[at >> 3] & mask) !== (f.value[at >> 3] & mask)) return false;
      }
      return true;
    }
    case 'range':
      return compare(f.low, v) <= 0 && compare(v, f.high) <= 0;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
