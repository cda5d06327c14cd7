import {
  P4ValueError,
  bitLength,
  byteWidth,
  canonical,
  compareValues,
  decodeBigInt,
  decodeNumber,
  encodeValue,
  formatHex,
  fullWidth,
  isCanonical,
  maxValue,
  toCanonical,
} from './index';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectError(fn: () => unknown, message: string | RegExp, code?: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(P4ValueError);
  expect((err as Error).message).toMatch(message);
  if (code) expect((err as P4ValueError).code).toBe(code);
}

const WIDTHS = [1, 7, 8, 9, 12, 32, 48, 64, 100, 128];

describe('byteWidth / bitLength / maxValue', () => {
  it.each([
    [1, 1],
    [7, 1],
    [8, 1],
    [9, 2],
    [12, 2],
    [32, 4],
    [48, 6],
    [64, 8],
    [100, 13],
    [128, 16],
  ])('%i bits take %i bytes', (w, b) => expect(byteWidth(w)).toBe(b));

  it.each([
    ['00', 0],
    ['0000', 0],
    ['01', 1],
    ['7f', 7],
    ['80', 8],
    ['0100', 9],
    ['000fff', 12],
    ['ffffffff', 32],
  ])('bitLength(%s) = %i', (h, n) => expect(bitLength(hex(h))).toBe(n));

  it.each([
    [1, '01'],
    [7, '7f'],
    [8, 'ff'],
    [9, '01ff'],
    [12, '0fff'],
    [100, '0f' + 'ff'.repeat(12)],
  ])('maxValue(%i) = %s', (w, h) => expect(toHex(maxValue(w))).toBe(h));
});

describe('canonical form (spec: shortest string, zero is one byte)', () => {
  it.each([
    ['00', '00', true],
    ['0000', '00', false],
    ['63', '63', true],
    ['0063', '63', false],
    ['000100', '0100', false],
    ['ff00', 'ff00', true],
  ])('%s -> %s (canonical already: %s)', (input, out, already) => {
    expect(toHex(canonical(hex(input)))).toBe(out);
    expect(isCanonical(hex(input))).toBe(already);
  });

  it('refuses the empty string, which has no value', () => {
    expect(isCanonical(new Uint8Array())).toBe(false);
    expectError(() => canonical(new Uint8Array()), 'empty bytestring', 'OUT_OF_RANGE');
  });
});

describe('toCanonical: what a server accepts (spec table of valid encodings)', () => {
  it.each([
    [8, '63', '63'],
    [16, '0063', '63'],
    [16, '63', '63'],
    [16, '3064', '3064'],
    [16, '003064', '3064'],
    [12, '0063', '63'],
    [12, '63', '63'],
    [12, '000063', '63'],
    [16, '0000', '00'],
    [128, '00'.repeat(20) + '01', '01'],
  ])('bit<%i> accepts %s as %s', (w, input, out) => {
    expect(toHex(toCanonical(hex(input), w))).toBe(out);
  });

  it.each([
    [8, '0163'],
    [16, '010063'],
    [12, '1063'],
    [12, '010063'],
    [12, '004063'],
    [1, '02'],
    [7, '80'],
  ])('bit<%i> refuses %s with OUT_OF_RANGE (spec table of invalid encodings)', (w, input) => {
    expectError(() => toCanonical(hex(input), w), `does not fit in ${w} bits`, 'OUT_OF_RANGE');
  });

  it('refuses the empty string', () => {
    expectError(
      () => toCanonical(new Uint8Array(), 8),
      'empty bytestring for 8 bits: expected at least one byte',
      'OUT_OF_RANGE',
    );
  });

  it('strict mode refuses padding, naming the canonical form', () => {
    expect(toHex(toCanonical(hex('63'), 16, { strict: true }))).toBe('63');
    expectError(
      () => toCanonical(hex('0063'), 16, { strict: true }),
      'value 0x0063 is not canonical for 16 bits: expected 0x63',
    );
  });

  it('refuses bad bitwidths', () => {
    expectError(() => toCanonical(hex('00'), 0), 'bitwidth 0 is invalid');
    expectError(() => encodeValue(1, 1.5), 'bitwidth 1.5 is invalid');
  });
});

describe('fullWidth', () => {
  it.each([
    [1, '00', '00'],
    [9, '05', '0005'],
    [12, '0000000fff', '0fff'],
    [32, '0a000001', '0a000001'],
    [48, '01', '000000000001'],
  ])('bit<%i>: %s -> %s', (w, input, out) => expect(toHex(fullWidth(hex(input), w))).toBe(out));

  it('refuses a value too wide', () => {
    expectError(() => fullWidth(hex('0200'), 9), 'value 0x0200 does not fit in 9 bits');
  });
});

describe('encodeValue: integers at every edge width', () => {
  it.each(WIDTHS)('bit<%i>: zero, one, max and max+1', (w) => {
    const max = (1n << BigInt(w)) - 1n;
    expect(toHex(encodeValue(0n, w))).toBe('00');
    expect(toHex(encodeValue(0, w))).toBe('00');
    expect(toHex(encodeValue(1, w))).toBe('01');
    expect(encodeValue(max, w)).toEqual(maxValue(w));
    if (w <= 53) expect(encodeValue(Number(max), w)).toEqual(maxValue(w));
    expect(decodeBigInt(encodeValue(max, w))).toBe(max);
    expectError(
      () => encodeValue(max + 1n, w),
      `value 0x${(max + 1n).toString(16)} does not fit in ${w} bits`,
      'OUT_OF_RANGE',
    );
    if (w < 53) expectError(() => encodeValue(Number(max) + 1, w), `does not fit in ${w} bits`);
  });

  it('names value, width and expectation in the message', () => {
    expectError(() => encodeValue(0x1ff, 8), /^value 0x1ff does not fit in 8 bits$/);
    expectError(() => encodeValue('0x1ff', 8), /^value 0x1ff does not fit in 8 bits$/);
    expectError(() => encodeValue(hex('01ff'), 8), /^value 0x01ff does not fit in 8 bits$/);
  });

  it('refuses negative, fractional and unsafe numbers', () => {
    expectError(() => encodeValue(-1, 8), 'value -1 for 8 bits is not a non-negative safe integer');
    expectError(() => encodeValue(1.5, 8), 'not a non-negative safe integer');
    expectError(() => encodeValue(2 ** 53, 64), 'use a bigint');
    expectError(() => encodeValue(-5n, 8), 'value -0x5 for 8 bits is negative');
  });

  it.each([
    ['0x0', 8, '00'],
    ['0x00ff', 8, 'ff'],
    ['0X1Ab', 12, '01ab'],
    ['0xfff', 12, '0fff'],
    ['255', 8, 'ff'],
    ['0', 1, '00'],
    ['340282366920938463463374607431768211455', 128, 'ff'.repeat(16)],
  ])('string %s for bit<%i> -> %s', (s, w, out) => expect(toHex(encodeValue(s, w))).toBe(out));

  it.each([
    ['0x', 8, "value '0x' for 8 bits is not valid hex"],
    ['0xfg', 8, "value '0xfg' for 8 bits is not valid hex"],
    ['hello', 8, "value 'hello' for 8 bits is not a number, 0x hex, IPv4, IPv6 or MAC"],
    ['256', 8, 'value 0x100 does not fit in 8 bits'],
    ['-1', 8, "value '-1' for 8 bits is not a number"],
  ])('string %s for bit<%i> is refused', (s, w, msg) => expectError(() => encodeValue(s, w), msg));

  it('accepts bytes, canonicalising padding and refusing overflow', () => {
    expect(toHex(encodeValue(hex('000a'), 8))).toBe('0a');
    expect(toHex(encodeValue(Buffer.from([0, 0, 1]), 9))).toBe('01');
    expectError(() => encodeValue(hex('0100'), 8), 'does not fit in 8 bits');
  });

  it('pads to full width on request', () => {
    expect(toHex(encodeValue(5, 12, { pad: true }))).toBe('0005');
    expect(toHex(encodeValue('10.0.0.1', 32, { pad: true }))).toBe('0a000001');
  });

  it('round-trips random values at every width (number, bigint, hex and bytes agree)', () => {
    const rand = rng(42);
    for (const w of WIDTHS) {
      for (let i = 0; i < 60; i++) {
        let v = 0n;
        for (let b = 0; b < w; b += 16) v = (v << 16n) | BigInt(Math.floor(rand() * 65536));
        v &= (1n << BigInt(w)) - 1n;
        v >>= BigInt(Math.floor(rand() * w)); // also short values
        const bytes = encodeValue(v, w);
        expect(isCanonical(bytes)).toBe(true);
        expect(decodeBigInt(bytes)).toBe(v);
        expect(encodeValue('0x' + v.toString(16), w)).toEqual(bytes);
        expect(encodeValue(v.toString(), w)).toEqual(bytes);
        expect(encodeValue(fullWidth(bytes, w), w)).toEqual(bytes);
        if (v <= BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(encodeValue(Number(v), w)).toEqual(bytes);
          expect(decodeNumber(bytes)).toBe(Number(v));
        }
        expect(formatHex(bytes)).toBe('0x' + v.toString(16));
      }
    }
  });
});

describe("encodeValue: integers around the encoder's internal boundaries", () => {
  /** Reference: the value's hex digits, an even number of them. */
  const reference = (v: bigint) => {
    const h = v.toString(16);
    return h.length % 2 ? '0' + h : h;
  };
  const edges = [32, 48, 53, 64, 128, 511, 512, 513, 1000].flatMap((b) => {
    const p = 1n << BigInt(b);
    return [p - 1n, p, p + 1n];
  });

  it.each(edges.map((v) => [v]))('%s as bigint, number and string agree', (v) => {
    const w = Math.max(1, v.toString(2).length);
    const bytes = encodeValue(v, w);
    expect(toHex(bytes)).toBe(reference(v));
    expect(toHex(encodeValue(v.toString(), w))).toBe(reference(v));
    if (v <= BigInt(Number.MAX_SAFE_INTEGER))
      expect(toHex(encodeValue(Number(v), w))).toBe(reference(v));
    expectError(() => encodeValue(v, w - 1), `does not fit in ${w - 1} bits`, 'OUT_OF_RANGE');
  });

  it('returns a fresh array for every value (no shared scratch leaks out)', () => {
    const a = encodeValue(1n << 100n, 128);
    const b = encodeValue(3n << 100n, 128);
    expect(toHex(a)).toBe('10' + '00'.repeat(12));
    expect(toHex(b)).toBe('30' + '00'.repeat(12));
  });
});

describe('decoders', () => {
  it.each([
    ['00', 0],
    ['0000', 0],
    ['01ff', 511],
    ['1fffffffffffff', Number.MAX_SAFE_INTEGER],
  ])('decodeNumber(%s) = %i', (h, n) => expect(decodeNumber(hex(h))).toBe(n));

  it('decodeNumber refuses values past 2^53-1 and points to decodeBigInt', () => {
    expectError(() => decodeNumber(hex('20000000000000')), 'exceeds 2^53-1: use decodeBigInt');
    expect(decodeBigInt(hex('0020000000000000'))).toBe(2n ** 53n);
  });

  it('decoders refuse the empty string', () => {
    expectError(() => decodeNumber(new Uint8Array()), 'empty bytestring');
    expectError(() => decodeBigInt(new Uint8Array()), 'empty bytestring');
  });

  it.each([
    ['00', '0x0'],
    ['0000', '0x0'],
    ['01ff', '0x1ff'],
    ['0a000001', '0xa000001'],
  ])('formatHex(%s) = %s', (h, s) => expect(formatHex(hex(h))).toBe(s));

  it.each([
    ['00', '0000', 0],
    ['01', '0002', -1],
    ['0100', 'ff', 1],
    ['00ff', 'ff', 0],
  ])('compareValues(%s, %s) = %i', (a, b, r) => expect(compareValues(hex(a), hex(b))).toBe(r));
});
