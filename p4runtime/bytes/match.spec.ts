import {
  P4ValueError,
  applyMask,
  checkExact,
  checkLpm,
  checkOptional,
  checkRange,
  checkTernary,
  exactMatch,
  lpmMatch,
  maskPrefix,
  optionalMatch,
  parsePrefix,
  rangeMatch,
  ternaryMatch,
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

describe('exact and optional', () => {
  it('encode canonical values and refuse what does not fit', () => {
    expect(toHex(exactMatch(0x0800, 16).value)).toBe('0800');
    expect(toHex(optionalMatch(0, 9).value)).toBe('00');
    expect(errorOf(() => exactMatch(512, 9)).message).toBe('value 0x200 does not fit in 9 bits');
    expect(errorOf(() => optionalMatch(2, 1)).message).toBe('value 0x2 does not fit in 1 bits');
  });

  it('server side: accepts padding, refuses overflow and empty values', () => {
    expect(toHex(checkExact(hex('000800'), 16).value)).toBe('0800');
    expect(toHex(checkOptional(hex('01'), 1).value)).toBe('01');
    expect(errorOf(() => checkExact(new Uint8Array(), 8)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => checkOptional(hex('02'), 1)).code).toBe('OUT_OF_RANGE');
    expect(errorOf(() => checkExact(hex('0001'), 8, { strict: true })).message).toBe(
      'value 0x0001 is not canonical for 8 bits: expected 0x01',
    );
  });
});

describe('LPM', () => {
  it.each([
    ['10.0.0.0', 8, 32, '0a000000'],
    ['10.1.0.0', 16, 32, '0a010000'],
    ['10.1.2.3', 32, 32, '0a010203'],
    ['2001:db8::', 32, 128, '20010db8' + '00'.repeat(12)],
    [0x800, 4, 12, '0800'],
    [0x1, 12, 12, '01'],
    [1, 1, 1, '01'],
    [0x80, 1, 8, '80'],
    [0x100, 1, 9, '0100'],
    [0n, 100, 100, '00'],
  ])('%s/%i in %i bits', (value, len, w, h) => {
    expect(lpmMatch(value, len, w)).toEqual({ value: hex(h), prefixLen: len });
  });

  it('is undefined for prefix length 0 (the field must be omitted)', () => {
    expect(lpmMatch(0, 0, 32)).toBeUndefined();
    expect(lpmMatch('10.0.0.0', 0, 32, { maskHostBits: true })).toBeUndefined();
  });

  it.each([
    [
      '10.1.0.0',
      8,
      32,
      'value 0x0a010000 has bits set past the /8 prefix of 32 bits: expected 0x0a000000',
    ],
    [0x801, 4, 12, 'value 0x0801 has bits set past the /4 prefix of 12 bits: expected 0x0800'],
    [1, 0, 8, 'value 0x01 has bits set past the /0 prefix of 8 bits: expected 0x00'],
  ])('refuses %s/%i in %i bits with host bits set', (value, len, w, msg) => {
    expect(errorOf(() => lpmMatch(value, len, w)).message).toBe(msg);
  });

  it('masks host bits on request', () => {
    expect(lpmMatch('10.1.2.3', 8, 32, { maskHostBits: true })).toEqual({
      value: hex('0a000000'),
      prefixLen: 8,
    });
    expect(toHex(maskPrefix(hex('0fff'), 3, 12))).toBe('0e00');
    expect(toHex(maskPrefix(hex('0fff'), 0, 12))).toBe('00');
    expect(toHex(maskPrefix(hex('00000fff'), 12, 12))).toBe('0fff');
  });

  it.each([
    [-1, 32],
    [33, 32],
    [1.5, 32],
    [2, 1],
  ])('refuses prefix length %s for %i bits', (len, w) => {
    expect(errorOf(() => lpmMatch(0, len, w)).message).toBe(
      `prefix length ${len} is out of range for ${w} bits: expected 0..${w}`,
    );
  });

  it('matches a bigint reference for every value and prefix of small widths', () => {
    const wrong: string[] = [];
    for (const w of [1, 7, 8, 9, 12]) {
      for (let v = 0; v < 1 << w; v++) {
        for (let len = 0; len <= w; len++) {
          const masked = BigInt(v) & (((1n << BigInt(len)) - 1n) << BigInt(w - len));
          const want = len === 0 ? 'none' : masked.toString(16);
          const m = lpmMatch(v, len, w, { maskHostBits: true });
          const got = m ? BigInt('0x' + toHex(m.value)).toString(16) : 'none';
          let strict = 'ok';
          try {
            lpmMatch(v, len, w);
          } catch {
            strict = 'refused';
          }
          if (got !== want || (strict === 'refused') !== (masked !== BigInt(v))) {
            wrong.push(`${v}/${len} in ${w} bits: ${got} (${strict})`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['10.0.0.0/8', undefined, '0a000000', 8],
    ['0.0.0.0/0', undefined, '00', 0],
    ['2001:db8::/32', undefined, '20010db8' + '00'.repeat(12), 32],
    ['::1/128', undefined, '01', 128],
    ['0x0a00/8', 16, '0a00', 8],
  ])('parsePrefix(%s)', (text, w, h, len) => {
    expect(parsePrefix(text, w)).toEqual({ value: hex(h), prefixLen: len });
  });

  it.each([
    ['10.0.0.0', "prefix '10.0.0.0' is invalid: expected address/length"],
    ['10.0.0.0/', "prefix '10.0.0.0/' is invalid: expected address/length"],
    ['10.0.0.0/x', "prefix '10.0.0.0/x' is invalid: expected address/length"],
    ['10.0.0.0/33', 'prefix length 33 is out of range for 32 bits: expected 0..32'],
    ['10.1.0.0/8', 'value 0x0a010000 has bits set past the /8 prefix of 32 bits'],
    ['0x0a/8', "prefix '0x0a/8' needs a bitwidth"],
    ['2001:db8::/32/1', "value '2001:db8::/32' is not an IPv6 address"],
  ])('parsePrefix refuses %s', (text, msg) => {
    expect(errorOf(() => parsePrefix(text)).message).toMatch(msg);
  });

  it('server side: refuses prefix 0 and host bits, canonicalises padding', () => {
    expect(checkLpm({ value: hex('000a000000'), prefixLen: 8 }, 32)).toEqual({
      value: hex('0a000000'),
      prefixLen: 8,
    });
    expect(errorOf(() => checkLpm({ value: hex('00'), prefixLen: 0 }, 32)).message).toBe(
      "LPM prefix length 0 of 32 bits is a don't-care match: omit the field instead",
    );
    const e = errorOf(() => checkLpm({ value: hex('0a010000'), prefixLen: 8 }, 32));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(errorOf(() => checkLpm({ value: hex('01ffffffff'), prefixLen: 8 }, 32)).code).toBe(
      'OUT_OF_RANGE',
    );
    expect(() => checkLpm({ value: hex('000a'), prefixLen: 4 }, 12, { strict: true })).toThrow(
      'not canonical',
    );
  });
});

describe('ternary', () => {
  it.each([
    [0x0800, 0xffff, 16, '0800', 'ffff'],
    [0x0a, 0x0f, 8, '0a', '0f'],
    [0, 1, 1, '00', '01'],
    ['10.0.0.0', '255.0.0.0', 32, '0a000000', 'ff000000'],
    [0x100, 0x100, 9, '0100', '0100'],
  ])('%s &&& %s in %i bits', (value, mask, w, v, m) => {
    expect(ternaryMatch(value, mask, w)).toEqual({ value: hex(v), mask: hex(m) });
  });

  it('refuses value bits outside the mask, or masks them on request', () => {
    expect(errorOf(() => ternaryMatch(0x1f, 0x0f, 8)).message).toBe(
      'value 0x1f has bits outside mask 0x0f (8 bits): expected 0x0f',
    );
    expect(ternaryMatch(0x1f, 0x0f, 8, { maskValue: true })).toEqual({
      value: hex('0f'),
      mask: hex('0f'),
    });
    expect(ternaryMatch(0x1234, 0xff, 16, { maskValue: true })?.value).toEqual(hex('34'));
  });

  it('is undefined for an all-zero mask (the field must be omitted)', () => {
    expect(ternaryMatch(0, 0, 32)).toBeUndefined();
    expect(ternaryMatch(5, 0, 32, { maskValue: true })).toBeUndefined();
    expect(() => ternaryMatch(5, 0, 32)).toThrow('has bits outside mask 0x00');
  });

  it('applyMask aligns at the least significant byte', () => {
    expect(toHex(applyMask(hex('ff0f'), hex('0f')))).toBe('0f');
    expect(toHex(applyMask(hex('0f'), hex('ffff')))).toBe('0f');
    expect(toHex(applyMask(hex('f0'), hex('0f')))).toBe('00');
  });

  it('server side: refuses zero masks and value bits outside the mask', () => {
    expect(checkTernary({ value: hex('000a'), mask: hex('0f') }, 8)).toEqual({
      value: hex('0a'),
      mask: hex('0f'),
    });
    expect(errorOf(() => checkTernary({ value: hex('00'), mask: hex('0000') }, 8)).message).toBe(
      "ternary mask 0x0 of 8 bits is a don't-care match: omit the field instead",
    );
    expect(errorOf(() => checkTernary({ value: hex('0100'), mask: hex('ff') }, 9)).message).toBe(
      'value 0x0100 has bits outside mask 0xff (9 bits)',
    );
    expect(errorOf(() => checkTernary({ value: hex('01'), mask: hex('0200') }, 9)).code).toBe(
      'OUT_OF_RANGE',
    );
  });
});

describe('range', () => {
  it.each([
    [0, 0, 8, '00', '00'],
    [1, 0xff, 8, '01', 'ff'],
    [0, 0xfe, 8, '00', 'fe'],
    [1024, 2048, 16, '0400', '0800'],
    [0n, (1n << 100n) - 2n, 100, '00', '0f' + 'ff'.repeat(11) + 'fe'],
    [1, 1, 1, '01', '01'],
  ])('%s..%s in %i bits', (low, high, w, l, h) => {
    expect(rangeMatch(low, high, w)).toEqual({ low: hex(l), high: hex(h) });
  });

  it('is undefined for the full range (the field must be omitted)', () => {
    expect(rangeMatch(0, 1, 1)).toBeUndefined();
    expect(rangeMatch(0, 0xfff, 12)).toBeUndefined();
    expect(rangeMatch(0n, (1n << 128n) - 1n, 128)).toBeUndefined();
  });

  it('refuses low above high and bounds that do not fit', () => {
    expect(errorOf(() => rangeMatch(5, 4, 8)).message).toBe(
      'range low 0x05 is above high 0x04 (8 bits)',
    );
    expect(errorOf(() => rangeMatch(0, 0x1000, 12)).message).toBe(
      'value 0x1000 does not fit in 12 bits',
    );
  });

  it('server side: canonicalises, refuses the full range and inverted bounds', () => {
    expect(checkRange({ low: hex('0001'), high: hex('00ff') }, 16)).toEqual({
      low: hex('01'),
      high: hex('ff'),
    });
    expect(errorOf(() => checkRange({ low: hex('00'), high: hex('ffff') }, 16)).message).toBe(
      'range covers all 16-bit values: omit the field instead',
    );
    expect(() => checkRange({ low: hex('02'), high: hex('0001') }, 16)).toThrow('is above high');
  });
});
