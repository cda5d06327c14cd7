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

function encodeNumber(n: number, bitwidth: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new P4ValueError(
      `value ${n} for ${bitwidth} bits is not a non-negative safe integer (use a bigint or bytes)`,
    );
  }
  if (bitwidth < 53 && n >= 2 ** bitwidth) throw doesNotFit(n, bitwidth);
  if (n < 256) return Uint8Array.of(n);
  let len = 0;
  for (let v = n; v > 0; v = Math.floor(v / 256)) len++;
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, n = Math.floor(n / 256)) out[i] = n % 256;
  return out;
}

function encodeBigInt(v: bigint, bitwidth: number): Uint8Array {
  if (v < 0n) throw new P4ValueError(`value ${show(v)} for ${bitwidth} bits is negative`);
  if (v >> BigInt(bitwidth) !== 0n) throw doesNotFit(v, bitwidth);
  return hexToBytes(v.toString(16)) as Uint8Array;
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
