/**
 * FieldMatch codec shared by table entries and value set members: one readable value per match
 * field, encoded to canonical bytestrings with "don't care" fields omitted as the spec requires
 * (P4Runtime v1.5.0 §9.1.1 Match Format).
 *
 *   { 'hdr.ipv6.dst_addr': '2001:db8::/32', vrf: 3, 'hdr.tcp.dport': { low: 80, high: 90 },
 *     flags: { value: 0x02, mask: 0x0f }, opt: { optional: 7 } }
 */
import type { FieldIndex, P4MatchField } from '../schema';
import { p4 } from '../proto';
import { P4SchemaError, P4ValueError, prefixed, show, within } from './common';
import {
  exactMatch,
  lpmMatch,
  maxValue,
  optionalMatch,
  parsePrefix,
  rangeMatch,
  ternaryMatch,
  type RangeMatch,
  type TernaryMatch,
} from '../bytes';
import { decodeBits, formatValue, type Value, type ValueFormat } from './values';

export type { Value, ValueFormat };

/** An LPM value; `'2001:db8::/32'` is the same as `{ value: '2001:db8::', prefixLen: 32 }`. */
export interface LpmValue {
  value: Value;
  prefixLen: number;
}
/** A ternary value: bits set in `mask` must match, bits of `value` outside it must be 0. */
export interface TernaryValue {
  value: Value;
  mask: Value;
}
/** An inclusive range. */
export interface RangeValue {
  low: Value;
  high: Value;
}
/** An optional match given explicitly (a bare value means the same). */
export interface OptionalValue {
  optional: Value;
}

/**
 * What a match field accepts: a bare value (exact; optional; lpm as a full-length prefix;
 * ternary with an all-ones mask; range low = high), the kind's own shape, or its text form
 * (`'10.0.0.0/8'`, `'0x2&&&0xf'`, `'80..90'`). `undefined` leaves a wildcardable field out.
 */
export type MatchValue = Value | LpmValue | TernaryValue | RangeValue | OptionalValue;

/** Match values by field name, unique dotted suffix or id (`'1'`). */
export type Match = Readonly<Record<string, MatchValue | undefined>>;

/** A match value as decoded: bigints throughout, in the shape of the field's kind. */
export type DecodedMatchValue =
  | bigint
  | { value: bigint; prefixLen: number }
  | { value: bigint; mask: bigint }
  | { low: bigint; high: bigint };

function isBare(v: MatchValue): v is Value {
  return typeof v !== 'object' || v instanceof Uint8Array;
}

/** The object form of a kind, when `v` has its keys (`a` and `b`). */
function shape<T extends object>(
  v: MatchValue,
  a: keyof T & string,
  b?: keyof T & string,
): T | undefined {
  return !isBare(v) && a in v && (b === undefined || b in v) ? (v as unknown as T) : undefined;
}

function expected(kind: string): string {
  switch (kind) {
    case 'exact':
      return 'a value';
    case 'lpm':
      return "'addr/len', { value, prefixLen } or a value";
    case 'ternary':
      return "{ value, mask }, 'value&&&mask' or a value";
    case 'range':
      return "{ low, high }, 'low..high' or a value";
    default:
      return '{ optional } or a value';
  }
}

/** The readable name of a field in messages and decoded matches (value set fields may be unnamed). */
export function fieldKey(f: P4MatchField): string {
  return f.name || String(f.id);
}

function describe(owner: string, f: P4MatchField): string {
  return `${owner} match field '${fieldKey(f)}' (${f.kind ?? f.otherMatchType}, ${f.bitwidth} bits)`;
}

/** One field's FieldMatch, or undefined when the value is the kind's "don't care". */
function encodeField(f: P4MatchField, v: MatchValue): p4.v1.IFieldMatch | undefined {
  const w = f.bitwidth;
  const text = typeof v === 'string' ? v : undefined;
  switch (f.kind) {
    case 'exact':
      if (isBare(v)) return { field_id: f.id, exact: exactMatch(v, w) };
      break;
    case 'lpm': {
      const o = shape<LpmValue>(v, 'value', 'prefixLen');
      let m: { value: Uint8Array; prefixLen: number } | undefined;
      if (text?.includes('/')) m = parsePrefix(text, w);
      else if (isBare(v)) m = lpmMatch(v, w, w);
      else if (o) m = lpmMatch(o.value, o.prefixLen, w);
      else break;
      if (!m || m.prefixLen === 0) return undefined;
      return { field_id: f.id, lpm: { value: m.value, prefix_len: m.prefixLen } };
    }
    case 'ternary': {
      const o = shape<TernaryValue>(v, 'value', 'mask');
      let m: TernaryMatch | undefined;
      if (text?.includes('&&&')) {
        const [value, mask] = text.split('&&&');
        m = ternaryMatch(value, mask, w);
      } else if (isBare(v)) m = ternaryMatch(v, maxValue(w), w);
      else if (o) m = ternaryMatch(o.value, o.mask, w);
      else break;
      return m && { field_id: f.id, ternary: m };
    }
    case 'range': {
      const o = shape<RangeValue>(v, 'low', 'high');
      let m: RangeMatch | undefined;
      if (text?.includes('..')) {
        const [low, high] = text.split('..');
        m = rangeMatch(low, high, w);
      } else if (isBare(v)) m = rangeMatch(v, v, w);
      else if (o) m = rangeMatch(o.low, o.high, w);
      else break;
      return m && { field_id: f.id, range: m };
    }
    case 'optional': {
      const o = shape<OptionalValue>(v, 'optional');
      if (isBare(v) || o) {
        return { field_id: f.id, optional: optionalMatch(o ? o.optional : (v as Value), w) };
      }
      break;
    }
    default:
      throw new P4SchemaError(`match kind '${f.otherMatchType}' is not supported by this library`);
  }
  throw new P4ValueError(
    `${show(v)} is not a valid ${f.kind} value (expected ${expected(f.kind)})`,
  );
}

/**
 * The FieldMatch list of `match`, ordered by field id. Every exact field must be given (it has
 * no "don't care"); wildcard values of the other kinds are left out.
 */
export function encodeMatch(
  fields: FieldIndex<P4MatchField>,
  owner: string,
  match: Match,
): p4.v1.IFieldMatch[] {
  // Arrays sized up front: growing ones would allocate room for 16 more fields each.
  const out: p4.v1.IFieldMatch[] = new Array(fields.list.length);
  let n = 0;
  const seen: string[] = new Array(fields.list.length); // key given for each field, by position
  let exact = 0;
  for (const key in match) {
    const f = fields.get(isIndex(key) ? Number(key) : key); // names its owner
    const i = fields.list.indexOf(f);
    if (seen[i] !== undefined) {
      throw new P4SchemaError(
        `${owner}: match keys '${seen[i]}' and '${key}' both name field '${fieldKey(f)}'`,
      );
    }
    seen[i] = key;
    const v = match[key];
    if (v === undefined) continue; // a wildcard; an exact field left out is reported below
    if (f.kind === 'exact') exact++;
    let fm: p4.v1.IFieldMatch | undefined;
    try {
      fm = encodeField(f, v);
    } catch (e) {
      throw prefixed(e, describe(owner, f));
    }
    if (fm) out[n++] = fm;
  }
  let exactFields = 0;
  for (const f of fields.list) if (f.kind === 'exact') exactFields++;
  if (exact !== exactFields) {
    const missing = fields.list.filter(
      (f, i) => f.kind === 'exact' && (seen[i] === undefined || match[seen[i]] === undefined),
    );
    const names = missing.map((f) => `'${fieldKey(f)}'`).join(', ');
    throw new P4ValueError(
      `${owner}: missing exact match field${missing.length > 1 ? 's' : ''} ${names} ` +
        `(exact fields have no "don't care" and must be given)`,
    );
  }
  if (n < out.length) out.length = n; // wildcards left out
  return n > 1 ? out.sort((a, b) => (a.field_id ?? 0) - (b.field_id ?? 0)) : out;
}

/** A key that names a field by id (`'1'`); the first-character test spares most names the regex. */
function isIndex(key: string): boolean {
  return key.charCodeAt(0) <= 57 && /^\d+$/.test(key);
}

const ONEOFS = ['exact', 'lpm', 'ternary', 'range', 'optional'] as const;

/** A FieldMatch list back to readable values keyed by field name, bigints throughout. */
export function decodeMatch(
  fields: FieldIndex<P4MatchField>,
  owner: string,
  list: readonly p4.v1.IFieldMatch[],
): Record<string, DecodedMatchValue> {
  const out: Record<string, DecodedMatchValue> = {};
  for (const m of list) {
    const f = fields.get(m.field_id ?? 0);
    const oneof = ONEOFS.find((k) => m[k]);
    if (!oneof || oneof !== f.kind) {
      throw new P4SchemaError(
        `${describe(owner, f)}: the message carries ${oneof ? `a '${oneof}'` : 'no'} match`,
      );
    }
    const b = decodeBits;
    out[fieldKey(f)] = within(
      () => describe(owner, f),
      (): DecodedMatchValue => {
        if (m.exact) return b(m.exact.value);
        if (m.lpm) return { value: b(m.lpm.value), prefixLen: m.lpm.prefix_len ?? 0 };
        if (m.ternary) return { value: b(m.ternary.value), mask: b(m.ternary.mask) };
        if (m.range) return { low: b(m.range.low), high: b(m.range.high) };
        return b(m.optional?.value);
      },
    );
  }
  return out;
}

/** True for a value in decoded form (bigints in the shape of a match kind). */
export function isDecoded(v: MatchValue): v is DecodedMatchValue {
  if (typeof v === 'bigint') return true;
  if (isBare(v) || 'optional' in v) return false;
  return Object.values(v).every((x) => typeof x === 'bigint' || typeof x === 'number');
}

/**
 * One decoded value as text: `'10.0.0.1'`, `'2001:db8::/32'`, `'0x2&&&0xf'`, `'80..90'`.
 *
 *   formatMatchValue({ value: 0x20010db8n << 96n, prefixLen: 32 }, 'ipv6')  // '2001:db8::/32'
 */
export function formatMatchValue(v: DecodedMatchValue, as: ValueFormat = 'hex'): string {
  if (typeof v === 'bigint') return formatValue(v, as);
  if ('prefixLen' in v) return `${formatValue(v.value, as)}/${v.prefixLen}`;
  if ('mask' in v) return `${formatValue(v.value, as)}&&&${formatValue(v.mask, as)}`;
  return `${formatValue(v.low, as)}..${formatValue(v.high, as)}`;
}
