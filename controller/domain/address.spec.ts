import vectors from '../../test/fixtures/wire-vectors.json';
import {
  formatAddress,
  formatPrefix,
  parseAddress,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
  sliceIndexOf,
  subPrefix,
} from './address';
import { DomainError } from './errors';

describe('domain addresses', () => {
  it('parses and prints both families (RFC 5952 out)', () => {
    expect(formatAddress(parseAddress('2001:DB8:0:0:0:0:0:1', 'a'))).toBe('2001:db8::1');
    expect(parseAddress('2001:db8::1', 'a').value).toBe(0x20010db8000000000000000000000001n);
    expect(parseAddress('10.1.2.3', 'a')).toEqual({ family: 4, value: 0x0a010203n });
    expect(formatAddress(parseAddress('10.1.2.3', 'a'))).toBe('10.1.2.3');
  });

  it.each([
    ['2001:db8::/129', 'a prefix length 0..128'],
    ['2001:db8::1/64', "no bits set past /64: '2001:db8::/64'"],
    ['10.0.0.0/33', 'a prefix length 0..32'],
    ['10.0.0.0', "a prefix 'address/length'"],
    ['banana/8', "a prefix 'address/length'"],
    ['10.0.0.0/08', "a prefix 'address/length'"],
  ])('refuses %s naming the field', (text, expected) => {
    expect(() => parsePrefix(text, 'services[2].ranges[0]')).toThrow(
      new DomainError('services[2].ranges[0]', text, expected),
    );
  });

  it('refuses the other family when one is asked', () => {
    expect(() => parseAddress('10.0.0.1', 'x', 6)).toThrow(
      "x: '10.0.0.1' is invalid: expected an IPv6 address",
    );
    expect(() => parsePrefix('2001:db8::/32', 'x', 4)).toThrow(DomainError);
  });

  it('computes slice indexes and slice prefixes (wire §2 vectors)', () => {
    for (const v of vectors.slice_index) {
      const p = parsePrefix(v.range, 'r');
      const a = parseAddress(v.address, 'a').value;
      expect(sliceIndexOf(a, p, v.slice_bits)).toBe(v.slice);
      const slice = subPrefix(p, v.slice_bits, v.slice);
      expect(slice.length).toBe(p.length + v.slice_bits);
      expect(prefixContains(slice, parseAddress(v.address, 'a'))).toBe(true);
    }
    expect(formatPrefix(subPrefix(parsePrefix('2001:db8:5::/64', 'r'), 14, 10995))).toBe(
      '2001:db8:5:0:abcc::/78',
    );
  });

  it('tells containment and overlap', () => {
    const p48 = parsePrefix('2001:db8:5::/48', 'a');
    const p64 = parsePrefix('2001:db8:5:1::/64', 'a');
    const other = parsePrefix('2001:db8:6::/48', 'a');
    expect(prefixContains(p48, p64)).toBe(true);
    expect(prefixContains(p64, p48)).toBe(false);
    expect(prefixesOverlap(p64, p48)).toBe(true);
    expect(prefixesOverlap(p48, other)).toBe(false);
    expect(prefixContains(p48, parsePrefix('10.0.0.0/8', 'a'))).toBe(false);
  });
});
