/**
 * Match-field values (spec "Match Format"). Clients build them with `exactMatch`, `lpmMatch`,
 * `ternaryMatch`, `rangeMatch`, `optionalMatch` (undefined = "don't care": omit the field);
 * servers validate received ones with the `check*` functions, which enforce the spec's
 * INVALID_ARGUMENT rules on top of the bytestring ones.
 */
import {
  P4ValueError,
  canonical,
  compareValues,
  maxValue,
  show,
  toCanonical,
  type BitValue,
  type CheckOptions,
} from './bytestring';
import { encodeValue } from './encode';

export interface ExactMatch {
  value: Uint8Array;
}
export interface LpmMatch {
  value: Uint8Array;
  prefixLen: number;
}
export interface TernaryMatch {
  value: Uint8Array;
  mask: Uint8Array;
}
export interface RangeMatch {
  low: Uint8Array;
  high: Uint8Array;
}
export type OptionalMatch = ExactMatch;

/** True if the low `bits` bits of the value are all zero. */
function lowBitsZero(bytes: Uint8Array, bits: number): boolean {
  let i = bytes.length - 1;
  for (; bits >= 8 && i >= 0; bits -= 8, i--) if (bytes[i] !== 0) return false;
  return bits === 0 || i < 0 || (bytes[i] & ((1 << bits) - 1)) === 0;
}

/** The value with every bit past the first `prefixLen` of W cleared (canonical). */
export function maskPrefix(value: Uint8Array, prefixLen: number, bitwidth: number): Uint8Array {
  checkPrefixLen(prefixLen, bitwidth);
  const out = Uint8Array.from(value);
  let bits = bitwidth - prefixLen;
  for (let i = out.length - 1; bits > 0 && i >= 0; bits -= 8, i--) {
    out[i] &= bits >= 8 ? 0 : 0xff << bits;
  }
  return canonical(out);
}

function checkPrefixLen(prefixLen: number, bitwidth: number): void {
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > bitwidth) {
    throw new P4ValueError(
      `prefix length ${prefixLen} is out of range for ${bitwidth} bits: expected 0..${bitwidth}`,
    );
  }
}

function hostBitsError(value: Uint8Array, prefixLen: number, bitwidth: number): P4ValueError {
  return new P4ValueError(
    `value ${show(value)} has bits set past the /${prefixLen} prefix of ${bitwidth} bits: ` +
      `expected ${show(maskPrefix(value, prefixLen, bitwidth))}`,
  );
}

/** An exact match value (exact fields have no don't-care). */
export function exactMatch(value: BitValue, bitwidth: number): ExactMatch {
  return { value: encodeValue(value, bitwidth) };
}

/**
 * An LPM match, or undefined for prefix length 0 (don't care: omit the field). Bits past
 * the prefix must be zero unless `maskHostBits` clears them: lpmMatch('10.1.0.0', 16, 32).
 */
export function lpmMatch(
  value: BitValue,
  prefixLen: number,
  bitwidth: number,
  opts?: { maskHostBits?: boolean },
): LpmMatch | undefined {
  const v = encodeValue(value, bitwidth);
  checkPrefixLen(prefixLen, bitwidth);
  if (!lowBitsZero(v, bitwidth - prefixLen)) {
    if (!opts?.maskHostBits) throw hostBitsError(v, prefixLen, bitwidth);
    return prefixLen === 0 ? undefined : { value: maskPrefix(v, prefixLen, bitwidth), prefixLen };
  }
  return prefixLen === 0 ? undefined : { value: v, prefixLen };
}

/** Parses `10.0.0.0/8` or `2001:db8::/32` (W inferred: 32 or 128; required for hex). */
export function parsePrefix(text: string, bitwidth?: number): LpmMatch {
  const slash = text.lastIndexOf('/');
  const len = text.slice(slash + 1);
  if (slash < 0 || !/^[0-9]{1,3}$/.test(len)) {
    throw new P4ValueError(`prefix '${text}' is invalid: expected address/length`);
  }
  const addr = text.slice(0, slash);
  const width = bitwidth ?? (addr.includes(':') ? 128 : addr.includes('.') ? 32 : undefined);
  if (width === undefined) throw new P4ValueError(`prefix '${text}' needs a bitwidth`);
  const value = encodeValue(addr, width);
  const prefixLen = Number(len);
  checkPrefixLen(prefixLen, width);
  if (!lowBitsZero(value, width - prefixLen)) throw hostBitsError(value, prefixLen, width);
  return { value, prefixLen };
}

/** The value ANDed with the mask (canonical), aligned at the least significant byte. */
export function applyMask(value: Uint8Array, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(value.length, mask.length));
  for (let i = 1; i <= out.length; i++) {
    out[out.length - i] = value[value.length - i] & mask[mask.length - i];
  }
  return out.length === 0 ? Uint8Array.of(0) : canonical(out);
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * A ternary match, or undefined for an all-zero mask (don't care: omit the field). Value
 * bits outside the mask must be zero unless `maskValue` clears them.
 */
export function ternaryMatch(
  value: BitValue,
  mask: BitValue,
  bitwidth: number,
  opts?: { maskValue?: boolean },
): TernaryMatch | undefined {
  const v = encodeValue(value, bitwidth);
  const m = encodeValue(mask, bitwidth);
  const masked = applyMask(v, m);
  if (compareValues(masked, v) !== 0 && !opts?.maskValue) {
    throw new P4ValueError(
      `value ${show(v)} has bits outside mask ${show(m)} (${bitwidth} bits): expected ${show(masked)}`,
    );
  }
  return isZero(m) ? undefined : { value: masked, mask: m };
}

/** A range match low..high (inclusive), or undefined for the full range (don't care). */
export function rangeMatch(
  low: BitValue,
  high: BitValue,
  bitwidth: number,
): RangeMatch | undefined {
  const l = encodeValue(low, bitwidth);
  const h = encodeValue(high, bitwidth);
  if (compareValues(l, h) > 0) {
    throw new P4ValueError(`range low ${show(l)} is above high ${show(h)} (${bitwidth} bits)`);
  }
  return isZero(l) && compareValues(h, maxValue(bitwidth)) === 0 ? undefined : { low: l, high: h };
}

/** An optional match value (a don't-care optional match is simply omitted). */
export function optionalMatch(value: BitValue, bitwidth: number): OptionalMatch {
  return { value: encodeValue(value, bitwidth) };
}

/** Server side: validates a received exact/optional value; returns it canonical. */
export function checkExact(value: Uint8Array, bitwidth: number, opts?: CheckOptions): ExactMatch {
  return { value: toCanonical(value, bitwidth, opts) };
}

/** Server side: validates a received optional value; returns it canonical. */
export const checkOptional = checkExact;

/** Server side: validates a received LPM match (prefix 1..W, zero host bits). */
export function checkLpm(m: LpmMatch, bitwidth: number, opts?: CheckOptions): LpmMatch {
  const value = toCanonical(m.value, bitwidth, opts);
  checkPrefixLen(m.prefixLen, bitwidth);
  if (m.prefixLen === 0) {
    throw new P4ValueError(
      `LPM prefix length 0 of ${bitwidth} bits is a don't-care match: omit the field instead`,
    );
  }
  if (!lowBitsZero(value, bitwidth - m.prefixLen)) {
    throw hostBitsError(value, m.prefixLen, bitwidth);
  }
  return { value, prefixLen: m.prefixLen };
}

/** Server side: validates a received ternary match (non-zero mask, value within mask). */
export function checkTernary(m: TernaryMatch, bitwidth: number, opts?: CheckOptions): TernaryMatch {
  const value = toCanonical(m.value, bitwidth, opts);
  const mask = toCanonical(m.mask, bitwidth, opts);
  if (isZero(mask)) {
    throw new P4ValueError(
      `ternary mask 0x0 of ${bitwidth} bits is a don't-care match: omit the field instead`,
    );
  }
  if (compareValues(applyMask(value, mask), value) !== 0) {
    throw new P4ValueError(
      `value ${show(value)} has bits outside mask ${show(mask)} (${bitwidth} bits)`,
    );
  }
  return { value, mask };
}

/** Server side: validates a received range match (low <= high, not the full range). */
export function checkRange(m: RangeMatch, bitwidth: number, opts?: CheckOptions): RangeMatch {
  const low = toCanonical(m.low, bitwidth, opts);
  const high = toCanonical(m.high, bitwidth, opts);
  const r = rangeMatch(low, high, bitwidth);
  if (!r) throw new P4ValueError(`range covers all ${bitwidth}-bit values: omit the field instead`);
  return r;
}
