/** The `_ssa` TXT rule descriptor (wire §3). */
import { formatRuleText, parseRuleText } from './rule-text';

describe('_ssa TXT descriptor (wire §3)', () => {
  it("writes wire §3's example exactly", () => {
    expect(formatRuleText({ kind: 'source-bound-hash', sliceBits: 14, key: 0x0a1b2c3d })).toBe(
      'v=ssa1; rule=source-bound-hash; slice-bits=14; key=0a1b2c3d',
    );
    expect(formatRuleText({ kind: 'time-hop', sliceBits: 12, key: 0x01020304, period: 30 })).toBe(
      'v=ssa1; rule=time-hop; slice-bits=12; key=01020304; period=30',
    );
  });

  it.each([
    { kind: 'any', sliceBits: 0 },
    { kind: 'source-bound-identity', sliceBits: 4 },
    { kind: 'source-bound-hash', sliceBits: 32, key: 0xffffffff },
    { kind: 'time-hop', sliceBits: 1, key: 0, period: 1 },
    { kind: 'content', sliceBits: 14 },
  ] as const)('round trip of $kind', (rule) => {
    expect(parseRuleText(formatRuleText(rule))).toEqual(rule);
  });

  it('reads fields in any order and case of names, ignores unknown ones', () => {
    expect(
      parseRuleText(' key=0A1B2C3D ;Slice-Bits=14;rule=source-bound-hash; v=ssa1; x=1;'),
    ).toEqual({
      kind: 'source-bound-hash',
      sliceBits: 14,
      key: 0x0a1b2c3d,
    });
  });

  it.each([
    ['v=ssa2; rule=any', /expected v=ssa1/],
    ['v=ssa1', /no rule=/],
    ['v=ssa1; rule=magic', /'magic' is not one of/],
    ['v=ssa1; rule=source-bound-hash; slice-bits=14', /key: undefined/],
    ['v=ssa1; rule=source-bound-hash; key=0a1b2c', /key=0a1b2c is not 8 hex digits/],
    ['v=ssa1; rule=time-hop; key=00000001', /period: undefined/],
    ['v=ssa1; rule=any; rule=any', /appears twice/],
    ['v=ssa1; rule=any; slice-bits=40', /sliceBits: 40/],
    ['v=ssa1; junk', /not name=value/],
  ])('refuses %s', (text, why) => {
    expect(() => parseRuleText(text)).toThrow(why);
  });
});
