/**
 * The client's SSA computations against the reference values of test/fixtures/wire-vectors.json
 * (wire §2), and against the rule they must satisfy for random sources.
 */
import fc from 'fast-check';
import vectors from '../test/fixtures/wire-vectors.json';
import { formatAddress, parseAddress, parsePrefix } from './address';
import { parseAplItem } from './apl';
import { crc32 } from './crc32';
import {
  computeDestination,
  contentAddress,
  identityAddress,
  ruleHashInput,
  sliceIndex,
  sourceBoundHashSlice,
  timeHopSlice,
} from './ssa';

const A = (t: string) => parseAddress(t);
const P = (t: string) => parsePrefix(t);

describe('wire §2 computations against the wire vectors', () => {
  it('CRC-32/ISO-HDLC check value', () => {
    expect(crc32(Buffer.from(vectors.crc32.input_ascii))).toBe(Number(vectors.crc32.value));
  });

  it.each(vectors.slice_index)('slice index of $address in $range/$slice_bits', (v) => {
    expect(sliceIndex(A(v.address), P(v.range), v.slice_bits)).toBe(v.slice);
  });

  it.each(vectors.source_bound_hash)('source-bound-hash slice of $src', (v) => {
    const key = parseInt(v.key, 16);
    expect(ruleHashInput(A(v.src), key).toString('hex')).toBe(v.crc_input_hex);
    expect(sourceBoundHashSlice(A(v.src), key, v.slice_bits)).toBe(v.slice);
    const dst = v['conforming_dst_in_2001:db8:5::/64'];
    expect(sliceIndex(A(dst), P('2001:db8:5::/64'), v.slice_bits)).toBe(v.slice);
  });

  it.each(vectors.time_hop)('time-hop slice of $src in epoch $epoch', (v) => {
    const key = parseInt(v.key, 16);
    expect(ruleHashInput(A(v.src), key, v.epoch).toString('hex')).toBe(v.crc_input_hex);
    expect(timeHopSlice(A(v.src), key, v.epoch, v.slice_bits)).toBe(v.slice);
  });

  it.each(vectors.source_bound_identity)('identity address of $src', (v) => {
    expect(formatAddress(identityAddress(P(v.range), A(v.src)))).toBe(v.conforming_dst);
  });

  it.each(vectors.content)('content address of $object with replicas 1 and 2', (v) => {
    const p = P(v.range);
    expect(formatAddress(contentAddress(p, v.object))).toBe(v.address);
    expect(sliceIndex(A(v.address), p, 14)).toBe(v.slice_at_14_bits);
    expect([1, 2].map((r) => formatAddress(contentAddress(p, v.object, r)))).toEqual(
      v.replicas_1_2,
    );
  });
});

describe('computeDestination', () => {
  const items = [parseAplItem('2:2001:db8:5::/64')];
  const zero = () => 0n;

  it('source-bound-hash: the vector source lands in its slice (wire §2)', () => {
    const v = vectors.source_bound_hash[0];
    const d = computeDestination({
      items,
      rule: { kind: 'source-bound-hash', sliceBits: v.slice_bits, key: parseInt(v.key, 16) },
      src: v.src,
      random: () => 0x1234n,
    });
    expect(d.address).toBe(v['conforming_dst_in_2001:db8:5::/64']);
    expect(d.slice).toBe(v.slice);
  });

  it('time-hop: uses the clock, and the previous epoch within the skew after a boundary', () => {
    const v = vectors.time_hop[1];
    const rule = {
      kind: 'time-hop' as const,
      sliceBits: v.slice_bits,
      key: parseInt(v.key, 16),
      period: 30,
    };
    const mid = (v.epoch * 30 + 15) * 1000;
    const d = computeDestination({ items, rule, src: v.src, nowMs: mid, random: zero });
    expect([d.epoch, d.slice, d.validUntilMs]).toEqual([v.epoch, v.slice, (v.epoch + 2) * 30_000]);
    const justAfter = (v.epoch + 1) * 30_000 + 500; // the switch may still be in epoch v.epoch
    expect(computeDestination({ items, rule, src: v.src, nowMs: justAfter }).epoch).toBe(v.epoch);
  });

  it('source-bound-identity and content give the vector addresses', () => {
    const id = vectors.source_bound_identity[1];
    const d = computeDestination({
      items,
      rule: { kind: 'source-bound-identity', sliceBits: 0 },
      src: id.src,
      random: zero,
    });
    expect(d.address).toBe(id.conforming_dst);
    const c = vectors.content[0];
    const got = computeDestination({
      items: [parseAplItem(`2:${c.range}`)],
      rule: { kind: 'content', sliceBits: 14 },
      objectKey: c.object,
      replicas: 2,
    });
    expect([got.address, got.slice, got.replicas]).toEqual([
      c.address,
      c.slice_at_14_bits,
      c.replicas_1_2,
    ]);
  });

  it('any: random addresses stay in the ranges and out of negated items', () => {
    const withHole = [parseAplItem('2:2001:db8:5::/64'), parseAplItem('!2:2001:db8:5:0:8000::/65')];
    const hole = P('2001:db8:5:0:8000::/65');
    for (let i = 0; i < 200; i++) {
      const a = A(
        computeDestination({ items: withHole, rule: { kind: 'any', sliceBits: 0 } }).address,
      );
      expect(a.bits >> 64n).toBe(P('2001:db8:5::/64').bits >> 64n);
      expect(a.bits >> 63n).not.toBe(hole.bits >> 63n);
    }
  });

  it('an IPv4 source picks an IPv4 range for the any rule', () => {
    const mixed = [parseAplItem('2:2001:db8::/32'), parseAplItem('1:192.0.2.0/24')];
    const d = computeDestination({
      items: mixed,
      rule: { kind: 'any', sliceBits: 0 },
      src: '198.51.100.7',
    });
    expect(d.address).toMatch(/^192\.0\.2\.\d+$/);
  });

  it('refuses what cannot be computed, saying why', () => {
    const rule = { kind: 'source-bound-hash' as const, sliceBits: 8, key: 1 };
    expect(() => computeDestination({ items, rule })).toThrow(/needs the client's source/);
    expect(() => computeDestination({ items: [], rule, src: '2001:db8::1' })).toThrow(
      /no usable IPv6 range/,
    );
    expect(() => computeDestination({ items, rule: { kind: 'content', sliceBits: 0 } })).toThrow(
      /object key/,
    );
  });

  it('property: source-bound-hash destinations are in the demanded slice for any source', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 20 }),
        (srcBits, key, bits) => {
          const src = { family: 6 as const, bits: srcBits };
          const d = computeDestination({
            items,
            rule: { kind: 'source-bound-hash', sliceBits: bits, key },
            src,
          });
          expect(sliceIndex(A(d.address), P('2001:db8:5::/64'), bits)).toBe(
            sourceBoundHashSlice(src, key, bits),
          );
        },
      ),
    );
  });
});
