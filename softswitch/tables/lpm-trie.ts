import { bitAt, commonPrefixBits } from './key';
import type { MatchStore } from './match-store';

// Node layout, interleaved in one Int32Array so a step of a lookup touches one cache line
// (the entries themselves are struct-of-arrays; nodes are walked, so locality wins here).
export const LEN = 0; // prefix length in bits from the start of the field's bytes (padding included)
export const C0 = 1; // child for next bit 0 (also the free-list link)
export const C1 = 2; // child for next bit 1
export const SLOT = 3; // entry slot whose prefix this node is, or -1 for a pure branch node
export const STRIDE = 4;

/**
 * A pool of path-compressed binary (Patricia) tries over the lpm field of a MatchStore's
 * rows; several tries (one per exact part) share the pool and are named by their root.
 * Nodes are 16 bytes and at most 2 per entry; prefixes are not copied, nodes name a slot.
 *
 * Invariant: a node without an entry has two children. A lookup therefore ends on a node
 * with an entry, whose stored prefix is a representative of the whole path: one
 * common-prefix computation against it tells which of the entries passed on the way
 * (all prefixes of it) the key really matches, so the descent itself tests one bit per node.
 */
export class PatriciaForest {
  /** The node pool; read by lpm-jump.ts, written only here. */
  nodes = new Int32Array(64 * STRIDE);
  private top = 0;
  private freeHead = -1;
  private live = 0;
  /** Scratch for walks (candidate nodes on a path). */
  readonly stack: Int32Array;
  /** Bytes per store row. */
  readonly k: number;

  /**
   * @param fieldOffset byte offset of the lpm field in rows and keys
   * @param widthBits   full width of the field in bits (bytes * 8)
   * @param pad         zero padding bits before the field's most significant bit
   */
  constructor(
    readonly store: MatchStore,
    readonly fieldOffset: number,
    readonly widthBits: number,
    readonly pad: number,
  ) {
    this.k = store.schema.keyBytes;
    this.stack = new Int32Array(widthBits + 2);
  }

  /** Live nodes. */
  get nodeCount(): number {
    return this.live;
  }

  /** Bytes held by the node pool. */
  get bytes(): number {
    return this.nodes.byteLength + this.stack.byteLength;
  }

  /** Drops every node of every trie. */
  clear(): void {
    this.nodes = new Int32Array(64 * STRIDE);
    this.top = 0;
    this.freeHead = -1;
    this.live = 0;
  }

  private prefixBits(slot: number): number {
    return this.pad + this.store.prefixLen![slot];
  }

  // What the last insert/remove changed, for jump-table maintenance (see LpmIndex).
  /** insert: the node linked in at the insertion point (-1 if a slot was set in place). */
  created = -1;
  /** insert: the existing node `created` was placed above (-1 if none). */
  displaced = -1;
  /** insert: the node that now holds the new entry. */
  entryNode = -1;
  /** remove: up to two nodes taken out, each with the node that took its place (or -1). */
  removedA = -1;
  replacedByA = -1;
  removedB = -1;
  replacedByB = -1;

  /**
   * Adds entry `slot` (its prefix not yet present) to the trie at `root`; returns the new
   * root. `start` may be a node on the prefix's blind path (from a jump table) to begin at,
   * with every node above it shorter than `above` bits.
   */
  insert(root: number, slot: number, start = root, above = 0): number {
    const vals = this.store.value;
    const vo = slot * this.k + this.fieldOffset;
    const len = this.prefixBits(slot);
    this.created = this.displaced = this.entryNode = -1;
    if (root < 0) return (this.created = this.entryNode = this.newNode(len, slot));
    // Classic PATRICIA insertion: a blind descent finds a prefix sharing the longest common
    // run of bits with the new one; a second walk stops where they part.
    let e = start;
    while (true) {
      const nl = this.nodes[e * STRIDE + LEN];
      if (nl >= len) break;
      const c = this.nodes[e * STRIDE + C0 + bitAt(vals, vo, nl)];
      if (c < 0) break;
      e = c;
    }
    const ro = this.repSlot(e) * this.k + this.fieldOffset;
    const d = commonPrefixBits(vals, vo, vals, ro, len);
    // The second walk may also begin at `start` when the insertion point is at or below it.
    const sl = this.nodes[start * STRIDE + LEN];
    const lim = d < len ? d : len;
    if (start !== root && sl > lim && lim >= above) {
      this.insertAbove(start, slot, d, ro);
      return root;
    }
    let n = sl <= lim ? start : root;
    let parent = -1;
    let dir = 0;
    while (n >= 0) {
      const nl = this.nodes[n * STRIDE + LEN];
      if (nl > d || nl > len) break;
      if (nl === len) {
        this.nodes[n * STRIDE + SLOT] = slot;
        this.entryNode = n;
        return root;
      }
      parent = n;
      dir = bitAt(vals, vo, nl);
      n = this.nodes[n * STRIDE + C0 + dir];
    }
    let m: number;
    if (n < 0) m = this.entryNode = this.newNode(len, slot);
    else if (d >= len) {
      // The new prefix is shorter and covers n (whose subtree holds ro): it becomes n's parent.
      m = this.entryNode = this.newNode(len, slot);
      this.nodes[m * STRIDE + C0 + bitAt(vals, ro, len)] = n;
    } else {
      // They part at bit d: a branch node there holds both.
      const leaf = (this.entryNode = this.newNode(len, slot));
      m = this.newNode(d, -1);
      this.nodes[m * STRIDE + C0 + bitAt(vals, vo, d)] = leaf;
      this.nodes[m * STRIDE + C0 + 1 - bitAt(vals, vo, d)] = n;
    }
    this.created = m;
    this.displaced = n;
    if (parent < 0) return m;
    this.nodes[parent * STRIDE + C0 + dir] = m;
    return root;
  }

  /**
   * Inserts `slot` directly above node `n` without knowing n's parent: n's contents move to
   * a fresh node and n's index is reused for the new node, so the parent's link, and a jump
   * table slot naming n, now lead to the new node, which is what they should name.
   */
  private insertAbove(n: number, slot: number, d: number, ro: number): void {
    const vals = this.store.value;
    const vo = slot * this.k + this.fieldOffset;
    const len = this.prefixBits(slot);
    const moved = this.newNode(0, -1);
    const nodes = this.nodes; // after newNode, which may grow the pool
    nodes.copyWithin(moved * STRIDE, n * STRIDE, n * STRIDE + STRIDE);
    const i = n * STRIDE;
    if (d >= len) {
      nodes[i + LEN] = len;
      nodes[i + SLOT] = slot;
      nodes[i + C0] = nodes[i + C1] = -1;
      nodes[i + C0 + bitAt(vals, ro, len)] = moved;
      this.entryNode = n;
    } else {
      const leaf = this.newNode(len, slot);
      const b = bitAt(vals, vo, d);
      this.nodes[i + LEN] = d;
      this.nodes[i + SLOT] = -1;
      this.nodes[i + C0 + b] = leaf;
      this.nodes[i + C0 + 1 - b] = moved;
      this.entryNode = leaf;
    }
  }

  /**
   * Removes entry `slot` from the trie at `root`; returns the new root (-1 when empty).
   * `start` may be a node on the prefix's path to begin the walk at.
   */
  remove(root: number, slot: number, start = root): number {
    this.removedA = this.replacedByA = this.removedB = this.replacedByB = -1;
    const nodes = this.nodes;
    const vals = this.store.value;
    const vo = slot * this.k + this.fieldOffset;
    const len = this.prefixBits(slot);
    let gp = -1;
    let gdir = 0;
    let p = -1;
    let pdir = 0;
    let n = start;
    while (n >= 0 && nodes[n * STRIDE + SLOT] !== slot) {
      const nl = nodes[n * STRIDE + LEN];
      if (nl >= len) n = -1;
      else {
        const b = bitAt(vals, vo, nl);
        gp = p;
        gdir = pdir;
        p = n;
        pdir = b;
        n = nodes[n * STRIDE + C0 + b];
      }
    }
    if (n < 0) throw new Error(`PatriciaForest.remove: slot ${slot} is not in this trie`);
    const c0 = nodes[n * STRIDE + C0];
    const c1 = nodes[n * STRIDE + C1];
    // Relinking needs the parent (and for a leaf the grandparent): walk again from the root
    // when the walk began too close to the node.
    if (start !== root && (p < 0 || (gp < 0 && c0 < 0 && c1 < 0)))
      return this.remove(root, slot, root);
    nodes[n * STRIDE + SLOT] = -1;
    if (c0 >= 0 && c1 >= 0) return root; // stays as a branch node
    if (c0 >= 0 || c1 >= 0) {
      const only = c0 >= 0 ? c0 : c1;
      this.freeNode(n);
      this.removedA = n;
      this.replacedByA = only;
      if (p < 0) return only;
      nodes[p * STRIDE + C0 + pdir] = only;
      return root;
    }
    this.freeNode(n);
    this.removedA = n;
    if (p < 0) return -1;
    nodes[p * STRIDE + C0 + pdir] = -1;
    if (nodes[p * STRIDE + SLOT] >= 0) return root;
    // p was a branch node and is left with one child: splice it out.
    const other = nodes[p * STRIDE + C0 + (1 - pdir)];
    this.freeNode(p);
    this.removedB = p;
    this.replacedByB = other;
    if (gp < 0) return other;
    nodes[gp * STRIDE + C0 + gdir] = other;
    return root;
  }

  /**
   * Slot of the entry with exactly this prefix (value at value[vo..], `prefixLen` field
   * bits), or -1; the walk begins at `start`, the root or a node on the prefix's path.
   */
  find(start: number, value: Uint8Array, vo: number, prefixLen: number): number {
    const nodes = this.nodes;
    const len = this.pad + prefixLen;
    let n = start;
    while (n >= 0) {
      const nl = nodes[n * STRIDE + LEN];
      if (nl >= len) {
        const s = nodes[n * STRIDE + SLOT];
        if (nl !== len || s < 0) return -1;
        const so = s * this.k + this.fieldOffset;
        return commonPrefixBits(value, vo, this.store.value, so, len) >= len ? s : -1;
      }
      n = nodes[n * STRIDE + C0 + bitAt(value, vo, nl)];
    }
    return -1;
  }

  /** Slot of the longest prefix in the trie at `root` matching the key at key[off..], or -1. */
  lookup(root: number, key: Uint8Array, off: number): number {
    if (root < 0) return -1;
    return this.walk(root, key, off + this.fieldOffset, 0, -1);
  }

  /**
   * Longest-prefix walk from node `n` for the key whose field starts at key[base]. A match
   * shorter than `floorBits` counts as none; `fallback` is returned when no node on the path
   * matches (the jump table passes the slot it already knows matches above node `n`).
   */
  walk(n: number, key: Uint8Array, base: number, floorBits: number, fallback: number): number {
    const nodes = this.nodes;
    const stack = this.stack;
    const w = this.widthBits;
    let sp = 0;
    while (true) {
      const i = n * STRIDE;
      const nl = nodes[i + LEN];
      if (nodes[i + SLOT] >= 0) stack[sp++] = i;
      if (nl >= w) break;
      const c = nodes[i + C0 + ((key[base + (nl >> 3)] >> (7 - (nl & 7))) & 1)];
      if (c < 0) break;
      n = c;
    }
    // The last node pushed is where the walk ended; its prefix represents the path.
    const last = stack[sp - 1];
    const d = commonPrefixBits(
      key,
      base,
      this.store.value,
      nodes[last + SLOT] * this.k + this.fieldOffset,
      nodes[last + LEN],
    );
    if (d < floorBits) return -1;
    while (sp > 0) {
      const i = stack[--sp];
      if (nodes[i + LEN] <= d) return nodes[i + SLOT];
    }
    return fallback;
  }

  /** Prefix length (bits, padding included) of node `n`, e.g. the root's. */
  nodeLen(n: number): number {
    return this.nodes[n * STRIDE + LEN];
  }

  /** Slot of some entry in the subtree of node n (its own if it has one). */
  repSlot(n: number): number {
    const nodes = this.nodes;
    while (nodes[n * STRIDE + SLOT] < 0) {
      const c0 = nodes[n * STRIDE + C0];
      n = c0 >= 0 ? c0 : nodes[n * STRIDE + C1];
    }
    return nodes[n * STRIDE + SLOT];
  }

  private newNode(len: number, slot: number): number {
    let n = this.freeHead;
    if (n >= 0) this.freeHead = this.nodes[n * STRIDE + C0];
    else {
      n = this.top++;
      if (this.top * STRIDE > this.nodes.length) {
        const grown = new Int32Array(this.nodes.length * 2);
        grown.set(this.nodes);
        this.nodes = grown;
      }
    }
    const i = n * STRIDE;
    this.nodes[i + LEN] = len;
    this.nodes[i + C0] = -1;
    this.nodes[i + C1] = -1;
    this.nodes[i + SLOT] = slot;
    this.live++;
    return n;
  }

  private freeNode(n: number): void {
    this.nodes[n * STRIDE + C0] = this.freeHead;
    this.nodes[n * STRIDE + SLOT] = -1;
    this.freeHead = n;
    this.live--;
  }
}
