import { ValueSet } from './value-set';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('ValueSet', () => {
  const set = new ValueSet(
    'trill_types',
    [
      { name: 'ether_type', bitwidth: 16, matchKind: 'exact' },
      { name: 'flags', bitwidth: 12, matchKind: 'lpm' },
    ],
    4,
  );

  it('matches when some member matches every field, wildcards included', () => {
    set.replace([
      [{ kind: 'exact', value: b(0x22, 0xf3) }, undefined],
      [
        { kind: 'exact', value: b(0x89, 0x3b) },
        { kind: 'lpm', value: b(0x0a, 0x00), prefixLen: 4 },
      ],
    ]);
    expect(set.matches([b(0x22, 0xf3), b(0x0f, 0xff)])).toBe(true);
    expect(set.matches([b(0x89, 0x3b), b(0x0a, 0x12)])).toBe(true); // 12-bit prefix 0xa/4
    expect(set.matches([b(0x89, 0x3b), b(0x05, 0x12)])).toBe(false);
    expect(set.matches([b(0x08, 0x00), b(0, 0)])).toBe(false);
  });

  it('matches ternary, range and optional fields', () => {
    const other = new ValueSet(
      'x',
      [
        { name: 't', bitwidth: 8, matchKind: 'ternary' },
        { name: 'r', bitwidth: 8, matchKind: 'range' },
        { name: 'o', bitwidth: 8, matchKind: 'optional' },
      ],
      1,
    );
    other.replace([
      [
        { kind: 'ternary', value: b(0x10), mask: b(0xf0) },
        { kind: 'range', low: b(5), high: b(9) },
        { kind: 'optional', value: b(7) },
      ],
    ]);
    expect(other.matches([b(0x1f), b(5), b(7)])).toBe(true);
    expect(other.matches([b(0x2f), b(5), b(7)])).toBe(false);
    expect(other.matches([b(0x1f), b(10), b(7)])).toBe(false);
    expect(other.matches([b(0x1f), b(9), b(8)])).toBe(false);
  });
});
