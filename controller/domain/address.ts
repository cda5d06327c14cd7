/**
 * IP addresses and prefixes as integers (IPv6 as 128-bit BigInt), for range and slice
 * arithmetic. Text parsing and printing reuse p4runtime/bytes (RFC 4291 in, RFC 5952 out).
 *
 *   const p = parsePrefix('2001:db8:5::/64', 'ranges[0]');
 *   formatPrefix(subPrefix(p, 14, 10995))     // '2001:db8:5:0:abcc::/78'
 *   sliceIndexOf(parseAddress('2001:db8:5:0:abcd::1', 'a').value, p, 14) // 10995
 */
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../p4runtime/bytes';
import { DomainError } from './errors';

/** 4 for IPv4, 6 for IPv6. */
export type Family = 4 | 6;

/** Bits in an address of the family. */
export const widthOf = (family: Family): number => (family === 6 ? 128 : 32);

/** An address: its family and its value as an unsigned integer of 32 or 128 bits. */
export interface IpAddress {
  readonly family: Family;
  readonly value: bigint;
}

/** A prefix P/L; bits past L are zero. */
export interface IpPrefix {
  readonly family: Family;
  readonly value: bigint;
  readonly length: number;
}

/** Big-endian bytes to an unsigned integer. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** An unsigned integer to `n` big-endian bytes (low bits kept). */
export function bigIntToBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** A mask of the top `length` bits of `width`. */
export function prefixMask(length: number, width: number): bigint {
  return ((1n << BigInt(length)) - 1n) << BigInt(width - length);
}

/** Parses IPv4 ('10.0.0.1') or IPv6 ('2001:db8::1') text; `family` restricts it. */
export function parseAddress(value: unknown, path: string, family?: Family): IpAddress {
  const expected =
    family === 4 ? 'an IPv4 address' : family === 6 ? 'an IPv6 address' : 'an IPv4 or IPv6 address';
  if (typeof value !== 'string') throw new DomainError(path, value, expected);
  const f: Family = value.includes(':') ? 6 : 4;
  if (family !== undefined && f !== family) throw new DomainError(path, value, expected);
  try {
    const b = f === 6 ? parseIPv6(value) : parseIPv4(value);
    return Object.freeze({ family: f, value: bytesToBigInt(b) });
  } catch {
    throw new DomainError(path, value, expected);
  }
}

/** Parses 'P/L'; refuses bits set past L (a prefix is written as its first address). */
export function parsePrefix(value: unknown, path: string, family?: Family): IpPrefix {
  const expected = family ? `an IPv${family} prefix 'address/length'` : "a prefix 'address/length'";
  if (typeof value !== 'string') throw new DomainError(path, value, expected);
  const slash = value.lastIndexOf('/');
  const lenText = value.slice(slash + 1);
  if (slash < 0 || !/^(0|[1-9][0-9]{0,2})$/.test(lenText)) {
    throw new DomainError(path, value, expected);
  }
  let a: IpAddress;
  try {
    a = parseAddress(value.slice(0, slash), path, family);
  } catch {
    throw new DomainError(path, value, expected);
  }
  const width = widthOf(a.family);
  const length = Number(lenText);
  if (length > width) {
    throw new DomainError(path, value, `a prefix length 0..${width}`);
  }
  const masked = a.value & prefixMask(length, width);
  if (masked !== a.value) {
    const p = { family: a.family, value: masked, length };
    throw new DomainError(path, value, `no bits set past /${length}: '${formatPrefix(p)}'`);
  }
  return Object.freeze({ family: a.family, value: a.value, length });
}

/** Text of an address (RFC 5952 for IPv6). */
export function formatAddress(a: IpAddress): string {
  return a.family === 6
    ? formatIPv6(bigIntToBytes(a.value, 16))
    : formatIPv4(bigIntToBytes(a.value, 4));
}

/** Text 'P/L' of a prefix. */
export function formatPrefix(p: IpPrefix): string {
  return `${formatAddress(p)}/${p.length}`;
}

/** The address's bytes: 16 for IPv6, 4 for IPv4. */
export function addressBytes(a: IpAddress): Uint8Array {
  return bigIntToBytes(a.value, a.family === 6 ? 16 : 4);
}

/** True if the address (or every address of the prefix) lies in `p`. */
export function prefixContains(p: IpPrefix, a: IpAddress | IpPrefix): boolean {
  if (a.family !== p.family) return false;
  if ('length' in a && a.length < p.length) return false;
  const width = widthOf(p.family);
  return (a.value & prefixMask(p.length, width)) === p.value;
}

/** True if two prefixes share an address (one contains the other). */
export function prefixesOverlap(a: IpPrefix, b: IpPrefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** The `index`-th of the 2^bits sub-prefixes of `p`: P/(L+bits) with index in the new bits. */
export function subPrefix(p: IpPrefix, bits: number, index: number | bigint): IpPrefix {
  const width = widthOf(p.family);
  const length = p.length + bits;
  if (length > width) throw new RangeError(`/${p.length} + ${bits} bits exceeds ${width}`);
  const i = BigInt(index);
  if (i < 0n || i >= 1n << BigInt(bits)) throw new RangeError(`index ${i} of ${bits} bits`);
  return { family: p.family, value: p.value | (i << BigInt(width - length)), length };
}

/** The slice index of an address in range `p` cut into 2^s slices (wire §2). */
export function sliceIndexOf(address: bigint, p: IpPrefix, sliceBits: number): number {
  const shift = BigInt(widthOf(p.family) - p.length - sliceBits);
  return Number((address >> shift) & ((1n << BigInt(sliceBits)) - 1n));
}

/** True if two addresses or prefixes are the same value. */
export function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}

/** Ordering key of an address, for stable sorting and as a map key ('6:<hex>'). */
export function addressKey(a: IpAddress | IpPrefix): string {
  const base = `${a.family}:${a.value.toString(16)}`;
  return 'length' in a ? `${base}/${a.length}` : base;
}

/** A MAC address 'aa:bb:cc:dd:ee:ff' (lower case in the result). */
export function parseMac(value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(value)) {
    throw new DomainError(path, value, "a MAC address 'aa:bb:cc:dd:ee:ff'");
  }
  return value.toLowerCase();
}
