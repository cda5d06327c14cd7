/**
 * Canonical P4Runtime bytestrings and match-field value codecs: pure functions, no I/O.
 *
 *   encodeValue('10.0.0.1', 32)                 // 0a000001
 *   lpmMatch('2001:db8::', 32, 128)             // { value: 20010db8 00.., prefixLen: 32 }
 *   ternaryMatch(0x0800, 0xffff, 16)            // { value: 0800, mask: ffff }
 *   checkLpm(received, 32)                      // server side: throws P4ValueError
 */
export {
  P4ValueError,
  bitLength,
  byteWidth,
  canonical,
  compareValues,
  decodeBigInt,
  decodeNumber,
  formatHex,
  fullWidth,
  isCanonical,
  maxValue,
  toCanonical,
  type BitValue,
  type CheckOptions,
  type P4ValueErrorCode,
} from './bytestring';
export { formatIPv4, formatIPv6, formatMac, parseIPv4, parseIPv6, parseMac } from './address';
export { encodeValue } from './encode';
export {
  applyMask,
  checkExact,
  checkLpm,
  checkOptional,
  checkRange,
  checkTernary,
  exactMatch,
  lpmMatch,
  maskPrefix,
  optionalMatch,
  parsePrefix,
  rangeMatch,
  ternaryMatch,
  type ExactMatch,
  type LpmMatch,
  type OptionalMatch,
  type RangeMatch,
  type TernaryMatch,
} from './match';
