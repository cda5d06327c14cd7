/**
 * edit.ts: byte edits for malformed packets. Each takes a packet (bytes or composed) and
 * returns new bytes; the input is never changed.
 */
import { concat } from './bytes';
import { layersOf } from './dissect';
import { type PacketLike, bytesOf, findField, findLayer } from './fields';

/** The first `n` bytes of the packet (a truncated packet). */
export function truncate(p: PacketLike, n: number): Uint8Array {
  const b = bytesOf(p);
  if (!Number.isInteger(n) || n < 0 || n > b.length) {
    throw new Error(`truncate: ${n} is not in 0..${b.length}`);
  }
  return b.slice(0, n);
}

/** The packet without its last `n` bytes. */
export function dropTail(p: PacketLike, n: number): Uint8Array {
  return truncate(p, bytesOf(p).length - n);
}

/** The packet with `extra` appended (e.g. trailing garbage or Ethernet padding). */
export function append(p: PacketLike, extra: Uint8Array): Uint8Array {
  return concat(bytesOf(p), extra);
}

/** The packet with `bytes` written at `offset` (within the packet). */
export function overwrite(p: PacketLike, offset: number, bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytesOf(p));
  if (!Number.isInteger(offset) || offset < 0 || offset + bytes.length > out.length) {
    throw new Error(
      `overwrite: ${bytes.length} byte(s) at ${offset} run past the ${out.length}-byte packet`,
    );
  }
  out.set(bytes, offset);
  return out;
}

/** The packet with bit `bitOffset` (MSB of byte 0 is bit 0) inverted. */
export function flipBit(p: PacketLike, bitOffset: number): Uint8Array {
  const out = Uint8Array.from(bytesOf(p));
  if (!Number.isInteger(bitOffset) || bitOffset < 0 || bitOffset >= out.length * 8) {
    throw new Error(`flipBit: bit ${bitOffset} is outside the ${out.length * 8}-bit packet`);
  }
  out[bitOffset >> 3] ^= 0x80 >> (bitOffset & 7);
  return out;
}

/**
 * The packet with one field set to `value` and nothing else recomputed (so checksums and
 * lengths keep their old values): `setField(pkt, 'ipv6', 'hopLimit', 0)`.
 */
export function setField(
  p: PacketLike,
  layer: number | string,
  field: string,
  value: number | bigint,
): Uint8Array {
  const f = findField(findLayer(layersOf(p), layer), field);
  const v = BigInt(value);
  if (v < 0n || v >> BigInt(f.bitLength) !== 0n) {
    throw new Error(`setField: ${value} does not fit ${layer}.${field} (${f.bitLength} bits)`);
  }
  const out = Uint8Array.from(bytesOf(p));
  for (let i = 0; i < f.bitLength; i++) {
    const bit = f.bitOffset + i;
    const one = (v >> BigInt(f.bitLength - 1 - i)) & 1n;
    out[bit >> 3] = one
      ? out[bit >> 3] | (0x80 >> (bit & 7))
      : out[bit >> 3] & ~(0x80 >> (bit & 7));
  }
  return out;
}
