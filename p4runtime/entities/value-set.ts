/**
 * Parser value sets (P4Runtime v1.5.0 §9.6): the whole member list of a value set, written with
 * MODIFY only (an empty list empties the set). Members match like table keys, without priority.
 *
 *   new ValueSetEntry({ valueSet: 'trill_types', members: [{ 1: 0x22f3 }, { 1: 0x893b }] })
 */
import type { EncodableEntity } from './update';
import type { P4Schema } from '../schema';
import { p4 } from '../proto';
import { P4SchemaError, P4ValueError, freezeInto } from './common';
import { decodeMatch, encodeMatch, type Match } from './match';

export interface ValueSetEntrySpec {
  /** Value set by name or id; leave out to read every value set. */
  valueSet?: string | number;
  /** Each member matches by field name or id (`'1'`; value set fields are often unnamed). */
  members?: readonly Match[];
}

/** The members of one parser value set. */
export class ValueSetEntry implements EncodableEntity {
  declare readonly valueSet?: string | number;
  declare readonly members?: readonly Match[];

  constructor(spec: ValueSetEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<ValueSetEntrySpec>): ValueSetEntry {
    return new ValueSetEntry({ ...(this as ValueSetEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.valueSet === undefined) {
      if (this.members) throw new P4SchemaError('value set entry: members need a value set');
      return { value_set_entry: {} };
    }
    const vs = schema.valueSets.get(this.valueSet);
    const owner = `value set '${vs.name}'`;
    const out: p4.v1.IValueSetEntry = { value_set_id: vs.id };
    if (this.members) {
      if (vs.size > 0 && this.members.length > vs.size) {
        throw new P4ValueError(
          `${owner}: ${this.members.length} members given, but the set holds at most ${vs.size}`,
        );
      }
      const seen = new Map<string, number>();
      out.members = this.members.map((m, i) => {
        const match = encodeMatch(vs.match, `${owner} member #${i}`, m);
        const key = JSON.stringify(match, (_k, v) => (v instanceof Uint8Array ? [...v] : v));
        const before = seen.get(key);
        if (before !== undefined) {
          throw new P4ValueError(`${owner} member #${i}: duplicates member #${before}`);
        }
        seen.set(key, i);
        return { match };
      });
    }
    return { value_set_entry: out };
  }

  static decode(msg: p4.v1.IValueSetEntry, schema: P4Schema): ValueSetEntry {
    if (!msg.value_set_id) return new ValueSetEntry();
    const vs = schema.valueSets.get(msg.value_set_id);
    const spec: ValueSetEntrySpec = { valueSet: vs.name };
    if (msg.members?.length) {
      spec.members = msg.members.map((m, i) =>
        decodeMatch(vs.match, `value set '${vs.name}' member #${i}`, m.match ?? []),
      );
    }
    return new ValueSetEntry(spec);
  }
}
