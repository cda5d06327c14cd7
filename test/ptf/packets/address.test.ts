/** Addresses: parsing from text, formatting (RFC 5952), prefixes and BigInt conversion. */
import {
  bigIntToIpv6,
  formatIpv6,
  inRange,
  ipAddress,
  ipv4Address,
  ipv6Address,
  ipv6ToBigInt,
  mac,
  prefix,
} from './address';
import { toHex } from './bytes';

describe('IPv6 text <-> bytes', () => {
  test.each([
    ['::', '00000000000000000000000000000000', '::'],
    ['::1', '00000000000000000000000000000001', '::1'],
    ['2001:db8::1', '20010db8000000000000000000000001', '2001:db8::1'],
    ['2001:DB8:0:0:1:0:0:1', '20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1::1', '20010000000000010000000000000001', '2001:0:0:1::1'],
    ['fe80::', 'fe800000000000000000000000000000', 'fe80::'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201', '::ffff:c000:201'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
  ])('%s', (text, hex, canonical) => {
    expect(toHex(ipv6Address(text))).toBe(hex);
    expect(formatIpv6(ipv6Address(text))).toBe(canonical);
    expect(bigIntToIpv6(ipv6ToBigInt(text))).toEqual(ipv6Address(text));
  });

  test.each([
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::',
    ':1',
    '1:2:3:4:5:6:7::8',
  ])('refuses %s', (text) => {
    expect(() => ipv6Address(text, 'ipv6.src')).toThrow(
      `ipv6.src: '${text}' is not an IPv6 address`,
    );
  });

  test('bytes of the wrong length are refused with the field name', () => {
    expect(() => ipv6Address(new Uint8Array(4), 'ipv6.dst')).toThrow(
      'ipv6.dst: expected 16 bytes, got 4',
    );
  });
});

describe('IPv4 and MAC', () => {
  test.each([
    ['10.0.0.1', '0a000001'],
    ['255.255.255.255', 'ffffffff'],
  ])('IPv4 %s', (text, hex) => {
    expect(toHex(ipv4Address(text))).toBe(hex);
  });

  test.each(['10.0.0', '10.0.0.256', '1.2.3.4.5', 'a.b.c.d'])('refuses IPv4 %s', (text) => {
    expect(() => ipv4Address(text)).toThrow('not a dotted-quad');
  });

  test.each([
    ['aa:bb:cc:dd:ee:ff', 'aabbccddeeff'],
    ['00-01-02-03-04-05', '000102030405'],
  ])('MAC %s', (text, hex) => {
    expect(toHex(mac(text))).toBe(hex);
  });

  test('refuses a short MAC', () => {
    expect(() => mac('aa:bb:cc', 'ether.dst')).toThrow(
      "ether.dst: 'aa:bb:cc' is not a MAC address",
    );
  });

  test('ipAddress tells the families apart', () => {
    expect(ipAddress('10.0.0.1')).toHaveLength(4);
    expect(ipAddress('::1')).toHaveLength(16);
    expect(() => ipAddress(new Uint8Array(5))).toThrow('expected 4 or 16 bytes, got 5');
  });
});

describe('prefixes', () => {
  test('parses P/L', () => {
    expect(prefix('2001:db8:5::/64')).toEqual({
      address: ipv6ToBigInt('2001:db8:5::'),
      length: 64,
    });
  });

  test.each([
    ['2001:db8::1/64', 'has bits set below /64'],
    ['2001:db8::/129', 'not in 0..128'],
    ['2001:db8::', 'is not an IPv6 prefix'],
  ])('refuses %s', (range, message) => {
    expect(() => prefix(range)).toThrow(message);
  });

  test.each([
    ['2001:db8:5::1', true],
    ['2001:db8:5:0:ffff:ffff:ffff:ffff', true],
    ['2001:db8:5:1::', false],
    ['2001:db8:4:ffff:ffff:ffff:ffff:ffff', false],
  ])('%s in 2001:db8:5::/64: %s', (address, inside) => {
    expect(inRange(address, '2001:db8:5::/64')).toBe(inside);
  });
});
