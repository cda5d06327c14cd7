import {
  bigIntToBytes,
  byteWidth,
  bytesToBigInt,
  commonPrefixBits,
  compareBytes,
  fullWidthProblem,
  hashBytes,
  hashMaskedBytes,
  maskPrefixLen,
  prefixMask,
  toHex,
} from './key';
import { Rng } from './reference';

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('byteWidth', () => {
  it.each([
    [1, 1],
    [8, 1],
    [9, 2],
    [32, 4],
    [48, 6],
    [128, 16],
  ])('%i bits need %i bytes', (bits, bytes) => expect(byteWidth(bits)).toBe(bytes));
});

describe('fullWidthProblem', () => {
  it.each([
    [b(0x01, 0xff), 9, undefined],
    [b(0x02, 0x00), 9, 'value 0x0200 exceeds 9 bits'],
    [b(0xff), 8, undefined],
    [b(0, 0), 8, 'expected 1 byte(s) for 8 bit(s), got 2'],
    [b(), 1, 'expected 1 byte(s) for 1 bit(s), got 0'],
    [b(0x01), 1, undefined],
    [b(0x02), 1, 'value 0x02 exceeds 1 bits'],
  ])('%p as %i bits -> %p', (v, bits, problem) => expect(fullWidthProblem(v, bits)).toBe(problem));

  it('refuses non-bytes', () => expect(fullWidthProblem([1], 8)).toBe('expected a Uint8Array'));
});

describe('prefixMask / maskPrefixLen', () => {
  it.each([
    [32, 0, '00000000'],
    [32, 1, '80000000'],
    [32, 24, 'ffffff00'],
    [32, 32, 'ffffffff'],
    [12, 4, '0f00'],
    [12, 12, '0fff'],
    [9, 1, '0100'],
    [9, 2, '0180'],
  ])('%i-bit field, /%i -> %s', (bits, len, hex) => {
    const m = prefixMask(bits, len);
    expect(toHex(m)).toBe(hex);
    expect(maskPrefixLen(m, bits)).toBe(len);
  });

  it('says -1 for a mask that is not a prefix', () =>
    expect(maskPrefixLen(b(0xf0, 0x0f), 16)).toBe(-1));
});

describe('byte comparisons', () => {
  it.each([
    [b(1, 2), b(1, 2), 16, 16, 0],
    [b(0x80), b(0x00), 8, 0, 1],
    [b(0xff, 0x00), b(0xff, 0x80), 16, 8, -1],
    [b(0xf0), b(0xf8), 3, 3, -1],
  ])('%p vs %p (first %i bits): common %i, order %i', (x, y, nbits, common, order) => {
    expect(commonPrefixBits(x, 0, y, 0, nbits)).toBe(common);
    expect(compareBytes(x, 0, y, 0, x.length)).toBe(order);
  });
});

describe('hashing', () => {
  it('hashMaskedBytes equals hashBytes of the masked bytes, for all lengths', () => {
    const rng = new Rng(7);
    for (let len = 0; len < 40; len++) {
      const v = rng.bytes(len + 3);
      const m = rng.bytes(len + 1);
      const masked = new Uint8Array(len);
      for (let i = 0; i < len; i++) masked[i] = v[i + 3] & m[i + 1];
      expect(hashMaskedBytes(v, 3, m, 1, len)).toBe(hashBytes(masked, 0, len));
    }
  });

  it('spreads sequential keys over the low bits', () => {
    const buckets = new Set<number>();
    for (let i = 0; i < 1024; i++)
      buckets.add(hashBytes(bigIntToBytes(BigInt(i), 32), 0, 4) & 1023);
    expect(buckets.size).toBeGreaterThan(600);
  });
});

describe('bigint conversions', () => {
  it('round-trips', () => {
    expect(toHex(bigIntToBytes(0x1ffn, 9))).toBe('01ff');
    expect(bytesToBigInt(b(1, 0xff))).toBe(0x1ffn);
  });
  it('refuses values that do not fit', () =>
    expect(() => bigIntToBytes(0x200n, 9)).toThrow(RangeError));
});
