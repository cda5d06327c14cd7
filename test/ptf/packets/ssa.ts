/**
 * ssa.ts: structured service addressing (wire §2), written from the wire contract alone:
 * slice index of an address, the hash inputs of the source-bound-hash and time-hop rules,
 * conforming and non-conforming destinations, content addresses.
 *
 *   const s = { range: '2001:db8:5::/64', sliceBits: 14, rule: { kind: 'source-bound-hash', key: '0a1b2c3d' } };
 *   conformingDst(s, '2001:db8:aaaa:bbbb::1', { host: 0x1234n }) // 2001:db8:5:0:37fc::1234
 */
import { createHash } from 'node:crypto';
import {
  type AddressLike,
  type RangeLike,
  bigIntToIpv6,
  hostMask,
  inRange,
  ipv6Address,
  ipv6ToBigInt,
  prefix,
} from './address';
import { be, bytesToBigInt, concat, fromHex } from './bytes';
import { crc32 } from './crc32';

/** A 32-bit rule key as 8 hex digits ('0a1b2c3d'), a number or 4 bytes. */
export type SsaKey = string | number | Uint8Array;

/** A service's rule (wire §2 table). */
export type SsaRule =
  | { readonly kind: 'any' }
  | { readonly kind: 'source-bound-identity' }
  | { readonly kind: 'source-bound-hash'; readonly key: SsaKey }
  | { readonly kind: 'time-hop'; readonly key: SsaKey; readonly period: number }
  | { readonly kind: 'content' };

/** A service's range P/L cut into 2^sliceBits slices, and its rule. */
export interface SsaService {
  readonly range: RangeLike;
  readonly sliceBits: number;
  readonly rule: SsaRule;
}

/** The shift of the slice field in an address: 128 - L - s; checks L + s <= 128. */
function sliceShift(range: RangeLike, sliceBits: number): { shift: bigint; base: bigint } {
  const p = prefix(range);
  if (!Number.isInteger(sliceBits) || sliceBits < 0 || p.length + sliceBits > 128) {
    throw new Error(`sliceBits: ${sliceBits} with /${p.length} breaks L + s <= 128 (wire §2)`);
  }
  return { shift: BigInt(128 - p.length - sliceBits), base: p.address };
}

/** The slice index of an address: (A >> (128 - L - s)) & (2^s - 1) (wire §2). */
export function sliceIndex(address: AddressLike, range: RangeLike, sliceBits: number): number {
  const { shift } = sliceShift(range, sliceBits);
  return Number((ipv6ToBigInt(address) >> shift) & ((1n << BigInt(sliceBits)) - 1n));
}

/** The address P | slice << (128 - L - s) | host, in slice `slice` of the range. */
export function sliceAddress(
  range: RangeLike,
  sliceBits: number,
  slice: number,
  host = 0n,
): Uint8Array {
  const { shift, base } = sliceShift(range, sliceBits);
  if (!Number.isInteger(slice) || slice < 0 || slice >= 2 ** sliceBits) {
    throw new Error(`slice: ${slice} is not in 0..${2 ** sliceBits - 1} (${sliceBits} slice bits)`);
  }
  if (host < 0n || host >> shift !== 0n) {
    throw new Error(`host: 0x${host.toString(16)} does not fit the ${shift} bits below the slice`);
  }
  return bigIntToIpv6(base | (BigInt(slice) << shift) | host);
}

function keyBytes(key: SsaKey): Uint8Array {
  if (typeof key === 'number') return be(key, 4, 'key');
  const b = typeof key === 'string' ? fromHex(key) : Uint8Array.from(key);
  if (b.length !== 4) throw new Error(`key: expected 4 bytes, got ${b.length}`);
  return b;
}

/** The high 64 bits of an address, as 8 bytes (src[127:64]). */
export function high64(address: AddressLike): Uint8Array {
  return ipv6Address(address).slice(0, 8);
}

/** The source-bound-hash CRC input: src[127:64] (8 bytes) ‖ key (4 bytes) (wire §2). */
export function sourceBoundHashInput(src: AddressLike, key: SsaKey): Uint8Array {
  return concat(high64(src), keyBytes(key));
}

/** The time-hop CRC input: src[127:64] ‖ key ‖ epoch (4 bytes) (wire §2). */
export function timeHopInput(src: AddressLike, key: SsaKey, epoch: number): Uint8Array {
  return concat(high64(src), keyBytes(key), be(epoch, 4, 'epoch'));
}

/** CRC32(input) mod 2^s. */
const modSlices = (input: Uint8Array, sliceBits: number) =>
  Number(BigInt(crc32(input)) % (1n << BigInt(sliceBits)));

/** The slice a source must use under source-bound-hash: CRC32(src[127:64] ‖ key) mod 2^s. */
export function sourceBoundHashSlice(src: AddressLike, key: SsaKey, sliceBits: number): number {
  return modSlices(sourceBoundHashInput(src, key), sliceBits);
}

/** The slice a source must use under time-hop in `epoch`: CRC32(src[127:64] ‖ key ‖ epoch) mod 2^s. */
export function timeHopSlice(
  src: AddressLike,
  key: SsaKey,
  epoch: number,
  sliceBits: number,
): number {
  return modSlices(timeHopInput(src, key, epoch), sliceBits);
}

/** The time-hop epoch at a time: floor(unix seconds / period). */
export function epochAt(unixSeconds: number, period: number): number {
  if (!(period > 0)) throw new Error(`period: ${period} must be > 0 seconds`);
  return Math.floor(unixSeconds / period);
}

/**
 * The source-bound-identity address of `src` in a range with L <= 64: P, then `slice` in the
 * s bits after P when L + s <= 64 (else the slice is whatever src implies), and the high 64
 * bits of src as the low 64 bits.
 */
export function identityAddress(
  range: RangeLike,
  src: AddressLike,
  sliceBits = 0,
  slice = 0,
): Uint8Array {
  const p = prefix(range);
  if (p.length > 64) throw new Error(`identity: /${p.length} is longer than /64 (wire §2)`);
  const upper =
    p.length + sliceBits <= 64 ? ipv6ToBigInt(sliceAddress(range, sliceBits, slice)) : p.address;
  return bigIntToIpv6(upper | bytesToBigInt(high64(src)));
}

/** The content address of an object (replica r >= 1 hashes key ‖ byte r) in the range. */
export function contentAddress(range: RangeLike, objectKey: string, replica = 0): Uint8Array {
  const p = prefix(range);
  const key = Buffer.from(objectKey, 'utf8');
  const input = replica === 0 ? key : concat(key, be(replica, 1, 'replica'));
  const top128 = bytesToBigInt(createHash('sha256').update(input).digest().subarray(0, 16));
  return bigIntToIpv6(p.address | (top128 >> BigInt(p.length)));
}

/** Options for the epoch-dependent rule and the free bits below the slice. */
export interface DstOptions {
  /** The time-hop epoch (required for time-hop). */
  readonly epoch?: number;
  /** The bits below the slice (default 0). */
  readonly host?: bigint;
  /** The slice for rules that leave it free (any, content, identity; default 0). */
  readonly slice?: number;
}

function needEpoch(o: DstOptions): number {
  if (o.epoch === undefined) throw new Error('time-hop: an epoch is needed (see epochAt)');
  return o.epoch;
}

/** A destination in the service's range that the rule accepts from `src`. */
export function conformingDst(
  service: SsaService,
  src: AddressLike,
  o: DstOptions = {},
): Uint8Array {
  const { range, sliceBits, rule } = service;
  switch (rule.kind) {
    case 'any':
    case 'content':
      return sliceAddress(range, sliceBits, o.slice ?? 0, o.host ?? 0n);
    case 'source-bound-identity':
      return identityAddress(range, src, sliceBits, o.slice ?? 0);
    case 'source-bound-hash':
      return sliceAddress(range, sliceBits, sourceBoundHashSlice(src, rule.key, sliceBits), o.host);
    case 'time-hop': {
      const slice = timeHopSlice(src, rule.key, needEpoch(o), sliceBits);
      return sliceAddress(range, sliceBits, slice, o.host);
    }
  }
}

/**
 * A destination in the range that the rule refuses from `src` (for time-hop: in neither the
 * epoch nor the one before). Throws for rules that accept everything.
 */
export function nonConformingDst(
  service: SsaService,
  src: AddressLike,
  o: DstOptions = {},
): Uint8Array {
  const { range, sliceBits, rule } = service;
  const size = 2 ** sliceBits;
  const avoid = (taken: number[]) => {
    const slice = Array.from({ length: size }, (_, i) => i).find((i) => !taken.includes(i));
    if (slice === undefined)
      throw new Error(`${rule.kind}: every slice conforms with ${sliceBits} slice bits`);
    return sliceAddress(range, sliceBits, slice, o.host);
  };
  switch (rule.kind) {
    case 'any':
    case 'content':
      throw new Error(`${rule.kind}: every destination conforms`);
    case 'source-bound-identity': {
      const good = ipv6ToBigInt(identityAddress(range, src, sliceBits, o.slice ?? 0));
      return bigIntToIpv6(good ^ 1n);
    }
    case 'source-bound-hash':
      return avoid([sourceBoundHashSlice(src, rule.key, sliceBits)]);
    case 'time-hop': {
      const e = needEpoch(o);
      return avoid(
        [e, e - 1].filter((x) => x >= 0).map((x) => timeHopSlice(src, rule.key, x, sliceBits)),
      );
    }
  }
}

/** Whether the rule accepts `dst` from `src` (time-hop: epoch or the one before); false outside the range. */
export function conforms(
  service: SsaService,
  src: AddressLike,
  dst: AddressLike,
  o: DstOptions = {},
): boolean {
  const { range, sliceBits, rule } = service;
  if (!inRange(dst, range)) return false;
  const slice = sliceIndex(dst, range, sliceBits);
  switch (rule.kind) {
    case 'any':
    case 'content':
      return true;
    case 'source-bound-identity':
      return (ipv6ToBigInt(dst) & hostMask(64)) === bytesToBigInt(high64(src));
    case 'source-bound-hash':
      return slice === sourceBoundHashSlice(src, rule.key, sliceBits);
    case 'time-hop': {
      const e = needEpoch(o);
      return [e, e - 1].some((x) => x >= 0 && slice === timeHopSlice(src, rule.key, x, sliceBits));
    }
  }
}
