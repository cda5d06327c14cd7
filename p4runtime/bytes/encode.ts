/** Values as callers write them (integers, strings, bytes) -> canonical bytestrings. */
import { parseIPv4, parseIPv6, parseMac, MAC } from './address';
import {
  P4ValueError,
  bitLength,
  canonical,
  checkWidth,
  doesNotFit,
  fullWidth,
  hexToBytes,
  show,
  toCanonical,
  type BitValue,
} from './bytestring';

/** 2^W for W < 53: `2 ** W` costs a call into Math.pow on every value encoded. */
const POW2 = Array.from({ length: 53 }, (_, w) => 2 ** w);

function encodeNumber(n: number, bitwidth: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new P4ValueError(
      `value ${n} for ${bitwidth} bits is not a non-negative safe integer (use a bigint or bytes)`,
    );
  }
  if (bitwidth < 53 && n >= POW2[bitwidth]) throw doesNotFit(n, bitwidth);
  return safeIntegerBytes(n);
}

/**
 * Room for encoded values, cut from shared slabs as Node cuts small Buffers from its pool: a
 * view costs half the memory of a Uint8Array with its own ArrayBuffer, and table entries encode
 * several small values each. A slab lives as long as any value cut from it.
 */
const SLAB_BYTES = 8192;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

function allocate(len: number): Uint8Array {
  if (slabUsed + len > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, len);
  slabUsed += len;
  return out;
}

/** The canonical bytes of a safe non-negative integer, with 32-bit arithmetic where it can. */
function safeIntegerBytes(n: number): Uint8Array {
  if (n <= 0xffffffff) {
    const len = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    const out = allocate(len);
    for (let i = len - 1; i >= 0; i--, n >>>= 8) out[i] = n & 0xff;
    return out;
  }
  let hi = Math.floor(n / 0x100000000);
  let lo = n >>> 0;
  const hiLen = hi < 0x100 ? 1 : hi < 0x10000 ? 2 : 3; // below 2^53, hi has at most 21 bits
  const out = allocate(hiLen + 4);
  for (let i = hiLen + 3; i >= hiLen; i--, lo >>>= 8) out[i] = lo & 0xff;
  for (let i = hiLen - 1; i >= 0; i--, hi >>>= 8) out[i] = hi & 0xff;
  return out;
}

function encodeBigInt(v: bigint, bitwidth: number): Uint8Array {
  if (v < 0n) throw new P4ValueError(`value ${show(v)} for ${bitwidth} bits is negative`);
  const bytes = bigIntBytes(v);
  if (bitLength(bytes) > bitwidth) throw doesNotFit(v, bitwidth); // no BigInt shift needed
  return bytes;
}

/** Scratch space for bigint -> bytes, written as 64-bit big-endian words from its end. */
const SCRATCH = new DataView(new ArrayBuffer(64));
const SCRATCH_BYTES = new Uint8Array(SCRATCH.buffer);

/**
 * The canonical bytes of a non-negative bigint. 64-bit stores cost half a round trip through
 * a hex string (BigInt#toString), which is kept only for values wider than the scratch.
 */
function bigIntBytes(v: bigint): Uint8Array {
  if (v <= 0x1fffffffffffffn) return safeIntegerBytes(Number(v));
  let end = SCRATCH_BYTES.length;
  for (let rest = v; ; rest >>= 64n) {
    if (end === 0) return hexToBytes(v.toString(16)) as Uint8Array;
    end -= 8;
    SCRATCH.setBigUint64(end, rest); // the low 64 bits of `rest`
    if (rest <= 0xffffffffffffffffn) break;
  }
  while (SCRATCH_BYTES[end] === 0) end++; // v > 0: a non-zero byte is ahead
  const out = allocate(SCRATCH_BYTES.length - end);
  for (let i = 0; i < out.length; i++) out[i] = SCRATCH_BYTES[end + i];
  return out;
}

/**
 * A value as canonical bytes of a `bit<W>` field (or full width with `pad`). Strings may
 * be `0x` hex, decimal, IPv4 (W 32), IPv6 (W 128) or MAC (W 48):
 * encodeValue('10.0.0.1', 32) -> 0a000001, encodeValue(5, 9) -> 05.
 */
export function encodeValue(
  value: BitValue,
  bitwidth: number,
  opts?: { pad?: boolean },
): Uint8Array {
  checkWidth(bitwidth);
  let c: Uint8Array;
  if (typeof value === 'number') c = encodeNumber(value, bitwidth);
  else if (typeof value === 'bigint') c = encodeBigInt(value, bitwidth);
  else if (typeof value === 'string') c = encodeString(value, bitwidth);
  else c = toCanonical(value, bitwidth);
  return opts?.pad ? fullWidth(c, bitwidth) : c;
}

function encodeString(s: string, bitwidth: number): Uint8Array {
  const family = (name: string, width: number, parse: (t: string) => Uint8Array) => {
    if (bitwidth !== width) {
      throw new P4ValueError(
        `value '${s}' is ${name} (${width} bits) but the field has ${bitwidth} bits`,
      );
    }
    return canonical(parse(s));
  };
  if (/^0[xX]/.test(s)) {
    const bytes = s.length > 2 ? hexToBytes(s.slice(2)) : undefined;
    if (!bytes) throw new P4ValueError(`value '${s}' for ${bitwidth} bits is not valid hex`);
    if (bitLength(bytes) > bitwidth) throw doesNotFit(s, bitwidth);
    return bytes;
  }
  if (/^[0-9]+$/.test(s)) {
    return s.length <= 15 ? encodeNumber(Number(s), bitwidth) : encodeBigInt(BigInt(s), bitwidth);
  }
  if (MAC.test(s)) return family('a MAC address', 48, parseMac);
  if (s.includes(':')) return family('an IPv6 address', 128, parseIPv6);
  if (s.includes('.')) return family('an IPv4 address', 32, parseIPv4);
  throw new P4ValueError(
    `value '${s}' for ${bitwidth} bits is not a number, 0x hex, IPv4, IPv6 or MAC address`,
  );
}
