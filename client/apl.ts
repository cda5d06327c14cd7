/**
 * apl.ts: the RFC 3123 APL item codec (wire §3). An item is ADDRESSFAMILY (2 bytes: 1 IPv4,
 * 2 IPv6), PREFIX (1 byte), N (negation, 1 bit) and AFDLENGTH (7 bits), then AFDPART: the
 * address with its trailing zero octets left out.
 *
 *   encodeApl([{ prefix: parsePrefix('192.0.2.0/24'), negate: false }]) // 00 01 18 03 c0 00 02
 *   formatAplItem(item) // '1:192.0.2.0/24', '!2:2001:db8::/32'
 */
import {
  type Family,
  type Prefix,
  AddressError,
  addressBytes,
  bytesToBigInt,
  formatPrefix,
  makePrefix,
  parsePrefix,
  width,
} from './address';

/** One APL item: a prefix, included or (negate) excluded. */
export interface AplItem {
  readonly prefix: Prefix;
  readonly negate: boolean;
}

/** Thrown for APL RDATA that breaks RFC 3123. */
export class AplError extends Error {
  override readonly name = 'AplError';
}

/** The APL address family number of an IP family (IANA: 1 IPv4, 2 IPv6). */
export const aplFamily = (family: Family): number => (family === 4 ? 1 : 2);

/** The AFDPART of a prefix: its address bytes without trailing zero octets. */
function afdPart(p: Prefix): Buffer {
  const b = addressBytes(p);
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return b.subarray(0, n);
}

/** The wire length of the items' RDATA. */
export function aplEncodingLength(items: readonly AplItem[]): number {
  return items.reduce((n, it) => n + 4 + afdPart(it.prefix).length, 0);
}

/** APL RDATA for the items, in their order. */
export function encodeApl(items: readonly AplItem[]): Buffer {
  const parts: Buffer[] = [];
  for (const it of items) {
    const afd = afdPart(it.prefix);
    const head = Buffer.alloc(4);
    head.writeUInt16BE(aplFamily(it.prefix.family), 0);
    head[2] = it.prefix.length;
    head[3] = (it.negate ? 0x80 : 0) | afd.length;
    parts.push(head, afd);
  }
  return Buffer.concat(parts);
}

/** Options of decodeApl. */
export interface AplDecodeOptions {
  /** Refuse AFDPARTs with trailing zero octets and unknown families (default false: RFC 3123 asks receivers to be lenient). */
  readonly strict?: boolean;
}

/**
 * The items of APL RDATA. Items of families other than 1 and 2 are skipped (strict: refused);
 * lengths past the family's width, bits below the prefix and a cut-off item are refused.
 */
export function decodeApl(rdata: Uint8Array, o: AplDecodeOptions = {}): AplItem[] {
  const items: AplItem[] = [];
  let at = 0;
  while (at < rdata.length) {
    if (rdata.length - at < 4) {
      throw new AplError(
        `APL item at byte ${at}: ${rdata.length - at} bytes left, a header needs 4`,
      );
    }
    const afi = (rdata[at] << 8) | rdata[at + 1];
    const length = rdata[at + 2];
    const negate = (rdata[at + 3] & 0x80) !== 0;
    const afdLength = rdata[at + 3] & 0x7f;
    const start = at + 4;
    at = start + afdLength;
    if (at > rdata.length) {
      throw new AplError(
        `APL item at byte ${start - 4}: AFDLENGTH ${afdLength} runs past the RDATA`,
      );
    }
    if (afi !== 1 && afi !== 2) {
      if (o.strict)
        throw new AplError(`APL item at byte ${start - 4}: address family ${afi} is not 1 or 2`);
      continue;
    }
    const family: Family = afi === 1 ? 4 : 6;
    const bytes = width(family) / 8;
    if (afdLength > bytes) {
      throw new AplError(
        `APL item at byte ${start - 4}: AFDLENGTH ${afdLength} exceeds ${bytes} for family ${afi}`,
      );
    }
    if (o.strict && afdLength > 0 && rdata[at - 1] === 0) {
      throw new AplError(`APL item at byte ${start - 4}: the address part ends in a zero octet`);
    }
    const full = Buffer.alloc(bytes);
    full.set(rdata.subarray(start, at));
    try {
      items.push({ prefix: makePrefix(family, bytesToBigInt(full), length, 'APL item'), negate });
    } catch (e) {
      throw new AplError(`APL item at byte ${start - 4}: ${(e as Error).message}`);
    }
  }
  return items;
}

/** An item in RFC 3123's text form: '[!]afi:address/prefix'. */
export const formatAplItem = (it: AplItem): string =>
  `${it.negate ? '!' : ''}${aplFamily(it.prefix.family)}:${formatPrefix(it.prefix)}`;

/** Parses RFC 3123's text form of one item ('!1:192.168.38.0/28'). */
export function parseAplItem(text: string): AplItem {
  const m = /^(!?)([12]):(.+)$/.exec(text.trim());
  if (!m) throw new AplError(`APL item: '${text}' is not [!]1:IPv4/L or [!]2:IPv6/L`);
  let prefix: Prefix;
  try {
    prefix = parsePrefix(m[3], 'APL item');
  } catch (e) {
    throw new AplError((e as AddressError).message);
  }
  if (aplFamily(prefix.family) !== Number(m[2])) {
    throw new AplError(
      `APL item: '${text}' names family ${m[2]} for an IPv${prefix.family} prefix`,
    );
  }
  return { prefix, negate: m[1] === '!' };
}
