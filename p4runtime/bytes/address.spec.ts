import { isIPv6 } from 'node:net';
import {
  P4ValueError,
  encodeValue,
  formatIPv4,
  formatIPv6,
  formatMac,
  parseIPv4,
  parseIPv6,
  parseMac,
} from './index';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function errorOf(fn: () => unknown): P4ValueError {
  try {
    fn();
  } catch (e) {
    if (e instanceof P4ValueError) return e;
    throw e;
  }
  throw new Error('expected a P4ValueError');
}

describe('IPv4', () => {
  it.each([
    ['0.0.0.0', '00000000'],
    ['10.0.0.1', '0a000001'],
    ['255.255.255.255', 'ffffffff'],
    ['192.168.1.254', 'c0a801fe'],
  ])('%s <-> %s', (text, h) => {
    expect(toHex(parseIPv4(text))).toBe(h);
    expect(formatIPv4(hex(h))).toBe(text);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1..2.3',
    '1.2.3.4.',
    ' 1.2.3.4',
    '1.2.3.a',
    '1234.1.1.1',
  ])('refuses %j', (text) => {
    expect(errorOf(() => parseIPv4(text)).message).toBe(
      `value '${text}' is not an IPv4 address: expected a.b.c.d, each 0..255`,
    );
  });

  it('encodes to canonical bytes for a 32-bit field only', () => {
    expect(toHex(encodeValue('0.0.0.1', 32))).toBe('01');
    expect(toHex(encodeValue('10.0.0.1', 32))).toBe('0a000001');
    expect(errorOf(() => encodeValue('10.0.0.1', 24)).message).toBe(
      "value '10.0.0.1' is an IPv4 address (32 bits) but the field has 24 bits",
    );
  });

  it('formats short canonical values and refuses wider ones', () => {
    expect(formatIPv4(hex('01'))).toBe('0.0.0.1');
    expect(errorOf(() => formatIPv4(hex('0100000000'))).message).toMatch('does not fit in 32');
  });
});

describe('IPv6 parsing', () => {
  it.each([
    ['::', '00'.repeat(16)],
    ['::1', '00'.repeat(15) + '01'],
    ['1::', '0001' + '00'.repeat(14)],
    ['::ffff:1.2.3.4', '00'.repeat(10) + 'ffff01020304'],
    ['::1.2.3.4', '00'.repeat(12) + '01020304'],
    ['64:ff9b::192.0.2.33', '0064ff9b' + '00'.repeat(8) + 'c0000221'],
    ['2001:db8::1', '20010db8' + '00'.repeat(11) + '01'],
    ['2001:DB8:0:0:0:0:0:1', '20010db8' + '00'.repeat(11) + '01'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::2:3:4:5:6:7:8', '00000002000300040005000600070008'],
    ['1:2:3:4:5:6:1.2.3.4', '000100020003000400050006' + '01020304'],
    ['fe80::abcd:ef01', 'fe80' + '00'.repeat(10) + 'abcdef01'],
  ])('%s', (text, h) => {
    expect(isIPv6(text)).toBe(true); // Node agrees it is valid
    expect(toHex(parseIPv6(text))).toBe(h);
  });

  it.each([
    ['', "expected 8 groups or '::', got 0"],
    [':', "group '' is not 1 to 4 hex digits"],
    [':::', "group '' is not 1 to 4 hex digits"],
    ['1:::2', "group '' is not 1 to 4 hex digits"],
    ['1::2::3', "'::' may appear only once"],
    [':1::', "group '' is not 1 to 4 hex digits"],
    ['1::2:', "group '' is not 1 to 4 hex digits"],
    ['1:2:3:4:5:6:7', "expected 8 groups or '::', got 7"],
    ['1:2:3:4:5:6:7:8:9', "expected 8 groups or '::', got 9"],
    ['1:2:3:4:5:6:7:8::', "more than 7 groups with '::'"],
    ['1::2:3:4:5:6:7:8', "more than 7 groups with '::'"],
    ['12345::', "group '12345' is not 1 to 4 hex digits"],
    ['g::', "group 'g' is not 1 to 4 hex digits"],
    ['::1.2.3', "'1.2.3' is not a valid embedded IPv4 address"],
    ['::256.1.1.1', "'256.1.1.1' is not a valid embedded IPv4 address"],
    ['::1.2.3.4:5', "group '1.2.3.4' is not 1 to 4 hex digits"],
    ['1:2:3:4:5:6:7:1.2.3.4', "expected 8 groups or '::', got 9"],
    ['fe80::1%eth0', 'zone indexes (%...) are not allowed'],
    ['[::1]', "group '[' is not 1 to 4 hex digits"],
    ['2001:db8::/32', "group '/32' is not 1 to 4 hex digits"],
  ])('refuses %j (%s)', (text, why) => {
    const err = errorOf(() => parseIPv6(text));
    expect(err.message).toBe(`value '${text}' is not an IPv6 address: ${why}`);
  });

  it('encodes only into 128-bit fields', () => {
    expect(toHex(encodeValue('::1', 128))).toBe('01');
    expect(toHex(encodeValue('::', 128))).toBe('00');
    expect(errorOf(() => encodeValue('::1', 64)).message).toBe(
      "value '::1' is an IPv6 address (128 bits) but the field has 64 bits",
    );
  });
});

describe('IPv6 formatting (RFC 5952)', () => {
  it.each([
    ['00'.repeat(16), '::'],
    ['00'.repeat(15) + '01', '::1'],
    ['0001' + '00'.repeat(14), '1::'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first of equal runs
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'], // longest run
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['20010DB8AAAABBBBCCCCDDDDEEEE0001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'],
    ['00'.repeat(10) + 'ffff01020304', '::ffff:1.2.3.4'], // IPv4-mapped: mixed notation
    ['00'.repeat(12) + '01020304', '::102:304'],
    ['01', '::1'], // canonical short input
  ])('%s -> %s', (h, text) => expect(formatIPv6(hex(h))).toBe(text));

  it('agrees with the WHATWG URL serializer and round-trips on random addresses', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(16);
      // Mostly zero groups so that runs of every length and position appear.
      for (let g = 0; g < 8; g++) if (next() % 3 === 0) bytes[2 * g + (next() % 2)] = next() % 256;
      if (bytes[10] === 0xff && bytes[11] === 0xff) bytes[11] = 0; // mapped form differs by design
      const text = formatIPv6(bytes);
      expect(`[${text}]`).toBe(new URL(`http://[${text}]/`).hostname);
      expect(new URL(`http://[${toHex(bytes).replace(/(....)(?!$)/g, '$1:')}]/`).hostname).toBe(
        `[${text}]`,
      );
      expect(parseIPv6(text)).toEqual(bytes);
    }
  });
});

describe('MAC', () => {
  it.each([
    ['aa:bb:cc:dd:ee:ff', 'aabbccddeeff', 'aa:bb:cc:dd:ee:ff'],
    ['AA-BB-CC-00-11-22', 'aabbcc001122', 'aa:bb:cc:00:11:22'],
    ['00:00:00:00:00:00', '000000000000', '00:00:00:00:00:00'],
  ])('%s', (text, h, printed) => {
    expect(toHex(parseMac(text))).toBe(h);
    expect(formatMac(hex(h))).toBe(printed);
  });

  it.each([
    'aa:bb:cc:dd:ee',
    'aa:bb:cc:dd:ee:ff:00',
    'a:b:c:d:e:f',
    'aa-bb:cc:dd:ee:ff',
    'gg:bb:cc:dd:ee:ff',
  ])('refuses %j', (text) => {
    expect(errorOf(() => parseMac(text)).message).toBe(
      `value '${text}' is not a MAC address: expected aa:bb:cc:dd:ee:ff`,
    );
  });

  it('encodes only into 48-bit fields and formats canonical values', () => {
    expect(toHex(encodeValue('00:00:00:00:01:02', 48))).toBe('0102');
    expect(formatMac(hex('0102'))).toBe('00:00:00:00:01:02');
    expect(errorOf(() => encodeValue('aa:bb:cc:dd:ee:ff', 32)).message).toBe(
      "value 'aa:bb:cc:dd:ee:ff' is a MAC address (48 bits) but the field has 32 bits",
    );
  });
});
