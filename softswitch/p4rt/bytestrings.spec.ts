import { toCanonical, toCanonicalSigned, toFullWidth, toFullWidthSigned } from './bytestrings';
import { Code } from './status';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('toFullWidth (received bytestrings, spec §8.4)', () => {
  it.each([
    ['canonical', b(0x63), 8, b(0x63)],
    ['shorter than full width', b(0x63), 16, b(0x00, 0x63)],
    ['zero-padded beyond full width', b(0, 0, 0x63), 12, b(0x00, 0x63)],
    ['9-bit maximum', b(0x01, 0xff), 9, b(0x01, 0xff)],
    ['zero', b(0), 32, b(0, 0, 0, 0)],
  ])('accepts %s', (_name, input, bits, expected) => {
    expect(toFullWidth(input, bits, 'x')).toEqual(expected);
  });

  it.each([
    ['empty', b(), 8],
    ['wider than bit<8>', b(0x01, 0x63), 8],
    ['wider than bit<12>', b(0x10, 0x63), 12],
    ['wider than bit<9> by one bit', b(0x02, 0x00), 9],
  ])('refuses %s with INVALID_ARGUMENT naming the field', (_name, input, bits) => {
    expect(() => toFullWidth(input, bits, "param 'port'")).toThrow(
      expect.objectContaining({
        code: Code.INVALID_ARGUMENT,
        message: expect.stringContaining("param 'port'"),
      }),
    );
  });

  it('returns a copy the caller may keep', () => {
    const input = b(1, 2);
    const out = toFullWidth(input, 16, 'x');
    input[0] = 9;
    expect(out).toEqual(b(1, 2));
  });
});

describe('toCanonical', () => {
  it.each([
    [b(0, 0, 5), b(5)],
    [b(0, 0), b(0)],
    [b(1, 0), b(1, 0)],
  ])('%p -> %p', (input, expected) => expect(toCanonical(input)).toEqual(expected));
});

describe('signed bytestrings (int<W>)', () => {
  it.each([
    ['99 in int<8>', b(0x63), 8, b(0x63), b(0x63)],
    ['-99 in int<8>', b(0x9d), 8, b(0x9d), b(0x9d)],
    ['-99 sign-extended', b(0xff, 0x9d), 8, b(0x9d), b(0x9d)],
    ['-739 in int<12>', b(0xfd, 0x1d), 12, b(0x0d, 0x1d), b(0xfd, 0x1d)],
    ['0 in int<16>', b(0, 0), 16, b(0, 0), b(0)],
  ])('%s', (_name, input, bits, stored, canonical) => {
    const full = toFullWidthSigned(input, bits, 'x');
    expect(full).toEqual(stored);
    expect(toCanonicalSigned(full, bits)).toEqual(canonical);
  });

  it.each([
    ['0x009d is +157, too big for int<8>', b(0x00, 0x9d), 8],
    ['0x8d1d does not fit int<12>', b(0x8d, 0x1d), 12],
    ['empty', b(), 16],
  ])('refuses %s', (_name, input, bits) => {
    expect(() => toFullWidthSigned(input, bits, 'x')).toThrow(
      expect.objectContaining({ code: Code.INVALID_ARGUMENT }),
    );
  });
});
