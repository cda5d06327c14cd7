/**
 * ValueArena.put must give exactly encodeValue's bytes, and -1 exactly where encodeValue throws
 * (or for kinds of value it leaves to the general path), for every width and value form.
 */
import { encodeValue } from '../bytes';
import { ValueArena } from './value-arena';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** encodeValue's answer, or 'throws'. */
function expected(v: unknown, w: number): string {
  try {
    return hex(encodeValue(v as never, w));
  } catch {
    return 'throws';
  }
}

/** The arena's answer, or 'throws' for -1. */
function put(arena: ValueArena, v: unknown, w: number): string {
  const at = arena.put(v, w);
  return at < 0 ? 'throws' : hex(arena.bytes.subarray(at, arena.pos));
}

const WIDTHS = [1, 7, 8, 9, 16, 31, 32, 33, 48, 52, 53, 54, 63, 64, 65, 127, 128, 129, 512, 600];

/** Values around every width's edges, in every form. */
function values(w: number): unknown[] {
  const edge = 1n << BigInt(w);
  const around = [0n, 1n, edge - 1n, edge, edge + 1n, edge >> 1n, (edge >> 1n) - 1n];
  return [
    ...around,
    ...around.map((v) => Number(v)),
    ...around.map((v) => `0x${v.toString(16)}`),
    ...around.map((v) => v.toString()),
    ...around.map((v) => Buffer.from(v.toString(16).padStart(2 * Math.ceil(w / 8), '0'), 'hex')),
    -1,
    -1n,
    1.5,
    NaN,
    Infinity,
    2 ** 53 - 1,
    2 ** 53,
    2n ** 53n - 1n,
    2n ** 64n - 1n,
    2n ** 64n,
    2n ** 128n - 1n,
    2n ** 128n,
    2n ** 512n - 1n,
    2n ** 512n,
    2n ** 700n + 3n,
    '10.0.0.1',
    '2001:db8::1',
    '00:11:22:33:44:55',
    '',
    'nope',
    new Uint8Array(0),
    Uint8Array.of(0, 0, 0),
  ];
}

describe('ValueArena.put', () => {
  it.each(WIDTHS)('gives encodeValue bytes, or -1 where it throws (%i bits)', (w) => {
    const arena = new ValueArena();
    for (const v of values(w)) expect([v, put(arena, v, w)]).toEqual([v, expected(v, w)]);
  });

  it('refuses a bitwidth encodeValue refuses', () => {
    const arena = new ValueArena();
    for (const w of [0, -1, 1.5, NaN]) expect(arena.put(1, w)).toBe(-1);
  });

  it('leaves other kinds of value to the general path', () => {
    const arena = new ValueArena();
    for (const v of [null, undefined, true, {}, [], Symbol('x')]) expect(arena.put(v, 8)).toBe(-1);
  });

  it('keeps earlier values while it grows', () => {
    const arena = new ValueArena();
    const spans: [number, number, bigint][] = [];
    for (let i = 0; i < 500; i++) {
      const v = (1n << BigInt(i % 128)) + BigInt(i);
      const at = arena.put(v, 128);
      spans.push([at, arena.pos, v]);
    }
    for (const [at, end, v] of spans) {
      expect(hex(arena.bytes.subarray(at, end))).toBe(hex(encodeValue(v, 128)));
    }
  });

  it('tells whether the low bits of a value are zero', () => {
    const arena = new ValueArena();
    const at = arena.put(0x0a_01_00_00, 32);
    expect(arena.lowBitsZero(at, arena.pos, 16)).toBe(true);
    expect(arena.lowBitsZero(at, arena.pos, 17)).toBe(false);
    expect(arena.lowBitsZero(at, arena.pos, 64)).toBe(false);
    const zero = arena.put(0, 32);
    expect(arena.lowBitsZero(zero, arena.pos, 32)).toBe(true);
  });
});
