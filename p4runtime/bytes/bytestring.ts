/**
 * P4Runtime bytestrings (spec section "Bytestrings").
 *
 * A `bit<W>` value travels as big-endian bytes. The canonical form is the shortest string
 * (zero is one 0x00 byte): clients should send it and servers must return it on reads
 * (read-write symmetry). A server must still accept any longer string whose extra high
 * bytes are zero, as long as the value fits in W bits; an empty string or a value wider
 * than W bits is refused with OUT_OF_RANGE. Since v1.0 the spec sets no upper length; some
 * older targets wanted exactly ceil(W/8) bytes, which `fullWidth` produces.
 *
 * Hot paths use plain byte loops. Returned arrays may share memory with the input, or with
 * other encoded values (small values are cut from shared slabs): treat them as immutable.
 */

/** A value as callers give it: integer, IPv4/IPv6/MAC/hex/decimal string, or bytes. */
export type BitValue = number | bigint | string | Uint8Array;

/** The gRPC code a server should answer with for this error (spec: bytestring or match rules). */
export type P4ValueErrorCode = 'OUT_OF_RANGE' | 'INVALID_ARGUMENT';

/** A value that does not fit its field or breaks a match rule; the message names both. */
export class P4ValueError extends Error {
  override name = 'P4ValueError';
  constructor(
    message: string,
    readonly code: P4ValueErrorCode = 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}

/** `strict`: also refuse non-canonical (zero-padded) strings, e.g. to check read replies. */
export interface CheckOptions {
  strict?: boolean;
}

/** Two lower-case hex digits per byte value. */
export const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hex digits of the bytes as given (no prefix). */
export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** How a value is shown in error messages: integers and bytes in hex, strings quoted. */
export function show(value: BitValue): string {
  if (typeof value === 'string') return /^0[xX]/.test(value) ? value : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
  }
  return value.length === 0 ? 'empty bytestring' : `0x${hexOf(value)}`;
}

/** The OUT_OF_RANGE error for a value wider than its field. */
export function doesNotFit(value: BitValue, bitwidth: number): P4ValueError {
  return new P4ValueError(`value ${show(value)} does not fit in ${bitwidth} bits`, 'OUT_OF_RANGE');
}

/** Throws unless the bitwidth is a positive integer. */
export function checkWidth(bitwidth: number): void {
  if (!Number.isInteger(bitwidth) || bitwidth < 1) {
    throw new P4ValueError(`bitwidth ${bitwidth} is invalid: expected an integer >= 1`);
  }
}

/** Bytes needed for `bitwidth` bits: byteWidth(9) === 2. */
export function byteWidth(bitwidth: number): number {
  return (bitwidth + 7) >>> 3;
}

/** Significant bits of a big-endian value (0 for zero), whatever its padding. */
export function bitLength(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) return (bytes.length - i - 1) * 8 + 32 - Math.clz32(bytes[i]);
  }
  return 0;
}

/** True if the bytes are non-empty and have no leading zero byte (zero is `00`). */
export function isCanonical(bytes: Uint8Array): boolean {
  return bytes.length === 1 || (bytes.length > 1 && bytes[0] !== 0);
}

/** The shortest form of a non-empty bytestring: leading zero bytes removed, zero kept as `00`. */
export function canonical(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new P4ValueError('empty bytestring has no value', 'OUT_OF_RANGE');
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return i === 0 ? bytes : bytes.subarray(i);
}

/**
 * Validates a received bytestring for a `bit<W>` field and returns its canonical form:
 * refuses empty strings and values wider than W (OUT_OF_RANGE, as the spec requires of
 * servers), and with `strict` also zero-padded ones.
 */
export function toCanonical(bytes: Uint8Array, bitwidth: number, opts?: CheckOptions): Uint8Array {
  checkWidth(bitwidth);
  if (bytes.length === 0) {
    throw new P4ValueError(
      `empty bytestring for ${bitwidth} bits: expected at least one byte`,
      'OUT_OF_RANGE',
    );
  }
  const c = canonical(bytes);
  if (bitLength(c) > bitwidth) throw doesNotFit(bytes, bitwidth);
  if (opts?.strict && c !== bytes) {
    throw new P4ValueError(
      `value ${show(bytes)} is not canonical for ${bitwidth} bits: expected ${show(c)}`,
    );
  }
  return c;
}

/** The value left-padded to exactly ceil(W/8) bytes (for targets that want full width). */
export function fullWidth(bytes: Uint8Array, bitwidth: number): Uint8Array {
  const c = toCanonical(bytes, bitwidth);
  const width = byteWidth(bitwidth);
  if (bytes.length === width) return bytes;
  const out = new Uint8Array(width);
  out.set(c, width - c.length);
  return out;
}

/** Bytes of a string of hex digits (odd length allowed), or undefined if it has others. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  const out = new Uint8Array((hex.length + 1) >> 1);
  for (let i = hex.length - 1, j = out.length - 1; i >= 0; i -= 2, j--) {
    const lo = hexDigit(hex.charCodeAt(i));
    const hi = i > 0 ? hexDigit(hex.charCodeAt(i - 1)) : 0;
    if (lo < 0 || hi < 0) return undefined;
    out[j] = (hi << 4) | lo;
  }
  return canonical(out);
}

/** Value of an ASCII hex digit, or -1. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20; // ASCII lower case
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** The value as a bigint (any length, canonical or not). */
export function decodeBigInt(bytes: Uint8Array): bigint {
  const c = canonical(bytes);
  return c.length <= 6 ? BigInt(decodeNumber(c)) : BigInt('0x' + hexOf(c));
}

/** The value as a number; throws if it exceeds Number.MAX_SAFE_INTEGER. */
export function decodeNumber(bytes: Uint8Array): number {
  if (bytes.length === 0) throw new P4ValueError('empty bytestring has no value', 'OUT_OF_RANGE');
  if (bitLength(bytes) > 53) {
    throw new P4ValueError(`value ${show(canonical(bytes))} exceeds 2^53-1: use decodeBigInt`);
  }
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n = n * 256 + bytes[i];
  return n;
}

/** The value as `0x` hex without leading zeros: formatHex([0x01, 0xff]) === '0x1ff'. */
export function formatHex(bytes: Uint8Array): string {
  const h = hexOf(canonical(bytes));
  return '0x' + (h[0] === '0' && h.length > 1 ? h.slice(1) : h);
}

/** Numeric order of two bytestrings of any padding: -1, 0 or 1. */
export function compareValues(a: Uint8Array, b: Uint8Array): number {
  const x = canonical(a);
  const y = canonical(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/** The all-ones value of W bits, canonical. */
export function maxValue(bitwidth: number): Uint8Array {
  checkWidth(bitwidth);
  const out = new Uint8Array(byteWidth(bitwidth)).fill(0xff);
  out[0] = 0xff >> (out.length * 8 - bitwidth);
  return out;
}
