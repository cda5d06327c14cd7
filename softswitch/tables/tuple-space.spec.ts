import { prefixMask } from './key';
import { ReferenceTable, Rng } from './reference';
import { MISS, Table } from './table';
import type { EntryMatch, FieldMatch, FieldSpec } from './types';

const act = { kind: 'action' as const, actionId: 1, params: [] };

interface Shape {
  readonly name: string;
  readonly fields: FieldSpec[];
  readonly entries: number;
  readonly priorities: number;
}

const shapes: Shape[] = [
  {
    name: 'exact + ternary + range + optional + lpm',
    fields: [
      { name: 'port', bitwidth: 9, matchKind: 'exact' },
      { name: 'dscp', bitwidth: 6, matchKind: 'ternary' },
      { name: 'l4_dst', bitwidth: 16, matchKind: 'range' },
      { name: 'proto', bitwidth: 8, matchKind: 'optional' },
      { name: 'src', bitwidth: 32, matchKind: 'lpm' },
    ],
    entries: 1500,
    priorities: 40,
  },
  {
    name: 'ternary only (IPv6 ACL)',
    fields: [
      { name: 'src', bitwidth: 128, matchKind: 'ternary' },
      { name: 'dst', bitwidth: 128, matchKind: 'ternary' },
    ],
    entries: 1500,
    priorities: 1000,
  },
  {
    name: 'one range field',
    fields: [{ name: 'len', bitwidth: 16, matchKind: 'range' }],
    entries: 600,
    priorities: 30,
  },
  {
    name: 'two ranges + optional, many ties',
    fields: [
      { name: 'a', bitwidth: 8, matchKind: 'range' },
      { name: 'b', bitwidth: 12, matchKind: 'range' },
      { name: 'c', bitwidth: 1, matchKind: 'optional' },
    ],
    entries: 800,
    priorities: 3,
  },
  {
    name: 'two lpm fields (needs priority)',
    fields: [
      { name: 'src', bitwidth: 32, matchKind: 'lpm' },
      { name: 'dst', bitwidth: 32, matchKind: 'lpm' },
    ],
    entries: 1000,
    priorities: 50,
  },
];

function randomValue(rng: Rng, f: FieldSpec, small: boolean): Uint8Array {
  const v = rng.bytes((f.bitwidth + 7) >> 3);
  v[0] &= 0xff >> (v.length * 8 - f.bitwidth);
  // Small values make keys collide with entries often.
  if (small) for (let i = 0; i < v.length; i++) v[i] &= i === v.length - 1 ? 0x07 : 0;
  return v;
}

/** A mask from a few shared patterns (so entries share tuples) or random. */
function randomMask(rng: Rng, f: FieldSpec): Uint8Array {
  const w = (f.bitwidth + 7) >> 3;
  const pick = rng.int(4);
  if (pick < 3) return prefixMask(f.bitwidth, [f.bitwidth, Math.ceil(f.bitwidth / 2), 1][pick]);
  const m = randomValue(rng, f, false);
  if (m.every((b) => b === 0)) m[w - 1] = 1;
  return m;
}

function randomField(rng: Rng, f: FieldSpec): FieldMatch | undefined {
  const small = rng.int(2) === 0;
  if (f.matchKind !== 'exact' && rng.int(3) === 0) return undefined;
  switch (f.matchKind) {
    case 'exact':
      return { kind: 'exact', value: randomValue(rng, f, true) };
    case 'optional':
      return { kind: 'optional', value: randomValue(rng, f, small) };
    case 'ternary': {
      const mask = randomMask(rng, f);
      const value = randomValue(rng, f, small).map((b, i) => b & mask[i]);
      return { kind: 'ternary', value, mask };
    }
    case 'lpm': {
      const len = 1 + rng.int(f.bitwidth);
      const m = prefixMask(f.bitwidth, len);
      return {
        kind: 'lpm',
        value: randomValue(rng, f, small).map((b, i) => b & m[i]),
        prefixLen: len,
      };
    }
    case 'range': {
      const a = randomValue(rng, f, small);
      const b = randomValue(rng, f, small);
      const [low, high] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
      const full =
        low.every((x) => x === 0) && Buffer.compare(high, prefixMask(f.bitwidth, f.bitwidth)) === 0;
      return full ? undefined : { kind: 'range', low, high };
    }
  }
}

describe.each(shapes)('priority match: $name', ({ fields, entries: n, priorities }) => {
  it('returns the highest-priority match (lowest handle on ties), like a brute-force scan', () => {
    const rng = new Rng(n * 13 + fields.length);
    const table = new Table({ name: 'acl', fields, size: n });
    const ref = new ReferenceTable(fields);
    const live = new Map<number, { match: EntryMatch; priority: number }>();
    const seen = new Set<string>();
    const id = (m: EntryMatch, p: number) => JSON.stringify([m.map((f) => f ?? '*'), p]);
    const insert = () => {
      const match = fields.map((f) => randomField(rng, f));
      const priority = 1 + rng.int(priorities);
      if (seen.has(id(match, priority))) {
        expect(() => table.insert({ match, priority, action: act })).toThrow(/already exists/);
        return;
      }
      const h = table.insert({ match, priority, action: act });
      seen.add(id(match, priority));
      live.set(h, { match, priority });
      ref.add(h, match, priority);
    };
    const check = () => {
      const all = [...live.values()];
      for (let i = 0; i < 2000; i++) {
        // Keys mostly derived from an entry's values so they hit.
        const base =
          all.length > 0 && rng.int(3) !== 0 ? all[rng.int(all.length)].match : undefined;
        const parts = fields.map((f, j) => {
          const m = base?.[j];
          if (m === undefined) return randomValue(rng, f, rng.int(2) === 0);
          if (m.kind === 'range') return rng.int(2) === 0 ? m.low : m.high;
          return m.value;
        });
        const key = Uint8Array.from(parts.flatMap((p) => [...p]));
        const best = ref.best(key);
        expect(table.lookup(key)).toBe(best.length === 0 ? MISS : Math.min(...best));
      }
    };
    while (table.size < n * 0.9) insert();
    check();
    for (const [h, e] of [...live.entries()].filter(() => rng.int(2) === 0)) {
      table.delete(e.match, e.priority);
      live.delete(h);
      ref.remove(h);
      seen.delete(id(e.match, e.priority));
    }
    check();
    while (table.size < n * 0.9) insert();
    check();
    for (const [h, e] of live) expect(table.find(e.match, e.priority)).toBe(h);
  });
});

describe('tuple space details', () => {
  const fields: FieldSpec[] = [{ name: 'f', bitwidth: 8, matchKind: 'ternary' }];
  const t = (v: number, m: number): EntryMatch => [
    { kind: 'ternary', value: Uint8Array.of(v), mask: Uint8Array.of(m) },
  ];

  it('keeps entries with the same match but different priorities apart', () => {
    const table = new Table({ name: 'acl', fields, size: 10 });
    const low = table.insert({ match: t(0x10, 0xf0), priority: 1, action: act });
    const high = table.insert({ match: t(0x10, 0xf0), priority: 5, action: act });
    expect(table.lookup(Uint8Array.of(0x1a))).toBe(high);
    table.delete(t(0x10, 0xf0), 5);
    expect(table.lookup(Uint8Array.of(0x1a))).toBe(low);
    expect(() => table.delete(t(0x10, 0xf0), 5)).toThrow(/does not exist/);
  });

  it('prefers the higher priority across tuples and is deterministic on ties', () => {
    const table = new Table({ name: 'acl', fields, size: 10 });
    const a = table.insert({ match: t(0x10, 0xf0), priority: 3, action: act });
    const b = table.insert({ match: t(0x12, 0xff), priority: 3, action: act });
    const c = table.insert({ match: t(0x02, 0x0f), priority: 7, action: act });
    expect(table.lookup(Uint8Array.of(0x12))).toBe(c);
    table.delete(t(0x02, 0x0f), 7);
    expect(table.lookup(Uint8Array.of(0x12))).toBe(Math.min(a, b));
    expect(table.lookup(Uint8Array.of(0x12))).toBe(Math.min(a, b));
    expect(table.lookup(Uint8Array.of(0x22))).toBe(MISS);
  });
});
