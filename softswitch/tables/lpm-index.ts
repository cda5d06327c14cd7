import { ByteHash, RowPool } from './byte-hash';
import { hashBytes } from './key';
import { JumpTable } from './lpm-jump';
import { PatriciaForest } from './lpm-trie';
import type { MatchIndex } from './match-index';
import type { MatchStore } from './match-store';
import { growTyped } from './match-store';
import type { EncodedMatch } from './schema';

interface Segment {
  readonly offset: number;
  readonly width: number;
}

/**
 * Index of an exact* + one lpm table: the exact fields select a trie (through a hash on
 * their bytes; skipped when there are none), the trie finds the longest prefix, starting
 * from its jump table when it is large (lpm-jump.ts says why).
 */
export class LpmIndex implements MatchIndex {
  private readonly trie: PatriciaForest;
  private readonly k: number;
  private readonly lpmOffset: number;
  private readonly pad: number;
  /** Runs of exact-field bytes in the key, merged when adjacent. */
  private readonly segments: readonly Segment[];
  private readonly exactBytes: number;
  private readonly scratch: Uint8Array;
  private readonly groupKeys: RowPool;
  private readonly groups: ByteHash;
  private groupRoot = new Int32Array(8).fill(-1);
  private groupCount = new Int32Array(8);
  private readonly jumps: (JumpTable | undefined)[] = [];
  // Where locate() left the contiguous exact part.
  private partBuf: Uint8Array = new Uint8Array(0);
  private partOff = 0;

  constructor(private readonly store: MatchStore) {
    const schema = store.schema;
    const lpm = schema.lpmField!;
    this.k = schema.keyBytes;
    this.lpmOffset = lpm.offset;
    this.pad = lpm.width * 8 - lpm.spec.bitwidth;
    this.trie = new PatriciaForest(store, lpm.offset, lpm.width * 8, this.pad);
    const segs: Segment[] = [];
    for (const f of schema.fields) {
      if (f.spec.matchKind !== 'exact') continue;
      const last = segs[segs.length - 1];
      if (last !== undefined && last.offset + last.width === f.offset) {
        segs[segs.length - 1] = { offset: last.offset, width: last.width + f.width };
      } else segs.push({ offset: f.offset, width: f.width });
    }
    this.segments = segs;
    this.exactBytes = segs.reduce((n, s) => n + s.width, 0);
    this.scratch = new Uint8Array(this.exactBytes);
    this.groupKeys = new RowPool(this.exactBytes);
    this.groups = new ByteHash(this.groupKeys, this.exactBytes);
  }

  /** Hash of the exact part of src[off..]; leaves its contiguous bytes in partBuf/partOff. */
  private locate(src: Uint8Array, off: number): number {
    const segs = this.segments;
    if (segs.length === 1) {
      this.partBuf = src;
      this.partOff = off + segs[0].offset;
    } else {
      let at = 0;
      for (let i = 0; i < segs.length; i++) {
        const s = segs[i];
        for (let j = 0; j < s.width; j++) this.scratch[at++] = src[off + s.offset + j];
      }
      this.partBuf = this.scratch;
      this.partOff = 0;
    }
    return hashBytes(this.partBuf, this.partOff, this.exactBytes);
  }

  private groupOf(src: Uint8Array, off: number): number {
    const h = this.locate(src, off);
    return this.groups.find(h, this.partBuf, this.partOff);
  }

  find(enc: EncodedMatch): number {
    let g = 0;
    if (this.exactBytes > 0) {
      g = this.groupOf(enc.value, 0);
      if (g < 0) return -1;
    }
    const start = this.startNode(g, enc.value, 0, this.pad + enc.prefixLen);
    return start === -2 ? -1 : this.trie.find(start, enc.value, this.lpmOffset, enc.prefixLen);
  }

  /** Where a walk for a prefix of `len` bits may begin in trie `g` (see JumpTable.startNode). */
  private startNode(g: number, buf: Uint8Array, off: number, len: number): number {
    const j = this.jumps[g];
    const node = j === undefined ? -1 : j.startNode(buf, off, len);
    return node === -1 ? this.groupRoot[g] : node;
  }

  add(slot: number): void {
    let g = 0;
    if (this.exactBytes > 0) {
      const h = this.locate(this.store.value, slot * this.k);
      g = this.groups.find(h, this.partBuf, this.partOff);
      if (g < 0) {
        g = this.groupKeys.add(this.partBuf, this.partOff);
        this.groups.insert(h, g);
        if (g >= this.groupRoot.length) {
          this.groupRoot = growTyped(this.groupRoot, this.groupRoot.length * 2, Int32Array);
          this.groupCount = growTyped(this.groupCount, this.groupCount.length * 2, Int32Array);
        }
        this.groupRoot[g] = -1;
        this.groupCount[g] = 0;
      }
    } else if (this.groupCount[0] === 0) this.groupRoot[0] = -1;
    const start = this.startNode(
      g,
      this.store.value,
      slot * this.k,
      this.pad + this.store.prefixLen![slot],
    );
    const j = this.jumps[g];
    this.groupRoot[g] =
      start < 0
        ? this.trie.insert(this.groupRoot[g], slot)
        : this.trie.insert(
            this.groupRoot[g],
            slot,
            start,
            j === undefined || j.stale ? 0 : j.a + j.s,
          );
    this.groupCount[g]++;
    this.jumps[g] = JumpTable.afterWrite(
      this.jumps[g],
      this.trie,
      this.groupRoot[g],
      this.groupCount[g],
      slot,
      true,
    );
  }

  remove(slot: number): void {
    let g = 0;
    let h = 0;
    if (this.exactBytes > 0) {
      h = this.locate(this.store.value, slot * this.k);
      g = this.groups.find(h, this.partBuf, this.partOff);
      if (g < 0) throw new Error(`LpmIndex.remove: slot ${slot} has no trie`);
    }
    const start = this.startNode(
      g,
      this.store.value,
      slot * this.k,
      this.pad + this.store.prefixLen![slot],
    );
    this.groupRoot[g] = this.trie.remove(
      this.groupRoot[g],
      slot,
      start < 0 ? this.groupRoot[g] : start,
    );
    this.groupCount[g]--;
    this.jumps[g] = JumpTable.afterWrite(
      this.jumps[g],
      this.trie,
      this.groupRoot[g],
      this.groupCount[g],
      slot,
      false,
    );
    if (this.groupCount[g] === 0 && this.exactBytes > 0) {
      this.groups.remove(h, g);
      this.groupKeys.release(g);
    }
  }

  lookup(key: Uint8Array, off: number): number {
    let g = 0;
    if (this.exactBytes > 0) {
      g = this.groupOf(key, off);
      if (g < 0) return -1;
    }
    const j = this.jumps[g];
    if (j !== undefined) {
      if (!j.stale) return j.lookup(key, off);
      if (j.staleLookup()) {
        this.jumps[g] = JumpTable.build(this.trie, this.groupRoot[g], this.groupCount[g]);
        return this.lookup(key, off);
      }
    }
    return this.trie.lookup(this.groupRoot[g], key, off);
  }

  clear(): void {
    this.trie.clear();
    this.groups.forEach((g) => this.groupKeys.release(g));
    this.groups.clear();
    this.groupCount.fill(0);
    this.groupRoot.fill(-1);
    this.jumps.length = 0;
  }

  grow(): void {
    // Prefixes live in the store; trie nodes grow on demand.
  }

  /** Differences between each jump table and a fresh fill of it (empty when consistent). */
  selfCheck(): string[] {
    return this.jumps.flatMap(
      (j, g) => j?.selfCheck(this.groupRoot[g]).map((p) => `trie ${g} ${p}`) ?? [],
    );
  }

  stats(): Record<string, number> {
    let jumpTables = 0;
    let staleJumpTables = 0;
    for (const j of this.jumps) {
      if (j === undefined) continue;
      jumpTables++;
      if (j.stale) staleJumpTables++;
    }
    const tries = this.exactBytes > 0 ? this.groups.size : this.groupCount[0] > 0 ? 1 : 0;
    return { tries, trieNodes: this.trie.nodeCount, jumpTables, staleJumpTables };
  }

  get bytes(): number {
    let jumps = 0;
    for (const j of this.jumps) if (j !== undefined) jumps += j.table.byteLength;
    return (
      jumps +
      this.trie.bytes +
      this.groups.bytes +
      this.groupKeys.value.byteLength +
      this.groupRoot.byteLength +
      this.groupCount.byteLength
    );
  }
}
