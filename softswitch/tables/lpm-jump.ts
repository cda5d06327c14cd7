import { commonPrefixBits } from './key';
import { C0, LEN, SLOT, STRIDE, type PatriciaForest } from './lpm-trie';

/** Tries smaller than this are walked from the root; their top levels are in cache anyway. */
const MIN_ENTRIES = 256;
const MAX_BITS = 20;

/**
 * A jump table over bits [a, a + s) of one Patricia trie, where a is the length of the
 * prefix every entry of the trie shares (the root's) and s ~ log2(entries), so a slot holds
 * about one entry's worth of trie below it.
 *
 * Why: a binary trie over a million random prefixes is ~21 nodes deep, one cache miss per
 * node below the cached top. One probe here lands a couple of nodes above the answer (about
 * 5 memory accesses per lookup instead of ~21), for 8 bytes per slot, i.e. at most 8 bytes
 * per entry. Updates refresh only the slots their prefix covers; the table is rebuilt when
 * the trie doubles or halves, or, after a new prefix moved the root above bit a (the table
 * is then "stale" and unused), once enough writes or lookups have passed to pay for it.
 */
export class JumpTable {
  /** Set when the trie's root moved above bit `a`; lookups then walk from the root. */
  stale = false;
  private staleWrites = 0;
  private staleLookups = 0;

  private constructor(
    private readonly f: PatriciaForest,
    readonly a: number,
    readonly s: number,
    readonly table: Int32Array,
  ) {}

  /** A table for the trie at `root` with `count` entries, or undefined when it needs none. */
  static build(f: PatriciaForest, root: number, count: number): JumpTable | undefined {
    if (root < 0 || count < MIN_ENTRIES / 2) return undefined;
    const a = f.nodeLen(root);
    const s = Math.min(MAX_BITS, 31 - Math.clz32(count), f.widthBits - a);
    if (s < 4) return undefined;
    const j = new JumpTable(f, a, s, new Int32Array(2 << s));
    j.buildAll(root);
    return j;
  }

  /**
   * The table to use after the insert (or removal) of `slot`'s prefix into the trie now at
   * `root` with `count` entries: `j` kept up to date, a rebuilt one, or none.
   */
  static afterWrite(
    j: JumpTable | undefined,
    f: PatriciaForest,
    root: number,
    count: number,
    slot: number,
    inserted: boolean,
  ): JumpTable | undefined {
    if (j === undefined) return count >= MIN_ENTRIES ? JumpTable.build(f, root, count) : undefined;
    if (count < MIN_ENTRIES / 2) return undefined;
    if (!j.stale && f.nodeLen(root) < j.a) {
      j.stale = true;
      j.staleWrites = 0;
      j.staleLookups = 0;
    }
    if (j.stale) return ++j.staleWrites > 1 << (j.s - 4) ? JumpTable.build(f, root, count) : j;
    if ((count > 2 << j.s && j.s < MAX_BITS) || count < 1 << (j.s - 2)) {
      return JumpTable.build(f, root, count);
    }
    j.update(root, slot, inserted);
    return j;
  }

  /** Counts a lookup made while stale; true once a rebuild has become worth its cost. */
  staleLookup(): boolean {
    return ++this.staleLookups > 4 << this.s;
  }

  /**
   * Where a walk for a prefix of `len` bits (row at buf[off..]) may begin: the table's node
   * when the prefix reaches below a + s, else -1 (begin at the root); -2 when the table
   * proves no such prefix exists.
   */
  startNode(buf: Uint8Array, off: number, len: number): number {
    if (this.stale || len < this.a + this.s) return -1;
    const node = this.table[2 * JumpTable.bitsAt(buf, off + this.f.fieldOffset, this.a, this.s)];
    return node < 0 ? -2 : node;
  }

  private update(root: number, slot: number, inserted: boolean): void {
    const { a, s, f } = this;
    const len = f.pad + f.store.prefixLen![slot];
    const v = JumpTable.bitsAt(f.store.value, slot * f.k + f.fieldOffset, a, s);
    if (len < a + s) {
      // A short prefix changes the best-above answer of every slot it covers.
      this.fill(root, v, v + (1 << (a + s - len)));
      return;
    }
    // A long prefix only changes slot v's first deep node, and only through the nodes the
    // trie just linked in or took out (see PatriciaForest's change report). An insert that
    // began at the table's node rewrites that node in place (insertAbove), so `displaced`
    // matters only for walks that began at the root.
    const old = this.table[2 * v];
    if (inserted) {
      if (old < 0) this.table[2 * v] = f.entryNode;
      else if (f.displaced === old) this.table[2 * v] = f.created;
    } else if (old === f.removedA) this.table[2 * v] = f.replacedByA;
    else if (old === f.removedB) this.table[2 * v] = f.replacedByB;
  }

  /** Slots that differ from a fresh fill (empty when consistent); for tests. */
  selfCheck(root: number): string[] {
    if (this.stale) return [];
    const fresh = new Int32Array(this.table.length);
    this.fill(root, 0, 1 << this.s, fresh);
    const problems: string[] = [];
    for (let i = 0; i < fresh.length; i++) {
      if (fresh[i] !== this.table[i]) {
        problems.push(`jump slot ${i >> 1}.${i & 1}: ${this.table[i]}, expected ${fresh[i]}`);
      }
    }
    return problems;
  }

  /** Bits [a, a + s) (s <= 24) of the field in row/key `buf` whose field starts at byte `fo`. */
  static bitsAt(buf: Uint8Array, fo: number, a: number, s: number): number {
    const first = fo + (a >> 3);
    const count = ((a & 7) + s + 7) >> 3;
    let w = 0;
    for (let i = 0; i < count; i++) w = (w << 8) | buf[first + i];
    return (w >>> (count * 8 - (a & 7) - s)) & ((1 << s) - 1);
  }

  /**
   * Fills jump[2v] and jump[2v + 1] for v in [from, to) for the trie at `root`. For keys whose bits [a, a + s) are v:
   * jump[2v] is the first node at depth >= a + s holding entries that agree with v (or -1),
   * jump[2v + 1] the longest entry shorter than a + s that agrees with v (or -1). Both are
   * facts about the set of prefixes, so an update only refreshes the slots its prefix covers.
   */
  fill(root: number, from: number, to: number, jump = this.table): void {
    const { a, s, f } = this;
    const nodes = f.nodes;
    const stack = f.stack;
    const lim = a + s;
    for (let v = from; v < to; v++) {
      let sp = 0;
      let n = root;
      while (true) {
        const i = n * STRIDE;
        const nl = nodes[i + LEN];
        if (nl >= lim) break;
        if (nodes[i + SLOT] >= 0) stack[sp++] = i;
        const c = nodes[i + C0 + ((v >>> (lim - 1 - nl)) & 1)];
        if (c < 0) break;
        n = c;
      }
      // Verify the blind path once, against one prefix below its end.
      const rep = f.repSlot(n) * f.k + f.fieldOffset;
      const x = JumpTable.bitsAt(f.store.value, rep, a, s) ^ v;
      const agree = x === 0 ? s : Math.clz32(x) - (32 - s);
      jump[2 * v] = agree >= s && nodes[n * STRIDE + LEN] >= lim ? n : -1;
      let best = -1;
      while (sp > 0) {
        const i = stack[--sp];
        if (nodes[i + LEN] - a <= agree) {
          best = nodes[i + SLOT];
          break;
        }
      }
      jump[2 * v + 1] = best;
    }
  }

  /** All of fill(root, 0, 2^s) in one pass over the top of the trie, O(2^s + nodes) not O(2^s * s). */
  private buildAll(root: number): void {
    this.buildRange(root, 0, 1 << this.s, -1);
  }

  /** Slots [lo, hi) all reach node n on their blind path and agree with every prefix above it. */
  private buildRange(n: number, lo: number, hi: number, t: number): void {
    const { a, s, f } = this;
    const jump = this.table;
    const nodes = f.nodes;
    const lim = a + s;
    const nl = nodes[n * STRIDE + LEN];
    const bits = JumpTable.bitsAt(f.store.value, f.repSlot(n) * f.k + f.fieldOffset, a, s);
    // Slots that disagree with n's prefix: nothing below applies, keep the best above.
    const free = nl >= lim ? 0 : lim - nl;
    const lo2 = (bits >>> free) << free;
    const hi2 = lo2 + (1 << free);
    for (let v = lo; v < hi; v++) {
      if (v < lo2 || v >= hi2) {
        jump[2 * v] = -1;
        jump[2 * v + 1] = t;
      }
    }
    if (lo2 < lo || hi2 > hi) return; // n's prefix lies outside this range
    if (nl >= lim) {
      jump[2 * lo2] = n;
      jump[2 * lo2 + 1] = t;
      return;
    }
    const t2 = nodes[n * STRIDE + SLOT] >= 0 ? nodes[n * STRIDE + SLOT] : t;
    const half = 1 << (free - 1);
    for (let b = 0; b < 2; b++) {
      const c = nodes[n * STRIDE + C0 + b];
      const from = lo2 + b * half;
      if (c >= 0) this.buildRange(c, from, from + half, t2);
      else {
        for (let v = from; v < from + half; v++) {
          jump[2 * v] = -1;
          jump[2 * v + 1] = t2;
        }
      }
    }
  }

  /** The trie's lookup() through the table: one probe replaces the top s levels of the walk. */
  lookup(key: Uint8Array, off: number): number {
    const { a, s, f } = this;
    const jump = this.table;
    const base = off + f.fieldOffset;
    const v = JumpTable.bitsAt(key, base, a, s);
    const j = jump[2 * v];
    const t = jump[2 * v + 1];
    const vals = f.store.value;
    if (j < 0) {
      // Only the key's first a bits are unverified for t.
      if (t < 0) return -1;
      const tl = f.pad + f.store.prefixLen![t];
      return commonPrefixBits(key, base, vals, t * f.k + f.fieldOffset, tl) >= tl ? t : -1;
    }
    // Below a + s the key differs from every prefix in its first a bits: nothing matches.
    return f.walk(j, key, base, a + s, t);
  }
}
