import type { RowSource } from './byte-hash';
import type { EncodedMatch, KeySchema } from './schema';
import type { EntryMatch } from './types';

/**
 * Entry identities (match + priority) as struct-of-arrays rows indexed by slot: one pooled
 * value row per entry laid out like the lookup key, and only the columns the table's shape
 * needs (masks and priorities for tuple tables, a prefix length for lpm tables, range
 * bounds when there are range fields). Indexes read keys from here instead of copying them.
 */
export class MatchStore implements RowSource {
  value: Uint8Array;
  mask: Uint8Array | undefined;
  prefixLen: Uint8Array | Uint16Array | undefined;
  priority: Int32Array | undefined;
  low: Uint8Array | undefined;
  high: Uint8Array | undefined;
  private rowsAllocated = 0;

  constructor(readonly schema: KeySchema) {
    this.value = new Uint8Array(0);
  }

  /** Number of rows allocated. */
  get rows(): number {
    return this.rowsAllocated;
  }

  /** Grows every column to `rows` rows, keeping contents. */
  grow(rows: number): void {
    if (rows <= this.rowsAllocated) return;
    const s = this.schema;
    this.value = growBytes(this.value, rows * s.keyBytes);
    if (s.shape === 'tuple') {
      this.mask = growBytes(this.mask, rows * s.keyBytes);
      this.priority = growTyped(this.priority, rows, Int32Array);
    }
    if (s.shape === 'lpm') {
      this.prefixLen =
        s.lpmField!.spec.bitwidth <= 255
          ? growTyped(this.prefixLen as Uint8Array | undefined, rows, Uint8Array)
          : growTyped(this.prefixLen as Uint16Array | undefined, rows, Uint16Array);
    }
    if (s.rangeBytes > 0) {
      this.low = growBytes(this.low, rows * s.rangeBytes);
      this.high = growBytes(this.high, rows * s.rangeBytes);
    }
    this.rowsAllocated = rows;
  }

  /** Copies an encoded identity into row `slot`. */
  write(slot: number, enc: EncodedMatch): void {
    const k = this.schema.keyBytes;
    this.value.set(enc.value, slot * k);
    if (this.mask !== undefined) this.mask.set(enc.mask, slot * k);
    if (this.priority !== undefined) this.priority[slot] = enc.priority;
    if (this.prefixLen !== undefined) this.prefixLen[slot] = enc.prefixLen;
    const r = this.schema.rangeBytes;
    if (r > 0) {
      this.low!.set(enc.low, slot * r);
      this.high!.set(enc.high, slot * r);
    }
  }

  /** True if row `slot` holds the identity `enc`. */
  equals(slot: number, enc: EncodedMatch): boolean {
    const k = this.schema.keyBytes;
    if (this.priority !== undefined && this.priority[slot] !== enc.priority) return false;
    if (this.prefixLen !== undefined && this.prefixLen[slot] !== enc.prefixLen) return false;
    if (!sameBytes(this.value, slot * k, enc.value, k)) return false;
    if (this.mask !== undefined && !sameBytes(this.mask, slot * k, enc.mask, k)) return false;
    const r = this.schema.rangeBytes;
    if (r > 0) {
      if (!sameBytes(this.low!, slot * r, enc.low, r)) return false;
      if (!sameBytes(this.high!, slot * r, enc.high, r)) return false;
    }
    return true;
  }

  /** The match of row `slot`, in the form the server gave it. */
  matchOf(slot: number): EntryMatch {
    const k = this.schema.keyBytes;
    const r = this.schema.rangeBytes;
    return this.schema.decode(
      this.value,
      slot * k,
      this.mask,
      this.prefixLen === undefined ? 0 : this.prefixLen[slot],
      this.low,
      this.high,
      slot * r,
    );
  }

  /** Priority of row `slot` (0 for tables without priority). */
  priorityOf(slot: number): number {
    return this.priority === undefined ? 0 : this.priority[slot];
  }

  /** Bytes held by the columns. */
  get bytes(): number {
    let n = this.value.byteLength;
    for (const a of [this.mask, this.prefixLen, this.priority, this.low, this.high]) {
      if (a !== undefined) n += a.byteLength;
    }
    return n;
  }
}

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (a[ao + i] !== b[i]) return false;
  return true;
}

function growBytes(a: Uint8Array | undefined, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (a !== undefined) out.set(a);
  return out;
}

type TypedCtor<T> = new (n: number) => T;

/** A copy of `a` grown to `n` elements (typed arrays of any kind). */
export function growTyped<T extends { length: number; set(a: ArrayLike<number>): void }>(
  a: T | undefined,
  n: number,
  ctor: TypedCtor<T>,
): T {
  const out = new ctor(n);
  if (a !== undefined) out.set(a as unknown as ArrayLike<number>);
  return out;
}
