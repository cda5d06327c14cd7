/** The Internet checksum and the pseudo-headers, against worked examples. */
import { fromHex, toHex } from './bytes';
import {
  internetChecksum,
  ipv4HeaderChecksum,
  PROTO,
  pseudoHeader,
  transportChecksum,
} from './checksum';

describe('Internet checksum (RFC 1071)', () => {
  test.each([
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, checksum 220d.
    ['0001f203f4f5f6f7', 0x220d],
    // An odd length is padded with a zero byte.
    ['01', 0xfeff],
    ['', 0xffff],
    // Carries wrap around: ffff + 0001 = 0001 (ones' complement), checksum fffe.
    ['ffff0001', 0xfffe],
  ])('%s -> %d', (hex, expected) => {
    expect(internetChecksum(fromHex(hex))).toBe(expected);
  });

  test('an IPv4 header (the common worked example, checksum b861)', () => {
    const header = fromHex('450000730000400040110000c0a80001c0a800c7');
    expect(ipv4HeaderChecksum(header)).toBe(0xb861);
    // The field's current value does not matter, and the input is not changed.
    const withWrong = fromHex('45000073000040004011ffffc0a80001c0a800c7');
    expect(ipv4HeaderChecksum(withWrong)).toBe(0xb861);
    expect(toHex(withWrong)).toBe('45000073000040004011ffffc0a80001c0a800c7');
  });
});

describe('pseudo-headers', () => {
  test('IPv4: src, dst, zero, protocol, 16-bit length', () => {
    const ph = pseudoHeader(fromHex('0a000001'), fromHex('0a000002'), 17, 0x0102);
    expect(toHex(ph)).toBe('0a0000010a00000200110102');
  });

  test('IPv6: src, dst, 32-bit length, three zeros, next header (RFC 8200 8.1)', () => {
    const src = fromHex('20010db8000000000000000000000001');
    const dst = fromHex('20010db8000000000000000000000002');
    expect(toHex(pseudoHeader(src, dst, 58, 0x10203)).slice(64)).toBe('000102030000003a');
  });

  test('mixed families are refused', () => {
    expect(() => pseudoHeader(new Uint8Array(4), new Uint8Array(16), 6, 0)).toThrow(
      'both be 4 or both be 16',
    );
  });
});

describe('transportChecksum', () => {
  const src6 = fromHex('20010db8000000000000000000000001');
  const dst6 = fromHex('20010db8000000000000000000000002');

  test('a segment carrying its checksum sums to zero with the pseudo-header', () => {
    const udp = fromHex('000100020009000061');
    const ck = transportChecksum(PROTO.UDP, src6, dst6, udp);
    udp.set([ck >> 8, ck & 0xff], 6);
    const sum = internetChecksum(
      new Uint8Array([...pseudoHeader(src6, dst6, 17, udp.length), ...udp]),
    );
    expect(sum).toBe(0);
  });

  test('the checksum field of the input counts as zero', () => {
    const a = fromHex('000100020009000061');
    const b = fromHex('000100020009123461');
    expect(transportChecksum(PROTO.UDP, src6, dst6, a)).toBe(
      transportChecksum(PROTO.UDP, src6, dst6, b),
    );
  });

  test('ICMP (IPv4) has no pseudo-header: addresses do not change it', () => {
    const echo = fromHex('0800000000010002');
    const one = transportChecksum(PROTO.ICMP, fromHex('0a000001'), fromHex('0a000002'), echo);
    const two = transportChecksum(PROTO.ICMP, fromHex('0a000009'), fromHex('0a000008'), echo);
    expect(one).toBe(two);
    expect(one).toBe(internetChecksum(echo));
  });

  test('ICMPv6 includes the pseudo-header: another destination changes it', () => {
    const echo = fromHex('8000000000010002');
    const other = fromHex('20010db8000000000000000000000003');
    const ck = transportChecksum(PROTO.ICMPV6, src6, dst6, echo);
    expect(transportChecksum(PROTO.ICMPV6, src6, other, echo)).toBe(ck - 1);
  });

  test('protocols without a checksum are refused', () => {
    expect(() => transportChecksum(PROTO.IPV6, src6, dst6, new Uint8Array(8))).toThrow(
      'no checksum for protocol 41',
    );
  });
});
