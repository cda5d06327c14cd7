/**
 * The FieldMatch list of one table entry, gathered before anything is written, as
 * entities/match.ts makes it: each key resolved through the TablePlan, no field named twice,
 * every exact field given, each value canonical (in a ValueArena) and checked for its kind,
 * "don't care" values left out, in message order (by field id). Then sized and written at once.
 * A value this path does not take, or that those checks refuse, makes `gather` return false.
 *
 *   list.gather(plan, { 'hdr.ipv6.dst_addr': '2001:db8::/32' }, arena);   // true
 *   const n = list.size(plan);                 // bytes of the list inside a TableEntry
 *   pos = list.write(buf, pos, plan, arena);   // n bytes from pos
 */
import { maxValue, parsePrefix, rangeMatch, ternaryMatch, type BitValue } from '../bytes';
import type { P4MatchField } from '../schema';
import type { TablePlan } from './table-plan';
import type { ValueArena } from './value-arena';
import { putRange, putVarint, varintSize } from './wire-writer';

/** Tags of FieldMatch's kinds (field 2 exact, 3 ternary, 4 lpm, 6 range, 7 optional). */
const EXACT = 0x12;
const TERNARY = 0x1a;
const LPM = 0x22;
const RANGE = 0x32;
const OPTIONAL = 0x3a;

/** One entry's FieldMatches, reused from entry to entry (one entry at a time). */
export class MatchList {
  /** FieldMatches gathered, in message order. */
  count = 0;
  /** Per FieldMatch: field position, kind tag, first value [a, aEnd), second value [b, bEnd) or
   * prefix length (lpm), and the sizes of the kind's message and of the FieldMatch. */
  private field = new Int32Array(8);
  private kind = new Uint8Array(8);
  private a = new Int32Array(8);
  private aEnd = new Int32Array(8);
  private b = new Int32Array(8);
  private bEnd = new Int32Array(8);
  private inner = new Int32Array(8);
  private len = new Int32Array(8);
  /** Per field position: the entry's value, and the serial of the entry that gave it. */
  private values: unknown[] = [];
  private seen = new Int32Array(8);
  private serial = 0;

  /** Gather the FieldMatches of `match` (values into `arena`); false: the general way's. */
  gather(plan: TablePlan, match: object, arena: ValueArena): boolean {
    const fields = plan.fields;
    this.room(fields.length);
    const serial = this.next();
    const { seen, values } = this;
    let exact = 0;
    for (const key in match) {
      const i = plan.fieldAt(key);
      if (i < 0 || seen[i] === serial) return false;
      seen[i] = serial;
      const v = (match as Record<string, unknown>)[key];
      values[i] = v;
      if (v !== undefined && fields[i].kind === 'exact') exact++;
    }
    if (exact !== plan.exactFields) return false;
    this.count = 0;
    const order = plan.order;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (seen[i] !== serial) continue;
      const v = values[i];
      values[i] = undefined;
      if (v !== undefined && !this.add(i, fields[i], v, arena)) return false;
    }
    return true;
  }

  /** Bytes of the gathered list inside a TableEntry: each FieldMatch as field 2. */
  size(plan: TablePlan): number {
    let total = 0;
    for (let k = 0; k < this.count; k++) {
      const aLen = this.aEnd[k] - this.a[k];
      let inner = aLen ? 1 + varintSize(aLen) + aLen : 0;
      if (this.kind[k] === LPM) inner += 1 + varintSize(this.b[k]);
      else {
        const bLen = this.bEnd[k] - this.b[k];
        if (bLen) inner += 1 + varintSize(bLen) + bLen;
      }
      const len = plan.fieldIdFields[this.field[k]].length + 1 + varintSize(inner) + inner;
      this.inner[k] = inner;
      this.len[k] = len;
      total += 1 + varintSize(len) + len;
    }
    return total;
  }

  /** Write the list sized by `size` at buf[pos]; the position after it. */
  write(buf: Uint8Array, pos: number, plan: TablePlan, arena: ValueArena): number {
    const bytes = arena.bytes;
    for (let k = 0; k < this.count; k++) {
      buf[pos++] = 0x12;
      pos = putVarint(buf, pos, this.len[k]);
      const id = plan.fieldIdFields[this.field[k]];
      pos = putRange(buf, pos, id, 0, id.length);
      const kind = this.kind[k];
      buf[pos++] = kind;
      pos = putVarint(buf, pos, this.inner[k]);
      const a = this.a[k];
      const aEnd = this.aEnd[k];
      if (aEnd > a) {
        buf[pos++] = 0x0a;
        pos = putVarint(buf, pos, aEnd - a);
        pos = putRange(buf, pos, bytes, a, aEnd);
      }
      if (kind === LPM) {
        buf[pos++] = 0x10; // prefix_len, > 0
        pos = putVarint(buf, pos, this.b[k]);
      } else if (this.bEnd[k] > this.b[k]) {
        buf[pos++] = 0x12;
        pos = putVarint(buf, pos, this.bEnd[k] - this.b[k]);
        pos = putRange(buf, pos, bytes, this.b[k], this.bEnd[k]);
      }
    }
    return pos;
  }

  /** One field's FieldMatch; true with nothing added for a "don't care" value. */
  private add(i: number, f: P4MatchField, v: unknown, arena: ValueArena): boolean {
    if (v === null) return false; // the general path's `in` throws on it
    const width = f.bitwidth;
    switch (f.kind) {
      case 'exact': {
        if (!isBare(v)) return false;
        const a = arena.put(v, width);
        return a >= 0 && this.push(i, EXACT, a, arena.pos, 0, 0);
      }
      case 'optional': {
        const o = !isBare(v) && 'optional' in (v as object);
        if (!o && !isBare(v)) return false;
        const a = arena.put(o ? (v as { optional: unknown }).optional : v, width);
        return a >= 0 && this.push(i, OPTIONAL, a, arena.pos, 0, 0);
      }
      case 'lpm':
        return this.lpm(i, width, v, arena);
      case 'ternary':
      case 'range':
        return this.masked(i, f, v, arena);
      default:
        return false; // an architecture's own match kind
    }
  }

  /** An LPM value: 'addr/len', { value, prefixLen }, or bare (the full length). */
  private lpm(i: number, width: number, v: unknown, arena: ValueArena): boolean {
    if (typeof v === 'string' && v.includes('/')) {
      let m: { value: Uint8Array; prefixLen: number };
      try {
        m = parsePrefix(v, width);
      } catch {
        return false;
      }
      if (m.prefixLen === 0) return true; // "don't care": left out
      const a = arena.copy(m.value);
      return this.push(i, LPM, a, arena.pos, m.prefixLen, 0);
    }
    let a: number;
    let prefixLen: unknown = width;
    if (isBare(v)) a = arena.put(v, width);
    else if ('value' in (v as object) && 'prefixLen' in (v as object)) {
      const o = v as { value: unknown; prefixLen: unknown };
      a = arena.put(o.value, width);
      prefixLen = o.prefixLen;
    } else return false;
    if (a < 0 || !Number.isInteger(prefixLen)) return false;
    const p = prefixLen as number;
    if (p < 0 || p > width || !arena.lowBitsZero(a, arena.pos, width - p)) return false;
    if (p === 0) return true; // "don't care": left out
    return this.push(i, LPM, a, arena.pos, p, 0);
  }

  /**
   * A ternary or range value, made by the ../bytes functions entities use (they allocate; bulk
   * writes seldom carry these): 'v&&&m' / 'lo..hi', { value, mask } / { low, high }, or bare.
   */
  private masked(i: number, f: P4MatchField, v: unknown, arena: ValueArena): boolean {
    const width = f.bitwidth;
    const ternary = f.kind === 'ternary';
    const sep = ternary ? '&&&' : '..';
    const [ka, kb] = ternary ? ['value', 'mask'] : ['low', 'high'];
    let x: unknown;
    let y: unknown;
    if (typeof v === 'string' && v.includes(sep)) [x, y] = v.split(sep);
    else if (isBare(v)) [x, y] = [v, ternary ? undefined : v];
    else if (ka in (v as object) && kb in (v as object)) {
      x = (v as Record<string, unknown>)[ka];
      y = (v as Record<string, unknown>)[kb];
    } else return false;
    if (!isValue(x) || !(isValue(y) || (ternary && y === undefined))) return false;
    let first: Uint8Array;
    let second: Uint8Array;
    try {
      if (ternary) {
        const m = ternaryMatch(x, y === undefined ? maxValue(width) : (y as BitValue), width);
        if (!m) return true; // "don't care": left out
        [first, second] = [m.value, m.mask];
      } else {
        const m = rangeMatch(x, y as BitValue, width);
        if (!m) return true;
        [first, second] = [m.low, m.high];
      }
    } catch {
      return false;
    }
    const a = arena.copy(first);
    const b = arena.copy(second);
    return this.push(i, ternary ? TERNARY : RANGE, a, b, b, arena.pos);
  }

  /** Number the next entry's values (wrapping before the int32 serials overflow). */
  private next(): number {
    if (this.serial === 0x7fffffff) {
      this.seen.fill(0);
      this.serial = 0;
    }
    return ++this.serial;
  }

  private push(i: number, kind: number, a: number, aEnd: number, b: number, bEnd: number): true {
    const k = this.count++;
    this.field[k] = i;
    this.kind[k] = kind;
    this.a[k] = a;
    this.aEnd[k] = aEnd;
    this.b[k] = b;
    this.bEnd[k] = bEnd;
    return true;
  }

  /** Room for `n` fields in every per-field array. */
  private room(n: number): void {
    if (this.seen.length >= n) return;
    this.field = new Int32Array(n);
    this.kind = new Uint8Array(n);
    this.a = new Int32Array(n);
    this.aEnd = new Int32Array(n);
    this.b = new Int32Array(n);
    this.bEnd = new Int32Array(n);
    this.inner = new Int32Array(n);
    this.len = new Int32Array(n);
    this.seen = new Int32Array(n);
  }
}

/** A value given bare, not in a kind's object form (entities/match.ts's isBare). */
function isBare(v: unknown): boolean {
  return typeof v !== 'object' || v instanceof Uint8Array;
}

/** A value as the ../bytes functions take it (other kinds go the general way). */
function isValue(v: unknown): v is BitValue {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'string' || v instanceof Uint8Array;
}
