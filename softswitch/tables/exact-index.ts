import { ByteHash } from './byte-hash';
import { hashBytes } from './key';
import type { MatchIndex } from './match-index';
import type { MatchStore } from './match-store';
import type { EncodedMatch } from './schema';

/**
 * Index of an all-exact table: one open-addressing hash on the whole key. The key bytes are
 * the store's value rows, so an entry costs one bucket (8 bytes at load 0.375..0.75).
 */
export class ExactIndex implements MatchIndex {
  private readonly hash: ByteHash;
  private readonly k: number;

  constructor(private readonly store: MatchStore) {
    this.k = store.schema.keyBytes;
    this.hash = new ByteHash(store, this.k);
  }

  find(enc: EncodedMatch): number {
    return this.hash.find(hashBytes(enc.value, 0, this.k), enc.value, 0);
  }

  add(slot: number): void {
    this.hash.insert(hashBytes(this.store.value, slot * this.k, this.k), slot);
  }

  remove(slot: number): void {
    this.hash.remove(hashBytes(this.store.value, slot * this.k, this.k), slot);
  }

  lookup(key: Uint8Array, off: number): number {
    return this.hash.find(hashBytes(key, off, this.k), key, off);
  }

  clear(): void {
    this.hash.clear();
  }

  grow(): void {
    // Keys live in the store; nothing to grow here.
  }

  stats(): Record<string, number> {
    return { buckets: this.hash.bytes / 8 };
  }

  get bytes(): number {
    return this.hash.bytes;
  }
}
