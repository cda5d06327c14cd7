import { bytesEqual } from './key';

/** Where a ByteHash finds the key bytes of id `i`: `value[i * width .. (i + 1) * width)`. */
export interface RowSource {
  readonly value: Uint8Array;
}

const EMPTY = 0;

/**
 * Open-addressing hash index from byte keys to integer ids, with the key bytes kept by the
 * caller (the table's pooled match rows), so an entry costs one 8-byte bucket and no object.
 * Buckets interleave [hash, id + 1] in one Int32Array so a probe touches one cache line;
 * linear probing with backward-shift deletion keeps probe runs short without tombstones.
 * The caller computes hashes (key.ts hashBytes / hashMaskedBytes) and guarantees that an
 * id's row hashes to the value it was inserted with.
 */
export class ByteHash {
  private buckets: Int32Array;
  private mask: number;
  private count = 0;

  constructor(
    private readonly rows: RowSource,
    private readonly width: number,
    initialBuckets = 16,
  ) {
    let n = 16;
    while (n < initialBuckets) n *= 2;
    this.buckets = new Int32Array(n * 2);
    this.mask = n - 1;
  }

  /** Number of ids held. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the bucket array. */
  get bytes(): number {
    return this.buckets.byteLength;
  }

  /** Id whose row equals key[off..off+width), or -1. */
  find(hash: number, key: Uint8Array, off: number): number {
    const b = this.buckets;
    const rows = this.rows.value;
    const w = this.width;
    let i = hash & this.mask;
    while (true) {
      const id1 = b[2 * i + 1];
      if (id1 === EMPTY) return -1;
      if (b[2 * i] === hash && bytesEqual(key, off, rows, (id1 - 1) * w, w)) return id1 - 1;
      i = (i + 1) & this.mask;
    }
  }

  /** Id whose row equals (key & mask) over `width` bytes, or -1. */
  findMasked(hash: number, key: Uint8Array, off: number, mask: Uint8Array, moff: number): number {
    const b = this.buckets;
    const rows = this.rows.value;
    const w = this.width;
    let i = hash & this.mask;
    while (true) {
      const id1 = b[2 * i + 1];
      if (id1 === EMPTY) return -1;
      if (b[2 * i] === hash) {
        const r = (id1 - 1) * w;
        let j = 0;
        while (j < w && (key[off + j] & mask[moff + j]) === rows[r + j]) j++;
        if (j === w) return id1 - 1;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Adds `id` (its row must not be present yet). */
  insert(hash: number, id: number): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.resize((this.mask + 1) * 2);
    this.place(hash, id);
    this.count++;
  }

  /** Makes the bucket holding `oldId` hold `newId` instead (same key bytes, same hash). */
  replace(hash: number, oldId: number, newId: number): void {
    const i = this.slotOf(hash, oldId);
    if (i < 0) throw new Error(`ByteHash.replace: id ${oldId} not present`);
    this.buckets[2 * i + 1] = newId + 1;
  }

  /** Removes `id`, inserted with `hash`; returns false if it was not present. */
  remove(hash: number, id: number): boolean {
    let i = this.slotOf(hash, id);
    if (i < 0) return false;
    const b = this.buckets;
    const m = this.mask;
    // Backward shift: pull later members of the probe run into the hole when their home
    // bucket does not lie cyclically in (hole, j].
    let j = i;
    while (true) {
      j = (j + 1) & m;
      if (b[2 * j + 1] === EMPTY) break;
      const home = b[2 * j] & m;
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        b[2 * i] = b[2 * j];
        b[2 * i + 1] = b[2 * j + 1];
        i = j;
      }
    }
    b[2 * i] = 0;
    b[2 * i + 1] = EMPTY;
    this.count--;
    return true;
  }

  /** Removes every id. */
  clear(): void {
    this.buckets = new Int32Array(32);
    this.mask = 15;
    this.count = 0;
  }

  /** Calls `fn` with every id (order of buckets). */
  forEach(fn: (id: number) => void): void {
    const b = this.buckets;
    for (let i = 1; i < b.length; i += 2) if (b[i] !== EMPTY) fn(b[i] - 1);
  }

  private slotOf(hash: number, id: number): number {
    const b = this.buckets;
    let i = hash & this.mask;
    while (true) {
      const id1 = b[2 * i + 1];
      if (id1 === EMPTY) return -1;
      if (id1 === id + 1) return i;
      i = (i + 1) & this.mask;
    }
  }

  private place(hash: number, id: number): void {
    const b = this.buckets;
    let i = hash & this.mask;
    while (b[2 * i + 1] !== EMPTY) i = (i + 1) & this.mask;
    b[2 * i] = hash;
    b[2 * i + 1] = id + 1;
  }

  private resize(n: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(n * 2);
    this.mask = n - 1;
    for (let i = 0; i < old.length; i += 2)
      if (old[i + 1] !== EMPTY) this.place(old[i], old[i + 1] - 1);
  }
}

/** A growable pool of fixed-width byte rows with id reuse, for keys a ByteHash indexes. */
export class RowPool implements RowSource {
  value: Uint8Array;
  private top = 0;
  private readonly free: number[] = [];

  constructor(readonly width: number) {
    this.value = new Uint8Array(Math.max(1, width) * 8);
  }

  /** Stores a copy of src[off..off+width) and returns its id. */
  add(src: Uint8Array, off: number): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.top++;
      if (this.top * this.width > this.value.length) {
        const grown = new Uint8Array(this.value.length * 2);
        grown.set(this.value);
        this.value = grown;
      }
    }
    this.value.set(src.subarray(off, off + this.width), id * this.width);
    return id;
  }

  /** Releases `id` for reuse. */
  release(id: number): void {
    this.free.push(id);
  }
}
