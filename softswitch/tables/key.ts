/**
 * Pure helpers on full-width big-endian field bytes: widths, masks, comparisons, hashing.
 * Hot-path helpers take (buffer, offset) pairs so callers never slice or allocate.
 */

/** Bytes needed to hold a field of `bitwidth` bits, e.g. byteWidth(9) === 2. */
export function byteWidth(bitwidth: number): number {
  return (bitwidth + 7) >>> 3;
}

/** Why `value` is not a full-width value of `bitwidth` bits, or undefined if it is one. */
export function fullWidthProblem(value: unknown, bitwidth: number): string | undefined {
  const width = byteWidth(bitwidth);
  if (!(value instanceof Uint8Array)) return 'expected a Uint8Array';
  if (value.length !== width) {
    return `expected ${width} byte(s) for ${bitwidth} bit(s), got ${value.length}`;
  }
  const pad = width * 8 - bitwidth;
  if (pad > 0 && value[0] >> (8 - pad) !== 0)
    return `value 0x${toHex(value)} exceeds ${bitwidth} bits`;
  return undefined;
}

/**
 * Writes the mask of a `prefixLen`-bit prefix of a `bitwidth`-bit field at `out[off..]`
 * (the prefix starts at the field's most significant bit, after the zero padding).
 */
export function writePrefixMask(
  out: Uint8Array,
  off: number,
  bitwidth: number,
  prefixLen: number,
): void {
  const width = byteWidth(bitwidth);
  const start = width * 8 - bitwidth;
  const end = start + prefixLen;
  for (let i = 0; i < width; i++) {
    const a = Math.min(8, Math.max(0, start - i * 8));
    const b = Math.min(8, Math.max(0, end - i * 8));
    out[off + i] = b <= a ? 0 : (0xff >> a) & (0xff << (8 - b)) & 0xff;
  }
}

/** The mask of a `prefixLen`-bit prefix as a new full-width value. */
export function prefixMask(bitwidth: number, prefixLen: number): Uint8Array {
  const out = new Uint8Array(byteWidth(bitwidth));
  writePrefixMask(out, 0, bitwidth, prefixLen);
  return out;
}

/** Number of leading 1 bits of a field's mask counted from its most significant bit; -1 if not a prefix. */
export function maskPrefixLen(mask: Uint8Array, bitwidth: number): number {
  const pad = mask.length * 8 - bitwidth;
  let len = 0;
  let seenZero = false;
  for (let bit = pad; bit < mask.length * 8; bit++) {
    const one = (mask[bit >> 3] >> (7 - (bit & 7))) & 1;
    if (one === 1) {
      if (seenZero) return -1;
      len++;
    } else seenZero = true;
  }
  return len;
}

/** True if bytes a[ao..ao+len) equal b[bo..bo+len). */
export function bytesEqual(
  a: Uint8Array,
  ao: number,
  b: Uint8Array,
  bo: number,
  len: number,
): boolean {
  for (let i = 0; i < len; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Big-endian unsigned comparison of two equal-length byte runs: -1, 0 or 1. */
export function compareBytes(
  a: Uint8Array,
  ao: number,
  b: Uint8Array,
  bo: number,
  len: number,
): number {
  for (let i = 0; i < len; i++) {
    const d = a[ao + i] - b[bo + i];
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** True if all `len` bytes from `off` are zero. */
export function isZero(a: Uint8Array, off = 0, len = a.length - off): boolean {
  for (let i = 0; i < len; i++) if (a[off + i] !== 0) return false;
  return true;
}

/** Number of leading bits (at most `nbits`) on which two byte runs agree. */
export function commonPrefixBits(
  a: Uint8Array,
  ao: number,
  b: Uint8Array,
  bo: number,
  nbits: number,
): number {
  const n = (nbits + 7) >>> 3;
  for (let i = 0; i < n; i++) {
    const x = a[ao + i] ^ b[bo + i];
    if (x !== 0) {
      const r = i * 8 + Math.clz32(x) - 24;
      return r < nbits ? r : nbits;
    }
  }
  return nbits;
}

/** Bit `bit` (0 = most significant bit of byte `off`) of `a`. */
export function bitAt(a: Uint8Array, off: number, bit: number): number {
  return (a[off + (bit >> 3)] >> (7 - (bit & 7))) & 1;
}

// Hashing: a word-at-a-time multiply-rotate mix with a final avalanche, so the low bits used
// by power-of-two hash tables depend on every input byte.
const M1 = 0xcc9e2d51;
const M2 = 0x1b873593;

function mixWord(h: number, k: number): number {
  k = Math.imul(k, M1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, M2);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, len: number): number {
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** 32-bit hash (as int32) of `len` bytes of `a` from `off`. */
export function hashBytes(a: Uint8Array, off: number, len: number): number {
  let h = 0x2545f491;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const p = off + i;
    h = mixWord(h, a[p] | (a[p + 1] << 8) | (a[p + 2] << 16) | (a[p + 3] << 24));
  }
  if (i < len) {
    let k = 0;
    for (let s = 0; i < len; i++, s += 8) k |= a[off + i] << s;
    h = mixWord(h, k);
  }
  return finish(h, len);
}

/** Same as hashBytes(a & mask): equal to hashBytes of the masked bytes, without materialising them. */
export function hashMaskedBytes(
  a: Uint8Array,
  off: number,
  mask: Uint8Array,
  moff: number,
  len: number,
): number {
  let h = 0x2545f491;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const p = off + i;
    const q = moff + i;
    h = mixWord(
      h,
      (a[p] & mask[q]) |
        ((a[p + 1] & mask[q + 1]) << 8) |
        ((a[p + 2] & mask[q + 2]) << 16) |
        ((a[p + 3] & mask[q + 3]) << 24),
    );
  }
  if (i < len) {
    let k = 0;
    for (let s = 0; i < len; i++, s += 8) k |= (a[off + i] & mask[moff + i]) << s;
    h = mixWord(h, k);
  }
  return finish(h, len);
}

/** Lower-case hex of `a`, e.g. toHex(Uint8Array.of(10, 255)) === '0aff'. */
export function toHex(a: Uint8Array): string {
  let s = '';
  for (let i = 0; i < a.length; i++) s += (a[i] < 16 ? '0' : '') + a[i].toString(16);
  return s;
}

/** Unsigned big-endian value of `a`. */
export function bytesToBigInt(a: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < a.length; i++) v = (v << 8n) | BigInt(a[i]);
  return v;
}

/** Full-width big-endian bytes of `value` for a `bitwidth`-bit field (throws if it does not fit). */
export function bigIntToBytes(value: bigint, bitwidth: number): Uint8Array {
  if (value < 0n || value >> BigInt(bitwidth) !== 0n) {
    throw new RangeError(`${value} does not fit in ${bitwidth} bits`);
  }
  const out = new Uint8Array(byteWidth(bitwidth));
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}
