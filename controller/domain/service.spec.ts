import vectors from '../../test/fixtures/wire-vectors.json';
import { formatPrefix } from './address';
import { DomainError } from './errors';
import { SAR_MODES, Service } from './service';

const base = { name: 'video.example', index: 1 };

describe('Service', () => {
  it('derives the canonical name and the service id (wire §1 vectors)', () => {
    for (const v of vectors.service_id) {
      const s = Service.create({ ...base, name: v.name });
      expect(s.name).toBe(v.name.toLowerCase().replace(/\.$/, ''));
      expect(s.idHex).toBe(v.id);
      expect(s.id).toBe(BigInt(`0x${v.id}`));
      expect(Buffer.from(s.idBytes()).toString('hex')).toBe(v.id);
    }
  });

  it('keeps ranges, rule, slice bits and modes, and round-trips through toInput', () => {
    const s = Service.create({
      ...base,
      ranges: ['2001:db8:5::/64', '192.0.2.0/24'],
      rule: { kind: 'time-hop', key: '0a1b2c3d', period: 30 },
      sliceBits: 14,
      nonConforming: 'demote',
      sarMode: 'flow-hash',
      legacySlice: '2001:db8:5:0:fffc::/80',
    });
    expect(s.rule).toEqual({ kind: 'time-hop', key: 0x0a1b2c3d, period: 30 });
    expect(s.slicedRanges.map(formatPrefix)).toEqual(['2001:db8:5::/64']);
    expect(s.sliceCount).toBe(16384);
    expect(SAR_MODES[s.sarMode]).toBe(4);
    expect(Service.create(s.toInput())).toEqual(s);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.ranges)).toBe(true);
  });

  it('defaults to rule any, no slices, drop, random', () => {
    const s = Service.create(base);
    expect([s.rule.kind, s.sliceBits, s.nonConforming, s.sarMode]).toEqual([
      'any',
      0,
      'drop',
      'random',
    ]);
    expect(s.ranges).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, unknown, string]>([
    ['a bad name', { name: 'bad..name' }, 'name', 'bad..name', 'a DNS name'],
    [
      'a label of 64',
      { name: `${'a'.repeat(64)}.example` },
      'name',
      `${'a'.repeat(64)}.example`,
      'a DNS name',
    ],
    ['an index past bit<16>', { index: 65536 }, 'index', 65536, 'an integer 0..65535'],
    ['s over 20', { sliceBits: 21 }, 'sliceBits', 21, 'an integer 0..20'],
    ['an unknown rule', { rule: { kind: 'magic' } }, 'rule.kind', 'magic', "one of 'any'"],
    [
      'a 33-bit key',
      { rule: { kind: 'source-bound-hash', key: 2 ** 32 } },
      'rule.key',
      2 ** 32,
      'an integer 0..4294967295',
    ],
    [
      'a short hex key',
      { rule: { kind: 'source-bound-hash', key: 'abc' } },
      'rule.key',
      'abc',
      '8 hex digits',
    ],
    [
      'a period of 0',
      { rule: { kind: 'time-hop', key: 1, period: 0 } },
      'rule.period',
      0,
      'an integer 1..86400',
    ],
    ['an unknown SAR mode', { sarMode: 'fastest' }, 'sarMode', 'fastest', "one of 'random'"],
    [
      'a /72 with a source-bound rule',
      { ranges: ['2001:db8::/72'], rule: { kind: 'source-bound-identity' } },
      'ranges[0]',
      '2001:db8::/72',
      'a length of 64 at most',
    ],
    [
      'L + s over 128',
      { ranges: ['2001:db8::1:0/112'], sliceBits: 17 },
      'ranges[0]',
      '2001:db8::1:0/112',
      'L + s <= 128',
    ],
    [
      'overlapping ranges',
      { ranges: ['2001:db8::/48', '2001:db8:0:5::/64'] },
      'ranges[1]',
      '2001:db8:0:5::/64',
      "no overlap with services[2].ranges[0] '2001:db8::/48'",
    ],
    [
      'a legacy slice outside the ranges',
      { ranges: ['2001:db8::/64'], legacySlice: '2001:db9::/128' },
      'legacySlice',
      '2001:db9::/128',
      'an IPv6 prefix of one of the IPv6 ranges',
    ],
    [
      'a legacy slice wider than a slice',
      { ranges: ['2001:db8::/64'], sliceBits: 8, legacySlice: '2001:db8::/70' },
      'legacySlice',
      '2001:db8::/70',
      'L + 8 bits or longer',
    ],
  ])('refuses %s, naming the field and the value', (_what, change, field, value, expected) => {
    let err: unknown;
    try {
      Service.create({ ...base, ...change }, 'services[2]');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    const d = err as DomainError;
    expect(d.field).toBe(`services[2].${field}`);
    expect(d.value).toEqual(value);
    expect(d.expected).toContain(expected);
  });

  it('lets IPv4 ranges through unsliced (published in APL only)', () => {
    const s = Service.create({
      ...base,
      ranges: ['198.51.100.0/24'],
      rule: { kind: 'source-bound-hash', key: 1 },
      sliceBits: 16,
    });
    expect(s.slicedRanges).toEqual([]);
  });

  it('changes fields with `with`, checking them again', () => {
    const s = Service.create({ ...base, ranges: ['2001:db8:5::/64'] });
    expect(s.with({ sliceBits: 16 }).sliceCount).toBe(65536);
    expect(s.sliceBits).toBe(0);
    expect(() => s.with({ sliceBits: 65 }, 'services[0]')).toThrow('services[0].sliceBits');
  });
});
