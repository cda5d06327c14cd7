/**
 * The server's side of P4Runtime bytestrings (spec §8.4 "Bytestrings"), on top of
 * p4runtime/bytes: what a client sends is accepted in any length as long as it is not empty
 * and its value fits the P4Info bitwidth (leading zero bytes are fine), and is turned into the
 * FULL-WIDTH form the table engine keeps (ceil(bitwidth / 8) bytes). What the server sends back
 * is always canonical: the shortest string, at least one byte.
 *
 * Codes: §8.4 says OUT_OF_RANGE for a value that does not fit, but the sections that apply to
 * every place a server receives one (match fields §9.1.1, action parameters §9.1.2, packet
 * metadata §16.1, register data §9.7) each require INVALID_ARGUMENT, and bmv2's PI server
 * answers INVALID_ARGUMENT; so do we.
 */
import { P4ValueError, canonical, fullWidth } from '../../p4runtime/bytes';
import { Code, fail } from './status';

/** Bytes needed for a value of `bitwidth` bits. */
export function byteWidth(bitwidth: number): number {
  return (bitwidth + 7) >>> 3;
}

/** Lowercase hex of the bytes, for messages ('0a0001'). */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * A received bytestring as a fresh full-width value of `bitwidth` bits. Throws
 * INVALID_ARGUMENT naming `what` when it is empty or its value needs more than `bitwidth` bits.
 *
 *   toFullWidth(Uint8Array.of(0, 0, 5), 9, 'param port')  // Uint8Array [0, 5]
 */
export function toFullWidth(
  bytes: Uint8Array | null | undefined,
  bitwidth: number,
  what: string,
): Uint8Array {
  try {
    return fullWidth(bytes ?? new Uint8Array(), bitwidth).slice();
  } catch (e) {
    if (e instanceof P4ValueError) fail(Code.INVALID_ARGUMENT, `${what}: ${e.message}`);
    throw e;
  }
}

/** The canonical (shortest, at least one byte) form of a value. */
export function toCanonical(bytes: Uint8Array): Uint8Array {
  return canonical(bytes);
}

/** A big-endian unsigned value as a bigint. */
export function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** A non-negative bigint as `width` big-endian bytes (the caller knows it fits). */
export function fromBigInt(v: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A full-width value as a JS number (for port numbers and indices: widths up to 48 bits). */
export function toNumber(bytes: Uint8Array): number {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** A non-negative integer as full-width bytes for `bitwidth` bits. */
export function fromNumber(v: number, bitwidth: number): Uint8Array {
  return fromBigInt(BigInt(v), byteWidth(bitwidth));
}

/**
 * A received bytestring for an `int<W>` value (two's complement, sign-extended to any length)
 * as W-bit two's complement in full width. INVALID_ARGUMENT when empty or out of range.
 */
export function toFullWidthSigned(
  bytes: Uint8Array | null | undefined,
  bitwidth: number,
  what: string,
): Uint8Array {
  if (!bytes || bytes.length === 0) fail(Code.INVALID_ARGUMENT, `${what}: empty bytestring`);
  const n = BigInt(bytes.length * 8);
  const raw = toBigInt(bytes);
  const v = raw >> (n - 1n) ? raw - (1n << n) : raw;
  const half = 1n << BigInt(bitwidth - 1);
  if (v < -half || v >= half)
    fail(Code.INVALID_ARGUMENT, `${what}: value ${v} does not fit in int<${bitwidth}>`);
  return fromBigInt(BigInt.asUintN(bitwidth, v), byteWidth(bitwidth));
}

/** A W-bit two's complement value as the canonical signed bytestring (shortest, sign kept). */
export function toCanonicalSigned(bytes: Uint8Array, bitwidth: number): Uint8Array {
  const v = BigInt.asIntN(bitwidth, toBigInt(bytes));
  let bits = 1;
  while (v < -(1n << BigInt(bits - 1)) || v > (1n << BigInt(bits - 1)) - 1n) bits++;
  const width = byteWidth(bits);
  return fromBigInt(BigInt.asUintN(width * 8, v), width);
}
