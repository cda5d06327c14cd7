import { ByteHash, RowPool } from './byte-hash';
import { hashBytes, hashMaskedBytes } from './key';
import type { MatchIndex } from './match-index';
import type { MatchStore } from './match-store';
import { growTyped } from './match-store';
import type { EncodedMatch } from './schema';

interface RangeField {
  readonly keyOffset: number;
  readonly rangeOffset: number;
  readonly width: number;
}

/**
 * Index of tables with ternary, range, optional (or several lpm) fields: tuple-space search.
 * Entries are grouped by their mask pattern (exact = all ones, lpm = prefix mask, optional
 * = all ones or none); a group is a hash from masked value to a chain of entries sorted by
 * priority (descending, then slot ascending). A lookup probes groups in descending order of
 * their best priority and stops once no remaining group can beat the best hit so far, so
 * the cost is one masked hash per group that can still win.
 *
 * Range fields cannot be hashed: they are zero in the mask, and their bounds are checked
 * while walking the priority-sorted chain, whose first entry inside all ranges wins. That
 * is a linear scan among entries that differ only in their ranges (fine for ACL-sized
 * tables; see the README note in index.ts).
 *
 * Ties between equal priorities go to the lower slot, so results are deterministic.
 */
export class TupleSpaceIndex implements MatchIndex {
  private readonly k: number;
  private readonly masks: RowPool;
  private readonly groupByMask: ByteHash;
  private buckets: (ByteHash | undefined)[] = [];
  /** Upper bound on the priorities in a group (not lowered on delete: still a valid bound). */
  private maxPrio: number[] = [];
  private members: number[] = [];
  private order: number[] = [];
  private next = new Int32Array(0);
  private readonly ranges: readonly RangeField[];
  private readonly rangeBytes: number;

  constructor(private readonly store: MatchStore) {
    const schema = store.schema;
    this.k = schema.keyBytes;
    this.masks = new RowPool(this.k);
    this.groupByMask = new ByteHash(this.masks, this.k);
    this.rangeBytes = schema.rangeBytes;
    this.ranges = schema.rangeFields.map((f) => ({
      keyOffset: f.offset,
      rangeOffset: f.rangeOffset,
      width: f.width,
    }));
  }

  stats(): Record<string, number> {
    return { tuples: this.order.length };
  }

  private better(a: number, b: number): boolean {
    const prio = this.store.priority!;
    return prio[a] > prio[b] || (prio[a] === prio[b] && a < b);
  }

  find(enc: EncodedMatch): number {
    const g = this.groupByMask.find(hashBytes(enc.mask, 0, this.k), enc.mask, 0);
    if (g < 0) return -1;
    let s = this.buckets[g]!.find(hashBytes(enc.value, 0, this.k), enc.value, 0);
    for (; s >= 0; s = this.next[s]) if (this.store.equals(s, enc)) return s;
    return -1;
  }

  add(slot: number): void {
    const { store, k } = this;
    const row = slot * k;
    const hm = hashBytes(store.mask!, row, k);
    let g = this.groupByMask.find(hm, store.mask!, row);
    if (g < 0) {
      g = this.masks.add(store.mask!, row);
      this.groupByMask.insert(hm, g);
      this.buckets[g] = new ByteHash(store, k);
      this.maxPrio[g] = 0;
      this.members[g] = 0;
      this.order.push(g);
    }
    const bucket = this.buckets[g]!;
    const hv = hashBytes(store.value, row, k);
    const head = bucket.find(hv, store.value, row);
    if (head < 0) {
      this.next[slot] = -1;
      bucket.insert(hv, slot);
    } else if (this.better(slot, head)) {
      this.next[slot] = head;
      bucket.replace(hv, head, slot);
    } else {
      let prev = head;
      while (this.next[prev] >= 0 && !this.better(slot, this.next[prev])) prev = this.next[prev];
      this.next[slot] = this.next[prev];
      this.next[prev] = slot;
    }
    this.members[g]++;
    const p = store.priority![slot];
    if (p > this.maxPrio[g]) {
      this.maxPrio[g] = p;
      this.sortGroups();
    }
  }

  remove(slot: number): void {
    const { store, k } = this;
    const row = slot * k;
    const hm = hashBytes(store.mask!, row, k);
    const g = this.groupByMask.find(hm, store.mask!, row);
    if (g < 0) throw new Error(`TupleSpaceIndex.remove: slot ${slot} has no group`);
    const bucket = this.buckets[g]!;
    const hv = hashBytes(store.value, row, k);
    const head = bucket.find(hv, store.value, row);
    if (head === slot) {
      const nx = this.next[slot];
      if (nx >= 0) bucket.replace(hv, slot, nx);
      else bucket.remove(hv, slot);
    } else {
      let prev = head;
      while (this.next[prev] !== slot) prev = this.next[prev];
      this.next[prev] = this.next[slot];
    }
    this.next[slot] = -1;
    if (--this.members[g] === 0) {
      this.groupByMask.remove(hm, g);
      this.masks.release(g);
      this.buckets[g] = undefined;
      this.order.splice(this.order.indexOf(g), 1);
    }
  }

  lookup(key: Uint8Array, off: number): number {
    const k = this.k;
    const masks = this.masks.value;
    const prio = this.store.priority!;
    const next = this.next;
    const order = this.order;
    const hasRanges = this.ranges.length > 0;
    let best = -1;
    let bestP = -1;
    for (let gi = 0; gi < order.length; gi++) {
      const g = order[gi];
      if (this.maxPrio[g] < bestP) break;
      const mo = g * k;
      let s = this.buckets[g]!.findMasked(
        hashMaskedBytes(key, off, masks, mo, k),
        key,
        off,
        masks,
        mo,
      );
      for (; s >= 0; s = next[s]) {
        const p = prio[s];
        if (p < bestP || (p === bestP && s > best)) break;
        if (!hasRanges || this.inRanges(s, key, off)) {
          best = s;
          bestP = p;
          break;
        }
      }
    }
    return best;
  }

  private inRanges(slot: number, key: Uint8Array, off: number): boolean {
    const low = this.store.low!;
    const high = this.store.high!;
    const base = slot * this.rangeBytes;
    for (let r = 0; r < this.ranges.length; r++) {
      const f = this.ranges[r];
      const ko = off + f.keyOffset;
      const ro = base + f.rangeOffset;
      // Big-endian compare of key against low and high, byte by byte.
      let i = 0;
      while (i < f.width && key[ko + i] === low[ro + i]) i++;
      if (i < f.width && key[ko + i] < low[ro + i]) return false;
      i = 0;
      while (i < f.width && key[ko + i] === high[ro + i]) i++;
      if (i < f.width && key[ko + i] > high[ro + i]) return false;
    }
    return true;
  }

  private sortGroups(): void {
    this.order.sort((a, b) => this.maxPrio[b] - this.maxPrio[a] || a - b);
  }

  clear(): void {
    this.groupByMask.forEach((g) => this.masks.release(g));
    this.groupByMask.clear();
    this.buckets = [];
    this.maxPrio = [];
    this.members = [];
    this.order = [];
  }

  grow(rows: number): void {
    this.next = growTyped(this.next, rows, Int32Array);
  }

  get bytes(): number {
    let n = this.next.byteLength + this.masks.value.byteLength + this.groupByMask.bytes;
    for (const b of this.buckets) if (b !== undefined) n += b.bytes;
    return n;
  }
}
