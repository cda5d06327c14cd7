import { prefixMask } from './key';
import { ReferenceTable, Rng } from './reference';
import { MISS, Table } from './table';
import type { EntryMatch, FieldMatch, FieldSpec } from './types';

const act = (n: number) => ({
  kind: 'action' as const,
  actionId: 1,
  params: [Uint8Array.of(n & 0xff)],
});
const lpm = (bitwidth: number): FieldSpec => ({ name: 'dst', bitwidth, matchKind: 'lpm' });
const exact = (name: string, bitwidth: number): FieldSpec => ({
  name,
  bitwidth,
  matchKind: 'exact',
});

interface Shape {
  readonly name: string;
  readonly fields: FieldSpec[];
  /** Distinct values of each exact field, so several tries fill up. */
  readonly exactValues: number;
  /** Leading bits shared by most prefixes (0: uniform), like slices of one service range. */
  readonly clusterBits: number;
  readonly minLen: number;
  readonly maxLen: number;
}

const shapes: Shape[] = [
  {
    name: 'IPv4, uniform /0../32',
    fields: [lpm(32)],
    exactValues: 0,
    clusterBits: 0,
    minLen: 0,
    maxLen: 32,
  },
  {
    name: 'IPv4, nested under /5',
    fields: [lpm(32)],
    exactValues: 0,
    clusterBits: 5,
    minLen: 0,
    maxLen: 32,
  },
  {
    name: 'IPv6, /32../64 slices of one /32',
    fields: [lpm(128)],
    exactValues: 0,
    clusterBits: 32,
    minLen: 32,
    maxLen: 64,
  },
  {
    name: 'IPv6, uniform /0../128',
    fields: [lpm(128)],
    exactValues: 0,
    clusterBits: 0,
    minLen: 0,
    maxLen: 128,
  },
  {
    name: '12-bit field (padding bits)',
    fields: [lpm(12)],
    exactValues: 0,
    clusterBits: 0,
    minLen: 0,
    maxLen: 12,
  },
  {
    name: 'vrf(8) + IPv4',
    fields: [exact('vrf', 8), lpm(32)],
    exactValues: 4,
    clusterBits: 0,
    minLen: 0,
    maxLen: 32,
  },
  {
    name: 'IPv6 /32../64 + port(9)',
    fields: [lpm(128), exact('port', 9)],
    exactValues: 3,
    clusterBits: 32,
    minLen: 32,
    maxLen: 64,
  },
  {
    name: 'vrf(16) + IPv4 + port(9), split exact part',
    fields: [exact('vrf', 16), lpm(32), exact('port', 9)],
    exactValues: 3,
    clusterBits: 8,
    minLen: 8,
    maxLen: 32,
  },
];

function fieldBytes(rng: Rng, f: FieldSpec): Uint8Array {
  const v = rng.bytes((f.bitwidth + 7) >> 3);
  v[0] &= 0xff >> (v.length * 8 - f.bitwidth);
  return v;
}

/** Copies the first `bits` bits of `from` over `to` (both full-width values of `bitwidth`). */
function overlay(to: Uint8Array, from: Uint8Array, bitwidth: number, bits: number): void {
  const m = prefixMask(bitwidth, bits);
  for (let i = 0; i < to.length; i++) to[i] = (from[i] & m[i]) | (to[i] & ~m[i]);
}

describe.each(shapes)('longest prefix match: $name', (shape) => {
  const { fields, exactValues, clusterBits, minLen, maxLen } = shape;
  const lpmField = fields.find((f) => f.matchKind === 'lpm')!;
  const bw = lpmField.bitwidth;

  it('agrees with a brute-force reference through inserts, deletes and outliers', () => {
    const rng = new Rng(bw * 7919 + clusterBits * 31 + fields.length);
    const cluster = fieldBytes(rng, lpmField);
    const n = 3000;
    const table = new Table({ name: 't', fields, size: 2 * n });
    const ref = new ReferenceTable(fields);
    const live = new Map<number, EntryMatch>(); // handle -> match
    const keyOf = (m: EntryMatch) =>
      JSON.stringify(m.map((f) => (f === undefined ? '*' : { ...f })));
    const seen = new Set<string>();

    const randomPrefix = (outlier: boolean): FieldMatch | undefined => {
      const len = outlier ? rng.int(clusterBits + 1) : minLen + rng.int(maxLen - minLen + 1);
      if (len === 0) return undefined;
      const v = fieldBytes(rng, lpmField);
      if (!outlier) overlay(v, cluster, bw, clusterBits);
      const m = prefixMask(bw, len);
      for (let i = 0; i < v.length; i++) v[i] &= m[i];
      return { kind: 'lpm', value: v, prefixLen: len };
    };
    const randomMatch = (outlier = false): EntryMatch =>
      fields.map((f): FieldMatch | undefined => {
        if (f.matchKind === 'lpm') return randomPrefix(outlier);
        const v = new Uint8Array((f.bitwidth + 7) >> 3);
        v[v.length - 1] = rng.int(exactValues);
        return { kind: 'exact', value: v };
      });
    /** A key inside a random live prefix (maybe one bit off), or a random one in or out of the cluster. */
    const randomKey = (matches: EntryMatch[]): Uint8Array => {
      const base =
        matches.length > 0 && rng.int(4) !== 0 ? matches[rng.int(matches.length)] : undefined;
      const parts = fields.map((f, i) => {
        const v = fieldBytes(rng, f);
        const m = base?.[i];
        if (f.matchKind === 'exact') v.fill(0)[v.length - 1] = rng.int(exactValues);
        else if (m?.kind === 'lpm') {
          overlay(v, m.value, bw, m.prefixLen);
          if (rng.int(3) === 0) v[v.length - 1 - rng.int(v.length)] ^= 1 << rng.int(8);
          v[0] &= 0xff >> (v.length * 8 - bw);
        } else if (rng.int(2) === 0) overlay(v, cluster, bw, clusterBits);
        return v;
      });
      return Uint8Array.from(parts.flatMap((p) => [...p]));
    };
    const insert = (match: EntryMatch, i: number) => {
      if (seen.has(keyOf(match))) {
        expect(() => table.insert({ match, action: act(i) })).toThrow(/already exists/);
        return;
      }
      const h = table.insert({ match, action: act(i) });
      live.set(h, match);
      ref.add(h, match, 0);
      seen.add(keyOf(match));
    };
    const check = () => {
      const matches = [...live.values()];
      for (let i = 0; i < 2000; i++) {
        const key = randomKey(matches);
        const best = ref.best(key);
        expect(best.length).toBeLessThanOrEqual(1); // prefixes are unique per exact part
        expect(table.lookup(key)).toBe(best.length === 0 ? MISS : best[0]);
      }
      expect(table.selfCheck()).toEqual([]);
      expect(table.size).toBe(live.size);
    };

    for (let i = 0; i < n; i++) insert(randomMatch(), i);
    check();
    expect(table.indexStats().jumpTables).toBeGreaterThan(0); // the fast path is under test
    // Delete about half, in random order.
    const handles = [...live.keys()];
    for (let i = 0; i < handles.length / 2; i++) {
      const h = handles[rng.int(handles.length)];
      const match = live.get(h);
      if (match === undefined) continue;
      table.delete(match);
      live.delete(h);
      ref.remove(h);
      seen.delete(keyOf(match));
      expect(table.find(match)).toBe(MISS);
    }
    check();
    for (const [h, match] of live) expect(table.find(match)).toBe(h);
    // Outliers (short prefixes outside the cluster) move trie roots; then more of the usual.
    for (let i = 0; i < n / 50; i++) insert(randomMatch(clusterBits > 0), i);
    check();
    if (clusterBits >= 32 && exactValues === 0) expect(table.indexStats().staleJumpTables).toBe(1);
    for (let i = 0; i < n / 2; i++) insert(randomMatch(), i);
    check();
    expect(table.indexStats().staleJumpTables).toBe(0); // rebuilt after enough writes
    for (const match of live.values()) table.delete(match);
    expect(table.size).toBe(0);
    expect(table.lookup(randomKey([]))).toBe(MISS);
  });
});

describe('jump table upkeep', () => {
  it('falls back to the plain walk while stale and rebuilds after enough lookups', () => {
    const fields = [lpm(32)];
    const table = new Table({ name: 'routes', fields, size: 1000 });
    const ref = new ReferenceTable(fields);
    const rng = new Rng(99);
    const add = (value: Uint8Array, prefixLen: number) => {
      const match: EntryMatch = [{ kind: 'lpm', value, prefixLen }];
      if (table.find(match) !== MISS) return;
      ref.add(table.insert({ match, action: act(prefixLen) }), match, 0);
    };
    // 600 /24s under 10.0.0.0/8, then one 11.0.0.0/8 moves the trie's root above the table.
    while (table.size < 600) add(Uint8Array.of(10, rng.int(256), rng.int(256), 0), 24);
    expect(table.indexStats()).toMatchObject({ jumpTables: 1, staleJumpTables: 0 });
    add(Uint8Array.of(11, 0, 0, 0), 8);
    expect(table.indexStats()).toMatchObject({ staleJumpTables: 1 });
    const keys = Array.from({ length: 4000 }, () =>
      Uint8Array.of(10 + rng.int(2), rng.int(256), rng.int(256), 7),
    );
    for (const key of keys) {
      const best = ref.best(key);
      expect(table.lookup(key)).toBe(best.length === 0 ? MISS : best[0]);
    }
    expect(table.indexStats()).toMatchObject({ jumpTables: 1, staleJumpTables: 0 });
    expect(table.selfCheck()).toEqual([]);
  });
});
