import { ExactIndex } from './exact-index';
import { LpmIndex } from './lpm-index';
import type { MatchStore } from './match-store';
import type { EncodedMatch } from './schema';
import { TupleSpaceIndex } from './tuple-space';

/**
 * What a table needs from its index, whatever the shape. Slots are rows of the table's
 * MatchStore; `add` is called after the row is written and `remove` before it is reused.
 */
export interface MatchIndex {
  /** Slot holding exactly the identity `enc` (match + priority), or -1. */
  find(enc: EncodedMatch): number;
  /** Indexes row `slot`, whose identity is not indexed yet. */
  add(slot: number): void;
  /** Unindexes row `slot`. */
  remove(slot: number): void;
  /** Slot of the best entry matching key[off .. off + keyBytes), or -1 on a miss. */
  lookup(key: Uint8Array, off: number): number;
  /** Unindexes everything. */
  clear(): void;
  /** Called after the store grew to `rows` rows. */
  grow(rows: number): void;
  /** Bytes held by the index's own arrays. */
  readonly bytes: number;
  /** Broken internal invariants, if the index can check any (tests and debugging). */
  selfCheck?(): string[];
  /** Figures about the structure (node counts, groups), for diagnostics and benchmarks. */
  stats?(): Record<string, number>;
}

/** A keyless table has no entries; every lookup misses. */
class NoIndex implements MatchIndex {
  readonly bytes = 0;
  find(): number {
    return -1;
  }
  add(): void {}
  remove(): void {}
  lookup(): number {
    return -1;
  }
  clear(): void {}
  grow(): void {}
}

/** The index for the store's table shape. */
export function makeIndex(store: MatchStore): MatchIndex {
  switch (store.schema.shape) {
    case 'keyless':
      return new NoIndex();
    case 'exact':
      return new ExactIndex(store);
    case 'lpm':
      return new LpmIndex(store);
    case 'tuple':
      return new TupleSpaceIndex(store);
  }
}
