/**
 * ssa.ts: the client's side of structured service addressing (wire §2): the slice index, the
 * slices the source-bound-hash and time-hop rules demand, the identity and content addresses,
 * and `computeDestination`, which picks a destination in a service's APL ranges that the
 * switch will accept from a given source. The switch checks the very same computations
 * (softswitch's ssa model, p4's ssa.p4); test/fixtures/wire-vectors.json pins them.
 *
 *   computeDestination({ items, rule, src: '2001:db8:aaaa:bbbb::1' }).address
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type Address,
  type Prefix,
  addressBytes,
  bytesToBigInt,
  contains,
  formatAddress,
  formatPrefix,
  lowMask,
  parseAddress,
  width,
} from './address';
import type { AplItem } from './apl';
import { crc32 } from './crc32';
import type { SsaRule } from './rule-text';

/** Thrown when no destination can be computed (no usable range, missing source or key...). */
export class SsaError extends Error {
  override readonly name = 'SsaError';
}

/** The slice index of `a` in `p` cut into 2^s slices: (A >> (W - L - s)) & (2^s - 1). */
export function sliceIndex(a: Address, p: Prefix, sliceBits: number): number {
  const shift = width(p.family) - p.length - sliceBits;
  if (shift < 0) throw new SsaError(`slice bits ${sliceBits} do not fit below ${formatPrefix(p)}`);
  return Number((a.bits >> BigInt(shift)) & lowMask(sliceBits));
}

/** The address P | slice << (W - L - s) | host. */
export function sliceAddress(p: Prefix, sliceBits: number, slice: number, host = 0n): Address {
  const shift = width(p.family) - p.length - sliceBits;
  if (shift < 0) throw new SsaError(`slice bits ${sliceBits} do not fit below ${formatPrefix(p)}`);
  return {
    family: p.family,
    bits: p.bits | (BigInt(slice) << BigInt(shift)) | (host & lowMask(shift)),
  };
}

/** src[127:64] as 8 bytes. */
function high64(src: Address): Buffer {
  if (src.family !== 6)
    throw new SsaError(`source ${formatAddress(src)}: the rule needs an IPv6 source`);
  return addressBytes(src).subarray(0, 8);
}

/** The CRC input src[127:64] ‖ key (‖ epoch for time-hop) (wire §2). */
export function ruleHashInput(src: Address, key: number, epoch?: number): Buffer {
  const b = Buffer.alloc(epoch === undefined ? 12 : 16);
  high64(src).copy(b, 0);
  b.writeUInt32BE(key >>> 0, 8);
  if (epoch !== undefined) b.writeUInt32BE(epoch >>> 0, 12);
  return b;
}

/** CRC32 mod 2^s, for s up to 32. */
const modSlices = (crc: number, sliceBits: number): number =>
  sliceBits >= 32 ? crc : crc & (2 ** sliceBits - 1);

/** The slice source-bound-hash demands: CRC32(src[127:64] ‖ key) mod 2^s. */
export const sourceBoundHashSlice = (src: Address, key: number, sliceBits: number): number =>
  modSlices(crc32(ruleHashInput(src, key)), sliceBits);

/** The slice time-hop demands in `epoch`: CRC32(src[127:64] ‖ key ‖ epoch) mod 2^s. */
export const timeHopSlice = (src: Address, key: number, epoch: number, sliceBits: number): number =>
  modSlices(crc32(ruleHashInput(src, key, epoch)), sliceBits);

/** The epoch at a time: floor(unix seconds / period). */
export const epochAt = (unixSeconds: number, period: number): number =>
  Math.floor(unixSeconds / period);

/** The top `n` bits (n <= 256) of SHA-256 of the object key (‖ byte r for replica r >= 1). */
function contentBits(objectKey: string, replica: number, n: number): bigint {
  const h = createHash('sha256').update(objectKey, 'utf8');
  if (replica > 0) h.update(Uint8Array.of(replica));
  return bytesToBigInt(h.digest()) >> BigInt(256 - n);
}

/** The content address of an object (replica r >= 1) in `p`: P | top (W - L) bits of SHA-256. */
export function contentAddress(p: Prefix, objectKey: string, replica = 0): Address {
  if (!Number.isInteger(replica) || replica < 0 || replica > 255) {
    throw new SsaError(`replica: ${replica} is not in 0..255 (one byte, wire §2)`);
  }
  return {
    family: p.family,
    bits: p.bits | contentBits(objectKey, replica, width(p.family) - p.length),
  };
}

/** The identity address: P, free bits up to 64, then the high 64 bits of src as the low 64. */
export function identityAddress(p: Prefix, src: Address, free = 0n): Address {
  if (p.family !== 6 || p.length > 64) {
    throw new SsaError(
      `source-bound-identity needs an IPv6 range of /64 or shorter, not ${formatPrefix(p)}`,
    );
  }
  const between = (free & lowMask(64 - p.length)) << 64n;
  return { family: 6, bits: p.bits | between | bytesToBigInt(high64(src)) };
}

// Random bytes are drawn from the system 4 KB at a time: one call per address would cost more
// than the address itself.
let pool = Buffer.alloc(0);
let poolAt = 0;

/** `n` random bits (cryptographic quality). */
export function randomBits(n: number): bigint {
  if (n <= 0) return 0n;
  const bytes = Math.ceil(n / 8);
  if (poolAt + bytes > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  const v = bytesToBigInt(pool.subarray(poolAt, poolAt + bytes));
  poolAt += bytes;
  return v & lowMask(n);
}

/** What computeDestination needs. */
export interface DestinationInput {
  /** The service's APL items (negated ones are exclusions). */
  readonly items: readonly AplItem[];
  readonly rule: SsaRule;
  /** The client's source address (needed by the source-bound and time-hop rules). */
  readonly src?: string | Address;
  /** The object key of the content rule. */
  readonly objectKey?: string;
  /** Replica addresses wanted besides the object's own (content rule, r = 1..replicas). */
  readonly replicas?: number;
  /** The clock in milliseconds since the epoch (time-hop; default Date.now()). */
  readonly nowMs?: number;
  /**
   * Time-hop: seconds the switch's epoch may lag the client's clock (default 1, below the
   * period). Within that long after a boundary the previous epoch is used: the switch accepts
   * it whether or not it has moved on, since it also takes the previous epoch.
   */
  readonly skewSeconds?: number;
  /** Source of random bits for the free parts of the address (default crypto). */
  readonly random?: (bits: number) => bigint;
}

/** A computed destination. */
export interface Destination {
  readonly address: string;
  readonly family: 4 | 6;
  /** The range it lies in. */
  readonly range: string;
  readonly rule: SsaRule['kind'];
  /** Its slice index (rules with slice bits). */
  readonly slice?: number;
  /** Time-hop: the epoch used and the unix time (ms) until which the switch takes it. */
  readonly epoch?: number;
  readonly validUntilMs?: number;
  /** Content: the replicas' addresses, r = 1..replicas. */
  readonly replicas?: readonly string[];
}

const asAddress = (a: string | Address, field: string): Address =>
  typeof a === 'string' ? parseAddress(a, field) : a;

/** Whether `a` lies in a negated item. */
const excluded = (items: readonly AplItem[], a: Address) =>
  items.some((it) => it.negate && contains(it.prefix, a));

/** Computes a destination for `src` in the service's ranges under its rule (wire §2). */
export function computeDestination(input: DestinationInput): Destination {
  const { rule, items } = input;
  const random = input.random ?? randomBits;
  const src = input.src === undefined ? undefined : asAddress(input.src, 'src');
  const family = src?.family ?? 6;
  const s = rule.sliceBits;
  const fits = (p: Prefix) => p.length + s <= width(p.family);
  const positive = items.filter((it) => !it.negate).map((it) => it.prefix);
  const ranges = positive.filter((p) => p.family === family && fits(p));
  const found = (a: Address, p: Prefix, extra: Partial<Destination> = {}): Destination => ({
    address: formatAddress(a),
    family: a.family,
    range: formatPrefix(p),
    rule: rule.kind,
    ...(s > 0 && rule.kind !== 'any' ? { slice: sliceIndex(a, p, s) } : {}),
    ...extra,
  });
  const noRange = (why: string) =>
    new SsaError(
      `${rule.kind}: no usable IPv${family} range among ${positive.map(formatPrefix).join(', ') || 'none'} (${why})`,
    );
  const needSrc = (): Address => {
    if (!src) throw new SsaError(`${rule.kind}: the rule needs the client's source address`);
    return src;
  };
  // Tries the ranges in a random order (several rounds for random bits) until one
  // gives an address outside every negated item.
  const search = (make: (p: Prefix) => Address | undefined, rounds: number, why: string) => {
    const order =
      ranges.length < 2
        ? ranges.map((p) => ({ p }))
        : ranges.map((p) => ({ p, r: random(16) })).sort((a, b) => (a.r! < b.r! ? -1 : 1));
    for (let i = 0; i < rounds; i++) {
      for (const { p } of order) {
        const a = make(p);
        if (a && !excluded(items, a)) return found(a, p);
      }
    }
    throw noRange(why);
  };
  switch (rule.kind) {
    case 'any':
      return search(
        (p) => ({ family: p.family, bits: p.bits | random(width(p.family) - p.length) }),
        16,
        'every try fell in an excluded item',
      );
    case 'source-bound-identity': {
      const from = needSrc();
      return search(
        (p) =>
          p.family === 6 && p.length <= 64
            ? identityAddress(p, from, random(64 - p.length))
            : undefined,
        16,
        'it needs /64 or shorter, outside the excluded items',
      );
    }
    case 'source-bound-hash': {
      const from = needSrc();
      const slice = sourceBoundHashSlice(from, rule.key ?? 0, s);
      return search(
        (p) => sliceAddress(p, s, slice, random(width(p.family) - p.length - s)),
        4,
        `slice ${slice} is excluded`,
      );
    }
    case 'time-hop': {
      const from = needSrc();
      const period = rule.period ?? 1;
      const now = (input.nowMs ?? Date.now()) / 1000;
      const skew = Math.min(input.skewSeconds ?? 1, period / 2);
      const epoch = Math.max(0, epochAt(now - skew, period));
      const slice = timeHopSlice(from, rule.key ?? 0, epoch, s);
      const d = search(
        (p) => sliceAddress(p, s, slice, random(width(p.family) - p.length - s)),
        4,
        `slice ${slice} is excluded`,
      );
      // The switch takes epoch e while its own epoch is e or e + 1.
      return { ...d, epoch, validUntilMs: (epoch + 2) * period * 1000 };
    }
    case 'content': {
      const key = input.objectKey;
      if (key === undefined) throw new SsaError('content: the rule needs an object key (--object)');
      // Every client must land on the same address: the first usable range in APL order.
      const p = positive.find(
        (q) => q.family === family && !excluded(items, contentAddress(q, key)),
      );
      if (!p) throw noRange('the object address falls in an excluded item');
      const k = input.replicas ?? 0;
      const replicas = Array.from({ length: k }, (_, i) =>
        formatAddress(contentAddress(p, key, i + 1)),
      );
      return found(contentAddress(p, key), p, k > 0 ? { replicas } : {});
    }
  }
}
