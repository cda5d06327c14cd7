import { bytesToBigInt } from './key';
import type { EntryMatch, FieldMatch, FieldSpec } from './types';

/**
 * Brute-force reference of P4Runtime match semantics, written for obviousness (bigints,
 * linear scans) rather than speed: specs and the benchmark check the indexes against it.
 */

/** True if one field's match accepts the field's key bytes. */
export function fieldMatches(
  m: FieldMatch | undefined,
  keyField: Uint8Array,
  bitwidth: number,
): boolean {
  if (m === undefined) return true;
  const k = bytesToBigInt(keyField);
  switch (m.kind) {
    case 'exact':
    case 'optional':
      return k === bytesToBigInt(m.value);
    case 'ternary':
      return (k & bytesToBigInt(m.mask)) === bytesToBigInt(m.value);
    case 'lpm': {
      const shift = BigInt(bitwidth - m.prefixLen);
      return k >> shift === bytesToBigInt(m.value) >> shift;
    }
    case 'range':
      return bytesToBigInt(m.low) <= k && k <= bytesToBigInt(m.high);
  }
}

/** True if `match` accepts the lookup key (concatenated full-width fields). */
export function entryMatches(
  fields: readonly FieldSpec[],
  match: EntryMatch,
  key: Uint8Array,
): boolean {
  let off = 0;
  for (let i = 0; i < fields.length; i++) {
    const w = (fields[i].bitwidth + 7) >> 3;
    if (!fieldMatches(match[i], key.subarray(off, off + w), fields[i].bitwidth)) return false;
    off += w;
  }
  return true;
}

/** Prefix length of the entry's lpm field (0 when wildcarded or absent). */
export function lpmLength(fields: readonly FieldSpec[], match: EntryMatch): number {
  const i = fields.findIndex((f) => f.matchKind === 'lpm');
  const m = i < 0 ? undefined : match[i];
  return m?.kind === 'lpm' ? m.prefixLen : 0;
}

/**
 * Indexes (into `entries`) of the best matches: the longest prefix for tables without
 * priority, else the highest priority (several on a tie).
 */
export function referenceBest(
  fields: readonly FieldSpec[],
  entries: readonly { readonly match: EntryMatch; readonly priority: number }[],
  key: Uint8Array,
): number[] {
  const ref = new ReferenceTable(fields);
  entries.forEach((e, i) => ref.add(i, e.match, e.priority));
  return ref.best(key);
}

interface RefEntry {
  readonly id: number;
  readonly value: Uint8Array;
  readonly mask: Uint8Array;
  readonly low: Uint8Array;
  readonly high: Uint8Array;
  readonly score: number;
}

/**
 * The same reference with entries compiled once to value/mask bytes and range bounds over
 * the whole key, so specs can check thousands of keys against thousands of entries.
 */
export class ReferenceTable {
  private readonly entries = new Map<number, RefEntry>();
  private readonly keyBytes: number;

  constructor(private readonly fields: readonly FieldSpec[]) {
    this.keyBytes = fields.reduce((n, f) => n + ((f.bitwidth + 7) >> 3), 0);
  }

  /** Adds entry `id`. */
  add(id: number, match: EntryMatch, priority: number): void {
    const value = new Uint8Array(this.keyBytes);
    const mask = new Uint8Array(this.keyBytes);
    const low = new Uint8Array(this.keyBytes);
    const high = new Uint8Array(this.keyBytes);
    let off = 0;
    this.fields.forEach((f, i) => {
      const w = (f.bitwidth + 7) >> 3;
      const all = (1n << BigInt(f.bitwidth)) - 1n;
      let v = 0n;
      let m = 0n;
      let lo = 0n;
      let hi = all;
      const fm = match[i];
      if (fm?.kind === 'exact' || fm?.kind === 'optional') [v, m] = [bytesToBigInt(fm.value), all];
      else if (fm?.kind === 'ternary') [v, m] = [bytesToBigInt(fm.value), bytesToBigInt(fm.mask)];
      else if (fm?.kind === 'lpm') {
        m = (all >> BigInt(f.bitwidth - fm.prefixLen)) << BigInt(f.bitwidth - fm.prefixLen);
        v = bytesToBigInt(fm.value) & m;
      } else if (fm?.kind === 'range') [lo, hi] = [bytesToBigInt(fm.low), bytesToBigInt(fm.high)];
      for (let j = w - 1, sh = 0n; j >= 0; j--, sh += 8n) {
        value[off + j] = Number((v >> sh) & 0xffn);
        mask[off + j] = Number((m >> sh) & 0xffn);
        low[off + j] = Number((lo >> sh) & 0xffn);
        high[off + j] = Number((hi >> sh) & 0xffn);
      }
      off += w;
    });
    const score = priority > 0 ? priority : lpmLength(this.fields, match);
    this.entries.set(id, { id, value, mask, low, high, score });
  }

  /** Removes entry `id`. */
  remove(id: number): void {
    this.entries.delete(id);
  }

  /** Ids of the best entries matching `key` (longest prefix, or highest priority). */
  best(key: Uint8Array): number[] {
    let best: number[] = [];
    let bestScore = -1;
    for (const e of this.entries.values()) {
      if (!this.matches(e, key)) continue;
      if (e.score > bestScore) {
        best = [e.id];
        bestScore = e.score;
      } else if (e.score === bestScore) best.push(e.id);
    }
    return best;
  }

  private matches(e: RefEntry, key: Uint8Array): boolean {
    for (let i = 0; i < this.keyBytes; i++) if ((key[i] & e.mask[i]) !== e.value[i]) return false;
    // Ranges: each field's bytes compared big-endian as whole numbers.
    let off = 0;
    for (const f of this.fields) {
      const w = (f.bitwidth + 7) >> 3;
      if (f.matchKind === 'range') {
        const k = key.subarray(off, off + w);
        if (cmp(k, e.low.subarray(off, off + w)) < 0 || cmp(k, e.high.subarray(off, off + w)) > 0) {
          return false;
        }
      }
      off += w;
    }
    return true;
  }
}

function cmp(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Small seeded PRNG (xorshift32) so random specs and benchmarks are reproducible. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** Next uint32. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  /** Integer in 0..n-1. */
  int(n: number): number {
    return Math.floor((this.next() / 0x100000000) * n);
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
