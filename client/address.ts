/**
 * address.ts: IPv4 and IPv6 addresses as text, bytes and BigInt, and prefixes P/L, for the
 * SSA computations (wire §2) and the APL codec (RFC 3123). Pure functions, no I/O.
 *
 *   parsePrefix('2001:db8:5::/64') // { family: 6, bits: 0x20010db8...n, length: 64 }
 */
import { isIPv4, isIPv6 } from 'node:net';

/** 4 for IPv4, 6 for IPv6. */
export type Family = 4 | 6;

/** An address as a number of `width(family)` bits. */
export interface Address {
  readonly family: Family;
  readonly bits: bigint;
}

/** A prefix P/L; the bits below L are zero. */
export interface Prefix extends Address {
  readonly length: number;
}

/** The width of a family's addresses in bits. */
export const width = (family: Family): number => (family === 4 ? 32 : 128);

/** Thrown for text that is not an address or a prefix. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

/** Parses '192.0.2.1' or '2001:db8::1' (an IPv4-mapped tail such as ::ffff:1.2.3.4 included). */
export function parseAddress(text: string, field = 'address'): Address {
  if (isIPv4(text)) {
    const b = text.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
    return { family: 4, bits: b };
  }
  if (!isIPv6(text)) {
    throw new AddressError(`${field}: '${text}' is not an IPv4 or IPv6 address`);
  }
  let s = text.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseAddress(v4[1]).bits;
    s = s.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { family: 6, bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** Formats an address: dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run as ::). */
export function formatAddress(a: Address): string {
  if (a.family === 4) {
    const n = Number(a.bits);
    return [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
  }
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((a.bits >> BigInt(i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** A mask of the low `n` bits. */
export const lowMask = (n: number): bigint => (1n << BigInt(n)) - 1n;

/** Parses 'P/L'; refuses bits set below L (the prefix must be written as its network). */
export function parsePrefix(text: string, field = 'prefix'): Prefix {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) throw new AddressError(`${field}: '${text}' is not a prefix P/L`);
  const a = parseAddress(m[1], field);
  return makePrefix(a.family, a.bits, Number(m[2]), field, text);
}

/** A prefix from its parts, checked: L within the family's width, no bits below L. */
export function makePrefix(
  family: Family,
  bits: bigint,
  length: number,
  field = 'prefix',
  text?: string,
): Prefix {
  const w = width(family);
  const shown = text ?? `${formatAddress({ family, bits })}/${length}`;
  if (!Number.isInteger(length) || length < 0 || length > w) {
    throw new AddressError(`${field}: '${shown}' has a length outside 0..${w}`);
  }
  if ((bits & lowMask(w - length)) !== 0n) {
    throw new AddressError(`${field}: '${shown}' has bits set below /${length}`);
  }
  return { family, bits, length };
}

/** Formats a prefix as 'P/L'. */
export const formatPrefix = (p: Prefix): string => `${formatAddress(p)}/${p.length}`;

/** Whether `a` lies in prefix `p` (same family, same top L bits). */
export function contains(p: Prefix, a: Address): boolean {
  if (p.family !== a.family) return false;
  const shift = BigInt(width(p.family) - p.length);
  return a.bits >> shift === p.bits >> shift;
}

/** The address as big-endian bytes (4 or 16). */
export function addressBytes(a: Address): Buffer {
  const n = width(a.family) / 8;
  const out = Buffer.alloc(n);
  let v = a.bits;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Big-endian bytes as a BigInt. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}
