/**
 * SSA helpers (wire §2) beyond the reference vectors: every rule's conforming and
 * non-conforming destinations, checked against the rule's own definition.
 */
import { formatIpv6, inRange, ipv6ToBigInt } from './address';
import { crc32 } from './crc32';
import {
  conformingDst,
  conforms,
  epochAt,
  identityAddress,
  nonConformingDst,
  sliceAddress,
  sliceIndex,
  type SsaService,
  timeHopInput,
  timeHopSlice,
} from './ssa';

const RANGE = '2001:db8:5::/64';
const SOURCES = [
  '2001:db8:aaaa:bbbb::1',
  '2001:db8:1:2:3:4:5:6',
  'fd00::1',
  '2001:db8:ffff:ffff::',
];
const KEY = '0a1b2c3d';

const services: readonly SsaService[] = [
  { range: RANGE, sliceBits: 14, rule: { kind: 'source-bound-hash', key: KEY } },
  {
    range: '2001:db8:100::/48',
    sliceBits: 16,
    rule: { kind: 'source-bound-hash', key: 0xdeadbeef },
  },
  { range: RANGE, sliceBits: 12, rule: { kind: 'time-hop', key: KEY, period: 30 } },
  { range: RANGE, sliceBits: 14, rule: { kind: 'source-bound-identity' } },
  { range: '2001:db8:100::/48', sliceBits: 8, rule: { kind: 'source-bound-identity' } },
];

describe('conforming and non-conforming destinations', () => {
  const rows = services.flatMap((service) => SOURCES.map((src) => ({ service, src })));

  test.each(rows)('$service.rule.kind in $service.range from $src', ({ service, src }) => {
    const o = { epoch: 59000000 };
    const good = conformingDst(service, src, o);
    const bad = nonConformingDst(service, src, o);
    expect(inRange(good, service.range) && inRange(bad, service.range)).toBe(true);
    expect(conforms(service, src, good, o)).toBe(true);
    expect(conforms(service, src, bad, o)).toBe(false);
  });

  test('source-bound-hash: the slice is CRC32(src[127:64] ‖ key) mod 2^s, as written in wire §2', () => {
    const src = '2001:db8:1:2:3:4:5:6';
    const dst = conformingDst(services[0], src);
    const crc = crc32(
      Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0x0a, 0x1b, 0x2c, 0x3d]),
    );
    expect(sliceIndex(dst, RANGE, 14)).toBe(crc % 2 ** 14);
  });

  test('time-hop accepts the previous epoch, not the one before it', () => {
    const service = services[2];
    const src = SOURCES[0];
    // Find an epoch whose slice differs from both neighbours', so the test can tell them apart.
    const slice = (e: number) => timeHopSlice(src, KEY, e, 12);
    const e = [100, 101, 102, 103, 104].find(
      (x) => new Set([slice(x), slice(x - 1), slice(x - 2)]).size === 3,
    );
    if (e === undefined) throw new Error('no epoch with three distinct slices');
    const at = (epoch: number) => conformingDst(service, src, { epoch });
    expect(conforms(service, src, at(e), { epoch: e })).toBe(true);
    expect(conforms(service, src, at(e - 1), { epoch: e })).toBe(true);
    expect(conforms(service, src, at(e - 2), { epoch: e })).toBe(false);
  });

  test('time-hop needs an epoch', () => {
    expect(() => conformingDst(services[2], SOURCES[0])).toThrow('time-hop: an epoch is needed');
  });

  test('time-hop input ends with the epoch as 4 bytes', () => {
    expect(Array.from(timeHopInput(SOURCES[0], KEY, 0x01020304).subarray(12))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  test('any and content accept everything in the range and have no non-conforming destination', () => {
    for (const kind of ['any', 'content'] as const) {
      const service: SsaService = { range: RANGE, sliceBits: 4, rule: { kind } };
      expect(conforms(service, SOURCES[0], '2001:db8:5::99')).toBe(true);
      expect(conforms(service, SOURCES[0], '2001:db8:6::99')).toBe(false);
      expect(() => nonConformingDst(service, SOURCES[0])).toThrow(
        `${kind}: every destination conforms`,
      );
    }
  });

  test('with no slice bits every destination conforms to time-hop: refused, not faked', () => {
    const service: SsaService = {
      range: RANGE,
      sliceBits: 0,
      rule: { kind: 'time-hop', key: KEY, period: 1 },
    };
    expect(() => nonConformingDst(service, SOURCES[0], { epoch: 5 })).toThrow(
      'every slice conforms with 0 slice bits',
    );
  });
});

describe('addresses within a slice', () => {
  test.each([
    [RANGE, 14, 3583, 0x1234n, '2001:db8:5:0:37fc::1234'],
    [RANGE, 1, 1, 0n, '2001:db8:5:0:8000::'],
    ['2001:db8:100::/48', 16, 0xffff, 0n, '2001:db8:100:ffff::'],
    ['2001:db8:7::/56', 20, 74565, 0n, '2001:db8:7:12:3450::'],
    ['::/0', 0, 0, 1n, '::1'],
  ])('%s, %d bits, slice %d, host %s -> %s', (range, bits, slice, host, address) => {
    expect(formatIpv6(sliceAddress(range, bits, slice, host))).toBe(address);
    expect(sliceIndex(address, range, bits)).toBe(slice);
  });

  test.each<[string, () => unknown, string]>([
    [
      'a slice out of range',
      () => sliceAddress(RANGE, 4, 16),
      'slice: 16 is not in 0..15 (4 slice bits)',
    ],
    [
      'host bits that spill into the slice',
      () => sliceAddress(RANGE, 60, 0, 16n),
      'host: 0x10 does not fit the 4 bits below the slice',
    ],
    [
      'L + s > 128',
      () => sliceIndex('::', RANGE, 65),
      'sliceBits: 65 with /64 breaks L + s <= 128 (wire §2)',
    ],
    [
      'identity with L > 64',
      () => identityAddress('2001:db8::/80', '::1'),
      'identity: /80 is longer than /64',
    ],
  ])('refuses %s', (_, act, message) => {
    expect(act).toThrow(message);
  });

  test('identity places the slice after the prefix when there is room', () => {
    const a = identityAddress('2001:db8:100::/48', '2001:db8:aaaa:bbbb::1', 8, 0x5a);
    expect(formatIpv6(a)).toBe('2001:db8:100:5a00:2001:db8:aaaa:bbbb');
    expect(ipv6ToBigInt(a) & 0xffffffffffffffffn).toBe(0x20010db8aaaabbbbn);
  });

  test.each([
    [0, 30, 0],
    [29.9, 30, 0],
    [30, 30, 1],
    [1770000000, 30, 59000000],
  ])('epochAt(%d, %d) = %d', (t, period, epoch) => {
    expect(epochAt(t, period)).toBe(epoch);
  });

  test('epochAt refuses a period of 0', () => {
    expect(() => epochAt(1, 0)).toThrow('period: 0 must be > 0 seconds');
  });
});
