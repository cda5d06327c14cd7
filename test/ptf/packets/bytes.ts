/**
 * bytes.ts: byte-string basics for the packet builders: hex, concatenation, big-endian
 * integers and 128-bit BigInt conversion. Every function returns a fresh array and never
 * changes its inputs.
 */

/** The bytes of a hex string; spaces, colons and a leading 0x are ignored: `fromHex('0a 1b')`. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
    throw new Error(`fromHex: '${hex}' is not an even-length hex string`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of the bytes, no separators: `toHex(Uint8Array.of(10, 27)) === '0a1b'`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The bytes of all arguments, one after the other. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Whether two byte strings are equal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** `value` as `width` big-endian bytes; refuses values that do not fit (naming `what`). */
export function be(value: number | bigint, width: number, what = 'value'): Uint8Array {
  const v = BigInt(value);
  if (v < 0n || v >= 1n << BigInt(8 * width)) {
    throw new Error(`${what}: ${value} does not fit in ${width} byte(s)`);
  }
  return bigIntToBytes(v, width);
}

/** One byte. */
export const u8 = (value: number): Uint8Array => be(value, 1);
/** Two big-endian bytes. */
export const u16 = (value: number): Uint8Array => be(value, 2);
/** Four big-endian bytes. */
export const u32 = (value: number): Uint8Array => be(value, 4);

/** The unsigned big-endian integer of the bytes. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** The low `width` bytes of `value`, big-endian (`value` must be >= 0). */
export function bigIntToBytes(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads `bitLength` bits starting at absolute bit `bitOffset` (MSB first) as a BigInt. */
export function readBits(bytes: Uint8Array, bitOffset: number, bitLength: number): bigint {
  let v = 0n;
  for (let i = 0; i < bitLength; i++) {
    const bit = bitOffset + i;
    v = (v << 1n) | BigInt((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
  }
  return v;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
