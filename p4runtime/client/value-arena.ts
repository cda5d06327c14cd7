/**
 * Canonical bytestrings of `bit<W>` values, made one after another into one reused buffer: the
 * bytes `encodeValue(v, W)` (../bytes) returns, without allocating for numbers and bigints, the
 * values bulk writes carry. Strings and byte arrays are handed to encodeValue itself and their
 * bytes copied in. Where encodeValue would throw, `put` returns -1, leaving the error to the
 * general path.
 *
 *   const a = new ValueArena();
 *   const at = a.put(0x0a000001, 32);     // a.bytes[at .. a.pos) is 0a 00 00 01
 *   a.put(512, 9);                         // -1: does not fit
 */
import { encodeValue } from '../bytes';

/** 2^W for W < 53, from a table: `2 ** W` costs a call into Math.pow (tens of ns) each time. */
const POW2 = Array.from({ length: 53 }, (_, w) => 2 ** w);
const MAX_U64 = 0xffffffffffffffffn;
/** Bigints wider than this many bytes are left to encodeValue (as its bigIntBytes does). */
const WIDE_BYTES = 64;

/** Values of one table entry, each bytes[start, end) (ends at `pos` once put); until reset. */
export class ValueArena {
  bytes = new Uint8Array(1024);
  /** End of the last value put (a value may start after the previous one's end). */
  pos = 0;
  private view = new DataView(this.bytes.buffer);
  private readonly wide = new Uint8Array(WIDE_BYTES);
  private readonly wideView = new DataView(this.wide.buffer);

  /** Forget every value. */
  reset(): void {
    this.pos = 0;
  }

  /** Put the canonical bytes of `v` for `bitwidth` bits: their start; -1 if encodeValue throws. */
  put(v: unknown, bitwidth: number): number {
    if (!Number.isInteger(bitwidth) || bitwidth < 1) return -1;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) return -1;
      if (bitwidth < 53 && v >= POW2[bitwidth]) return -1;
      return this.number(v);
    }
    if (typeof v === 'bigint') return this.bigint(v, bitwidth);
    if (typeof v === 'string' || v instanceof Uint8Array) return this.other(v, bitwidth);
    return -1; // other kinds are left to the general path, which words the error
  }

  /** Copy bytes in as they are (a value made by ../bytes); their start. */
  copy(b: Uint8Array): number {
    const start = this.room(b.length);
    const out = this.bytes;
    for (let i = 0; i < b.length; i++) out[start + i] = b[i];
    this.pos = start + b.length;
    return start;
  }

  /** True if the low `bits` bits of bytes[start, end) are zero (the host bits of a prefix). */
  lowBitsZero(start: number, end: number, bits: number): boolean {
    const b = this.bytes;
    let i = end - 1;
    for (; bits >= 8 && i >= start; bits -= 8, i--) if (b[i] !== 0) return false;
    return bits === 0 || i < start || (b[i] & ((1 << bits) - 1)) === 0;
  }

  /** A safe non-negative integer, shortest big-endian (zero is one 00 byte). */
  private number(n: number): number {
    const len =
      n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : n <= 0xffffffff ? 4 : 4 + hiBytes(n);
    const start = this.room(len);
    const b = this.bytes;
    let i = start + len;
    if (len > 4) {
      let lo = n >>> 0;
      n = Math.floor(n / 0x100000000);
      for (let k = 0; k < 4; k++, lo >>>= 8) b[--i] = lo & 0xff;
    }
    for (; i > start; n >>>= 8) b[--i] = n & 0xff;
    this.pos = start + len;
    return start;
  }

  /**
   * A non-negative bigint: up to 128 bits (an IPv6 address) as one or two 64-bit words stored
   * straight into the arena, its leading zero bytes then skipped; wider ones word by word.
   */
  private bigint(v: bigint, bitwidth: number): number {
    if (v < 0n) return -1;
    let start: number;
    let end: number;
    if (v <= MAX_U64) {
      start = this.room(8);
      this.view.setBigUint64(start, v);
      end = start + 8;
    } else {
      const hi = v >> 64n;
      if (hi > MAX_U64) return this.wideBigint(v, bitwidth);
      start = this.room(16);
      this.view.setBigUint64(start, hi);
      this.view.setBigUint64(start + 8, v); // the low 64 bits
      end = start + 16;
    }
    const b = this.bytes;
    while (start < end - 1 && b[start] === 0) start++; // zero keeps one byte
    this.pos = end;
    if ((end - start - 1) * 8 + 32 - Math.clz32(b[start]) > bitwidth) return -1; // too wide
    return start;
  }

  /** A bigint over 128 bits, word by word from the scratch's end. */
  private wideBigint(v: bigint, bitwidth: number): number {
    const s = this.wide;
    let end = WIDE_BYTES;
    for (let rest = v; ; rest >>= 64n) {
      if (end === 0) return this.other(v, bitwidth);
      end -= 8;
      this.wideView.setBigUint64(end, rest); // the low 64 bits of `rest`
      if (rest <= MAX_U64) break;
    }
    while (s[end] === 0) end++; // v > 0: a non-zero byte is ahead
    if ((WIDE_BYTES - end - 1) * 8 + 32 - Math.clz32(s[end]) > bitwidth) return -1;
    return this.copy(s.subarray(end));
  }

  /** Anything else, by encodeValue itself. */
  private other(v: string | bigint | Uint8Array, bitwidth: number): number {
    let b: Uint8Array;
    try {
      b = encodeValue(v, bitwidth);
    } catch {
      return -1;
    }
    return this.copy(b);
  }

  /** Start of room for `n` more bytes after `pos` (the arena grows as needed). */
  private room(n: number): number {
    if (this.pos + n > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + n));
      next.set(this.bytes.subarray(0, this.pos));
      this.bytes = next;
      this.view = new DataView(next.buffer);
    }
    return this.pos;
  }
}

/** Bytes of the part of n above 32 bits (n < 2^53: at most 3). */
function hiBytes(n: number): number {
  const hi = Math.floor(n / 0x100000000);
  return hi < 0x100 ? 1 : hi < 0x10000 ? 2 : 3;
}
