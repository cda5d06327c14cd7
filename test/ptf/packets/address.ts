/**
 * address.ts: MAC, IPv4 and IPv6 addresses and prefixes, parsed from strings or taken as
 * bytes, formatted back (IPv6 per RFC 5952), and IPv6 as 128-bit BigInt for prefix math.
 */
import { bigIntToBytes, bytesToBigInt } from './bytes';

/** An address as text ('2001:db8::1', '10.0.0.1', 'aa:bb:cc:dd:ee:ff') or as its bytes. */
export type AddressLike = string | Uint8Array;

/** A range P/L: the address as a 128-bit integer (IPv6 only) and the prefix length. */
export interface Prefix {
  readonly address: bigint;
  readonly length: number;
}

/** A range as text ('2001:db8:5::/64') or as a Prefix. */
export type RangeLike = string | Prefix;

function ofLength(what: string, bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length !== length) {
    throw new Error(`${what}: expected ${length} bytes, got ${bytes.length}`);
  }
  return Uint8Array.from(bytes);
}

/** The 6 bytes of a MAC address: `mac('aa:bb:cc:dd:ee:ff')`. */
export function mac(address: AddressLike, what = 'MAC address'): Uint8Array {
  if (typeof address !== 'string') return ofLength(what, address, 6);
  const parts = address.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-f]{1,2}$/i.test(p))) {
    throw new Error(`${what}: '${address}' is not a MAC address like aa:bb:cc:dd:ee:ff`);
  }
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** The 4 bytes of an IPv4 address: `ipv4Address('10.0.0.1')`. */
export function ipv4Address(address: AddressLike, what = 'IPv4 address'): Uint8Array {
  if (typeof address !== 'string') return ofLength(what, address, 4);
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`${what}: '${address}' is not a dotted-quad IPv4 address`);
  }
  return Uint8Array.from(parts.map(Number));
}

/** The 16 bytes of an IPv6 address: `ipv6Address('2001:db8::1')` (also '::ffff:1.2.3.4'). */
export function ipv6Address(address: AddressLike, what = 'IPv6 address'): Uint8Array {
  if (typeof address !== 'string') return ofLength(what, address, 16);
  const bad = () => new Error(`${what}: '${address}' is not an IPv6 address`);
  // A trailing dotted quad ('::ffff:1.2.3.4') is rewritten as its two hex groups.
  const text = address.replace(/(\d+\.\d+\.\d+\.\d+)$/, (quad) => {
    const b = ipv4Address(quad, what);
    return `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  });
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const groups = (s: string): number[] =>
    s === ''
      ? []
      : s.split(':').map((g) => {
          if (!/^[0-9a-f]{1,4}$/i.test(g)) throw bad();
          return parseInt(g, 16);
        });
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 && fill < 1) throw bad();
  const words = halves.length === 2 ? [...head, ...new Array<number>(fill).fill(0), ...rest] : head;
  if (words.length !== 8) throw bad();
  return Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
}

/** IPv4 or IPv6 address bytes: strings are told apart by ':' (bytes by their length). */
export function ipAddress(address: AddressLike, what = 'IP address'): Uint8Array {
  if (typeof address === 'string') {
    return address.includes(':') ? ipv6Address(address, what) : ipv4Address(address, what);
  }
  if (address.length !== 4 && address.length !== 16) {
    throw new Error(`${what}: expected 4 or 16 bytes, got ${address.length}`);
  }
  return Uint8Array.from(address);
}

/** 'aa:bb:cc:dd:ee:ff'. */
export function formatMac(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** '10.0.0.1'. */
export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}

/** The RFC 5952 text of an IPv6 address: lower case, longest zero run (>= 2 groups) as '::'. */
export function formatIpv6(address: Uint8Array | bigint): string {
  const b = typeof address === 'bigint' ? bigIntToBytes(address, 16) : address;
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

/** An IPv6 address as a 128-bit integer. */
export function ipv6ToBigInt(address: AddressLike): bigint {
  return bytesToBigInt(ipv6Address(address));
}

/** The IPv6 address bytes of a 128-bit integer. */
export function bigIntToIpv6(value: bigint): Uint8Array {
  if (value < 0n || value >> 128n !== 0n) throw new Error(`${value} is not a 128-bit value`);
  return bigIntToBytes(value, 16);
}

/** A range 'P/L' (IPv6) as a Prefix; refuses host bits set below L. */
export function prefix(range: RangeLike): Prefix {
  const p =
    typeof range === 'string'
      ? (() => {
          const m = /^([^/]+)\/(\d{1,3})$/.exec(range);
          if (!m) throw new Error(`range: '${range}' is not an IPv6 prefix like 2001:db8::/64`);
          return { address: ipv6ToBigInt(m[1]), length: Number(m[2]) };
        })()
      : range;
  if (!Number.isInteger(p.length) || p.length < 0 || p.length > 128) {
    throw new Error(`range: prefix length ${p.length} is not in 0..128`);
  }
  if ((p.address & hostMask(p.length)) !== 0n) {
    throw new Error(`range: ${formatIpv6(p.address)}/${p.length} has bits set below /${p.length}`);
  }
  return Object.freeze({ address: p.address, length: p.length });
}

/** The mask of the 128 - `length` low bits. */
export function hostMask(length: number): bigint {
  return (1n << BigInt(128 - length)) - 1n;
}

/** Whether `address` lies in the range. */
export function inRange(address: AddressLike, range: RangeLike): boolean {
  const p = prefix(range);
  return (ipv6ToBigInt(address) & ~hostMask(p.length)) === p.address;
}
