import { prefixMask } from './key';
import { ReferenceTable, Rng, entryMatches, lpmLength } from './reference';
import type { EntryMatch, FieldMatch, FieldSpec } from './types';

// The specs trust ReferenceTable (compiled value/mask bytes) as the judge of the indexes;
// here it is itself judged against the bigint statement of each match kind.
const fields: FieldSpec[] = [
  { name: 'e', bitwidth: 3, matchKind: 'exact' },
  { name: 'l', bitwidth: 12, matchKind: 'lpm' },
  { name: 't', bitwidth: 8, matchKind: 'ternary' },
  { name: 'r', bitwidth: 10, matchKind: 'range' },
  { name: 'o', bitwidth: 5, matchKind: 'optional' },
];

function value(rng: Rng, bits: number): Uint8Array {
  const v = rng.bytes((bits + 7) >> 3);
  v[0] &= 0xff >> (v.length * 8 - bits);
  return v;
}

function randomField(rng: Rng, f: FieldSpec): FieldMatch | undefined {
  if (f.matchKind !== 'exact' && rng.int(3) === 0) return undefined;
  const v = value(rng, f.bitwidth);
  switch (f.matchKind) {
    case 'exact':
    case 'optional':
      return { kind: f.matchKind, value: v };
    case 'lpm': {
      const prefixLen = 1 + rng.int(f.bitwidth);
      const m = prefixMask(f.bitwidth, prefixLen);
      return { kind: 'lpm', value: v.map((b, i) => b & m[i]), prefixLen };
    }
    case 'ternary': {
      const mask = value(rng, f.bitwidth);
      return { kind: 'ternary', value: v.map((b, i) => b & mask[i]), mask };
    }
    case 'range': {
      const w = value(rng, f.bitwidth);
      const [low, high] = Buffer.compare(v, w) <= 0 ? [v, w] : [w, v];
      return { kind: 'range', low, high };
    }
  }
}

describe('ReferenceTable', () => {
  it('agrees with the bigint definition of every match kind', () => {
    const rng = new Rng(5);
    const entries: { match: EntryMatch; priority: number }[] = [];
    const ref = new ReferenceTable(fields);
    for (let i = 0; i < 300; i++) {
      const match = fields.map((f) => randomField(rng, f));
      const priority = 1 + rng.int(20);
      entries.push({ match, priority });
      ref.add(i, match, priority);
    }
    let hits = 0;
    for (let k = 0; k < 3000; k++) {
      // Keys copied from entries' values (so they match often) or random.
      const base = entries[rng.int(entries.length)].match;
      const key = Uint8Array.from(
        fields.flatMap((f, i) => {
          const m = base[i];
          const v =
            m === undefined || rng.int(4) === 0
              ? value(rng, f.bitwidth)
              : m.kind === 'range'
                ? m.low
                : m.value;
          return [...v];
        }),
      );
      let best = -1;
      const want: number[] = [];
      entries.forEach((e, i) => {
        if (!entryMatches(fields, e.match, key)) return;
        if (e.priority > best) want.length = 0;
        if (e.priority >= best) {
          best = e.priority;
          want.push(i);
        }
      });
      expect(ref.best(key)).toEqual(want);
      if (want.length > 0) hits++;
    }
    expect(hits).toBeGreaterThan(300);
  });

  it('scores tables without priority by prefix length', () => {
    expect(
      lpmLength(fields, [undefined, { kind: 'lpm', value: Uint8Array.of(0, 0), prefixLen: 4 }]),
    ).toBe(4);
    expect(lpmLength(fields, [])).toBe(0);
  });
});
