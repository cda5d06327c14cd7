/**
 * A protobuf wire writer over one growable buffer. It writes exactly what protobufjs's Writer
 * writes for the same calls (same varint, int32 and 64-bit rules), but a whole WriteRequest goes
 * into one buffer that is reused from batch to batch, instead of a Writer and a copy per update.
 *
 *   const w = new WireWriter();
 *   const at = w.fork(0x12);   // field 2, length-delimited
 *   w.uint32(0x08, 7);         // field 1 of the nested message
 *   w.ldelim(at);
 *   w.finish();                // 12 02 08 07
 */
import { util } from 'protobufjs';
import type Long from 'long';

/** A 64-bit value in any form protobufjs accepts. */
export type Int64Like = number | string | Long | { low: number; high: number };

/** Appends protobuf wire data to one buffer that grows as needed. */
export class WireWriter {
  private buf: Buffer;
  /** Write position: the number of bytes written. */
  pos = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes the buffer holds before it must grow. */
  get capacity(): number {
    return this.buf.length;
  }

  /** Forget everything written, keeping the buffer. */
  reset(): void {
    this.pos = 0;
  }

  /** Drop what was written after `pos` (an update that failed half-way). */
  truncate(pos: number): void {
    this.pos = pos;
  }

  /** A copy of the bytes written (the buffer itself is reused). */
  finish(): Buffer {
    return this.finishInto(Buffer.allocUnsafe(this.pos));
  }

  /** The bytes written, copied into `out` (`pos` bytes long at least); returns `out`. */
  finishInto(out: Buffer): Buffer {
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** A tag or any uint32 varint; `v >>> 0` as protobufjs does. */
  varint(v: number): void {
    v >>>= 0;
    if (this.pos + 5 > this.buf.length) this.grow(5);
    const buf = this.buf;
    let pos = this.pos;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** A uint32 field: tag then value. */
  uint32(tag: number, v: number): void {
    this.varint(tag);
    this.varint(v);
  }

  /** An int32 field: negative values take 10 bytes (sign-extended to 64 bits), as the spec says. */
  int32(tag: number, v: number): void {
    this.varint(tag);
    v |= 0;
    if (v < 0) this.varint64(v >>> 0, 0xffffffff);
    else this.varint(v);
  }

  /** A bool field: 1 for any truthy value. */
  bool(tag: number, v: unknown): void {
    this.varint(tag);
    this.varint(v ? 1 : 0);
  }

  /** An int64 / uint64 field from a number, decimal string or Long (protobufjs's LongBits rules). */
  int64(tag: number, v: Int64Like): void {
    this.varint(tag);
    const bits = util.LongBits.from(v as Long);
    this.varint64(bits.lo, bits.hi);
  }

  /** A bytes field; a string is base64, as protobufjs takes it. */
  bytes(tag: number, v: Uint8Array | string): void {
    // isView first: `instanceof String` on every byte array is costly, and never true for one.
    const b = ArrayBuffer.isView(v)
      ? v
      : typeof v === 'string' || isStringObject(v)
        ? base64(v)
        : v;
    const n = b.length >>> 0;
    this.varint(tag);
    this.varint(n);
    this.raw(b);
  }

  /**
   * Room for `n` more bytes at `pos`: the buffer to write them into, for a caller that sized its
   * message first (see putVarint, putRange). The caller then moves `pos` past what it wrote.
   */
  reserve(n: number): Buffer {
    if (this.pos + n > this.buf.length) this.grow(n);
    return this.buf;
  }

  /** Bytes as they are (unknown fields, or a message encoded elsewhere). */
  raw(b: Uint8Array | readonly number[]): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    const pos = this.pos;
    // TypedArray#set costs more than a loop for the short values of table entries.
    if (n < 32) for (let i = 0; i < n; i++) buf[pos + i] = b[i];
    else buf.set(b, pos);
    this.pos = pos + n;
  }

  /** Start a length-delimited field: writes its tag and one byte for the length; see ldelim. */
  fork(tag: number): number {
    this.varint(tag);
    if (this.pos + 1 > this.buf.length) this.grow(1);
    return this.pos++;
  }

  /** Close the field opened by fork: write its length, moving the content if it needs more bytes. */
  ldelim(at: number): void {
    const len = this.pos - at - 1;
    if (len < 128) {
      this.buf[at] = len;
      return;
    }
    const n = len < 16384 ? 2 : len < 2097152 ? 3 : len < 268435456 ? 4 : 5;
    if (this.pos + n - 1 > this.buf.length) this.grow(n - 1);
    this.buf.copyWithin(at + n, at + 1, this.pos);
    this.pos = at;
    this.varint(len);
    this.pos += len;
  }

  private varint64(lo: number, hi: number): void {
    if (this.pos + 10 > this.buf.length) this.grow(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  private grow(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Bytes of `v` (a uint32) as a varint. */
export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Write the uint32 `v` as a varint at buf[pos] (room reserved); the position after it. */
export function putVarint(buf: Uint8Array, pos: number, v: number): number {
  while (v > 127) {
    buf[pos++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/** Copy src[start, end) to buf[pos] (room reserved); the position after it. */
export function putRange(
  buf: Uint8Array,
  pos: number,
  src: Uint8Array,
  start: number,
  end: number,
): number {
  for (let i = start; i < end; i++) buf[pos++] = src[i];
  return pos;
}

function isStringObject(v: unknown): boolean {
  return v instanceof String;
}

function base64(s: string | Uint8Array): Uint8Array {
  return Buffer.from(String(s), 'base64');
}
