import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { p4 } from '../proto';
import { P4SchemaError, P4ValueError } from './common';
import { decodeMatch, encodeMatch, formatMatchValue, type Match, type MatchValue } from './match';

const schema = kitchenSink();
const hex = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('hex');

/** A FieldMatch in one line: `lpm 0a000000/8`, `ternary 02&&&0f`, `range 50..5a`. */
function brief(m: p4.v1.IFieldMatch): string {
  if (m.exact) return `exact ${hex(m.exact.value)}`;
  if (m.lpm) return `lpm ${hex(m.lpm.value)}/${m.lpm.prefix_len}`;
  if (m.ternary) return `ternary ${hex(m.ternary.value)}&&&${hex(m.ternary.mask)}`;
  if (m.range) return `range ${hex(m.range.low)}..${hex(m.range.high)}`;
  return `optional ${hex(m.optional?.value)}`;
}

/** Encode one field of `table` (other exact fields filled in) and return its FieldMatch. */
function one(table: string, field: string, value: MatchValue): string | undefined {
  const t = schema.tables.get(table);
  const f = t.fields.get(field);
  const match: Record<string, MatchValue> = { [field]: value };
  for (const other of t.fields.list)
    if (other.kind === 'exact' && other !== f) match[other.name] = 0;
  const list = encodeMatch(t.fields, `table '${t.name}'`, match);
  const m = list.find((x) => x.field_id === f.id);
  return m && brief(m);
}

const V6 = '20010db8000000000000000000000000';

describe('encodeMatch: every match kind to canonical bytestrings', () => {
  it.each<[string, string, MatchValue, string | undefined]>([
    // exact: numbers, bigints, hex and decimal strings, bytes; always the shortest string
    ['ipv6_lpm', 'meta.vrf', 3, 'exact 03'],
    ['ipv6_lpm', 'meta.vrf', 0, 'exact 00'],
    ['ipv6_lpm', 'meta.vrf', 0xffff, 'exact ffff'],
    ['ipv6_lpm', 'vrf', 300n, 'exact 012c'],
    ['ipv6_lpm', 'vrf', '0x0003', 'exact 03'],
    ['ipv6_lpm', 'vrf', '42', 'exact 2a'],
    ['ipv6_lpm', 'vrf', Uint8Array.of(0, 0, 7), 'exact 07'],
    ['smac', 'hdr.ethernet.src_addr', '00:00:00:00:00:01', 'exact 01'],
    ['smac', 'src_addr', '0a:1b:2c:3d:4e:5f', 'exact 0a1b2c3d4e5f'],
    // lpm: 'addr/len', { value, prefixLen }, or a bare value as a full-length prefix
    ['ipv6_lpm', 'hdr.ipv6.dst_addr', '2001:db8::/32', `lpm ${V6}/32`],
    ['ipv6_lpm', 'dst_addr', { value: '2001:db8::', prefixLen: 32 }, `lpm ${V6}/32`],
    ['ipv6_lpm', 'dst_addr', { value: 0x20010db8n << 96n, prefixLen: 32 }, `lpm ${V6}/32`],
    ['ipv6_lpm', 'dst_addr', '2001:db8::1', 'lpm 20010db8000000000000000000000001/128'],
    ['ipv6_lpm', 'dst_addr', '::1/128', 'lpm 01/128'],
    ['ipv6_lpm', 'dst_addr', '::/0', undefined],
    ['ipv6_lpm', 'dst_addr', { value: 0, prefixLen: 0 }, undefined],
    ['ipv4_lpm', 'hdr.ipv4.dst_addr', '10.0.0.0/8', 'lpm 0a000000/8'],
    ['ipv4_lpm', 'dst_addr', '10.1.2.3', 'lpm 0a010203/32'],
    // ternary: { value, mask }, 'value&&&mask', or a bare value (all-ones mask); mask 0 = don't care
    ['acl', 'standard_metadata.ingress_port', { value: 1, mask: 0x1ff }, 'ternary 01&&&01ff'],
    ['acl', 'ingress_port', 5, 'ternary 05&&&01ff'],
    ['acl', 'ingress_port', { value: 0, mask: 0 }, undefined],
    ['mixed', 'meta.flags', { value: 0x02, mask: 0x0f }, 'ternary 02&&&0f'],
    ['mixed', 'flags', '0x2&&&0xf', 'ternary 02&&&0f'],
    [
      'acl',
      'hdr.ipv6.src_addr',
      { value: '2001:db8::', mask: 'ffff:ffff::' },
      `ternary ${V6}&&&ffffffff000000000000000000000000`,
    ],
    ['acl', 'hdr.ethernet.ether_type', { value: 0x86dd, mask: 0xffff }, 'ternary 86dd&&&ffff'],
    // range: { low, high }, 'low..high', or a bare value (low = high); the full range = don't care
    ['acl', 'hdr.tcp.dport', { low: 80, high: 90 }, 'range 50..5a'],
    ['acl', 'dport', '80..90', 'range 50..5a'],
    ['acl', 'dport', 443, 'range 01bb..01bb'],
    ['acl', 'dport', { low: 0, high: 100 }, 'range 00..64'],
    ['acl', 'dport', { low: 0, high: 0xffff }, undefined],
    // optional: a bare value or { optional }
    ['acl', 'hdr.ipv6.next_hdr', 6, 'optional 06'],
    ['mixed', 'meta.opt', { optional: 7 }, 'optional 07'],
    ['mixed', 'opt', 0, 'optional 00'],
  ])('%s %s = %p -> %s', (table, field, value, expected) => {
    expect(one(table, field, value)).toBe(expected);
  });

  it('omits fields left undefined and orders the rest by field id', () => {
    const t = schema.tables.get('mixed');
    const match: Match = {
      opt: 7,
      flags: undefined,
      'hdr.tcp.dport': 80,
      vrf: 1,
      dst_addr: '::1/128',
    };
    const list = encodeMatch(t.fields, 'mixed', match);
    expect(list.map((m) => m.field_id)).toEqual([1, 2, 3, 5]);
  });

  it('accepts field ids as keys (value set fields are often unnamed)', () => {
    const vs = schema.valueSets.get('trill_types');
    expect(encodeMatch(vs.match, 'vs', { 1: 0x22f3 }).map(brief)).toEqual(['exact 22f3']);
  });
});

describe('encodeMatch: bad values are refused with the table, field, value and expectation', () => {
  const t = (name: string) => schema.tables.get(name);
  it.each<[string, Match, RegExp | string]>([
    [
      'ipv6_lpm',
      { dst_addr: '2001:db8::/32' },
      "table 'MyIngress.ipv6_lpm': missing exact match field 'meta.vrf' (exact fields have no \"don't care\" and must be given)",
    ],
    [
      'ipv6_lpm',
      { vrf: 70000 },
      "table 'MyIngress.ipv6_lpm' match field 'meta.vrf' (exact, 16 bits): value 0x11170 does not fit in 16 bits",
    ],
    [
      'ipv6_lpm',
      { vrf: 1, dst_addr: '2001:db8::1/32' },
      "table 'MyIngress.ipv6_lpm' match field 'hdr.ipv6.dst_addr' (lpm, 128 bits): value 0x20010db8000000000000000000000001 has bits set past the /32 prefix",
    ],
    [
      'ipv6_lpm',
      { vrf: 1, dst_addr: '10.0.0.0/8' },
      /is an IPv4 address \(32 bits\) but the field has 128 bits/,
    ],
    [
      'ipv6_lpm',
      { vrf: 1, dst_addr: '2001:db8::/129' },
      /prefix '2001:db8::\/129' is invalid|prefix length 129 is out of range/,
    ],
    [
      'mixed',
      { vrf: 1, flags: { value: 0x12, mask: 0x0f } },
      /'meta.flags' \(ternary, 8 bits\): value 0x12 has bits outside mask 0x0?f/,
    ],
    [
      'mixed',
      { vrf: 1, dport: { low: 90, high: 80 } },
      /'hdr.tcp.dport' \(range, 16 bits\): range low 0x5a is above high 0x50/,
    ],
    [
      'ipv6_lpm',
      { vrf: { low: 1, high: 2 } },
      `table 'MyIngress.ipv6_lpm' match field 'meta.vrf' (exact, 16 bits): {"low":1,"high":2} is not a valid exact value (expected a value)`,
    ],
    [
      'mixed',
      { vrf: 1, dport: { value: 1, mask: 2 } },
      /'hdr.tcp.dport' \(range, 16 bits\): .* is not a valid range value \(expected \{ low, high \}, 'low..high' or a value\)/,
    ],
    [
      'acl',
      { ingress_port: 512 },
      /'standard_metadata.ingress_port' \(ternary, 9 bits\): value 0x200 does not fit in 9 bits/,
    ],
    ['ipv6_lpm', { vrf: 'ten' }, /value 'ten' for 16 bits is not a number/],
  ])('%s %p', (table, match, message) => {
    const run = () => encodeMatch(t(table).fields, `table '${t(table).name}'`, match);
    expect(run).toThrow(P4ValueError);
    expect(run).toThrow(message);
  });

  it('refuses unknown fields with a suggestion, and two keys naming one field', () => {
    const acl = t('acl');
    expect(() => encodeMatch(acl.fields, 'acl', { dprot: 80 })).toThrow(P4SchemaError);
    expect(() => encodeMatch(acl.fields, 'acl', { 'hdr.tcp.dprot': 80 })).toThrow(
      "table 'MyIngress.acl' has no match field named 'hdr.tcp.dprot'. Did you mean 'hdr.tcp.dport'?",
    );
    expect(() =>
      encodeMatch(acl.fields, "table 'MyIngress.acl'", { dport: 80, 'tcp.dport': 81 }),
    ).toThrow(
      "table 'MyIngress.acl': match keys 'dport' and 'tcp.dport' both name field 'hdr.tcp.dport'",
    );
  });
});

describe('decodeMatch', () => {
  const mixed = schema.tables.get('mixed');
  const spec: Match = {
    vrf: 3,
    'hdr.ipv6.dst_addr': '2001:db8::/32',
    'hdr.tcp.dport': { low: 80, high: 90 },
    flags: { value: 0x02, mask: 0x0f },
    opt: { optional: 7 },
  };

  it('gives bigints in the shape of each kind, keyed by full field name', () => {
    const list = encodeMatch(mixed.fields, 'mixed', spec);
    expect(decodeMatch(mixed.fields, 'mixed', list)).toEqual({
      'meta.vrf': 3n,
      'hdr.ipv6.dst_addr': { value: 0x20010db8n << 96n, prefixLen: 32 },
      'hdr.tcp.dport': { low: 80n, high: 90n },
      'meta.flags': { value: 2n, mask: 15n },
      'meta.opt': 7n,
    });
  });

  it('round trips: decoded values encode to the same bytes', () => {
    const list = encodeMatch(mixed.fields, 'mixed', spec);
    const again = encodeMatch(mixed.fields, 'mixed', decodeMatch(mixed.fields, 'mixed', list));
    expect(again.map(brief)).toEqual(list.map(brief));
  });

  it('refuses a match whose kind differs from the field, and empty values', () => {
    const bad = [{ field_id: 1, lpm: { value: Uint8Array.of(1), prefix_len: 8 } }];
    expect(() => decodeMatch(mixed.fields, "table 'MyIngress.mixed'", bad)).toThrow(
      "table 'MyIngress.mixed' match field 'meta.vrf' (exact, 16 bits): the message carries a 'lpm' match",
    );
    const empty = [{ field_id: 1, exact: { value: new Uint8Array() } }];
    expect(() => decodeMatch(mixed.fields, "table 'MyIngress.mixed'", empty)).toThrow(
      "table 'MyIngress.mixed' match field 'meta.vrf' (exact, 16 bits): empty bytestring has no value",
    );
    expect(() =>
      decodeMatch(mixed.fields, 'x', [{ field_id: 9, exact: { value: Uint8Array.of(1) } }]),
    ).toThrow("table 'MyIngress.mixed' has no match field with id 9");
  });
});

describe('formatMatchValue', () => {
  it.each<[Parameters<typeof formatMatchValue>[0], Parameters<typeof formatMatchValue>[1], string]>(
    [
      [0x0a000001n, 'ipv4', '10.0.0.1'],
      [{ value: 0x20010db8n << 96n, prefixLen: 32 }, 'ipv6', '2001:db8::/32'],
      [1n, 'mac', '00:00:00:00:00:01'],
      [{ value: 2n, mask: 15n }, 'hex', '0x2&&&0xf'],
      [{ low: 80n, high: 90n }, 'dec', '80..90'],
      [{ value: 0x0a000000n, prefixLen: 8 }, undefined, '0xa000000/8'],
    ],
  )('%p as %s -> %s', (value, as, text) => {
    expect(formatMatchValue(value, as)).toBe(text);
  });
});
