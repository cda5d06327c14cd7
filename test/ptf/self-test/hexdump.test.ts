/** Hex dumps and diffs of the failure messages: 16 bytes a line, masks, marks, lengths. */
import { differingBytes, hexdiff, hexdump } from '../harness/hexdump';

const seq = (n: number, from = 0) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('hexdump', () => {
  it.each([
    ['empty', new Uint8Array(), undefined, '  (empty)'],
    ['two bytes', Uint8Array.of(0xca, 0xfe), undefined, '  0000  ca fe'],
    [
      '17 bytes: a second line with its offset',
      seq(17),
      undefined,
      '  0000  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n  0010  10',
    ],
    [
      'a masked byte as ..',
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(0xff, 0, 0x0f),
      '  0000  01 .. 03',
    ],
  ])('%s', (_name, bytes, mask, text) => {
    expect(hexdump(bytes, mask)).toBe(text);
  });
});

describe('differingBytes', () => {
  it.each([
    ['equal', seq(4), seq(4), undefined, []],
    ['one byte', seq(4), Uint8Array.of(0, 1, 9, 3), undefined, [2]],
    ['extra bytes count', seq(2), seq(4), undefined, [2, 3]],
    ['missing bytes count', seq(4), seq(2), undefined, [2, 3]],
    ['masked bits do not', Uint8Array.of(0xf0), Uint8Array.of(0xff), Uint8Array.of(0xf0), []],
    ['unmasked bits do', Uint8Array.of(0xf0), Uint8Array.of(0xe0), Uint8Array.of(0xf0), [0]],
  ])('%s', (_name, expected, actual, mask, diff) => {
    expect(differingBytes(expected, actual, mask)).toEqual(diff);
  });
});

describe('hexdiff', () => {
  it('puts expected over actual and marks each differing byte', () => {
    expect(hexdiff(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3))).toBe(
      [
        '  3 bytes; 1 differ, the first at byte 1 (0x0001): expected 0x02, got 0x09',
        '  0000  expected  01 02 03',
        '        actual    01 09 03',
        '                     ^^',
      ].join('\n'),
    );
  });

  it('shows a shorter actual packet and marks what is missing', () => {
    expect(hexdiff(seq(3), seq(2))).toBe(
      [
        '  expected 3 bytes, got 2; 1 differ, the first at byte 2 (0x0002): expected 0x02, got nothing',
        '  0000  expected  00 01 02',
        '        actual    00 01',
        '                        ^^',
      ].join('\n'),
    );
  });

  it('leaves rows without a difference unmarked and masks expected bytes', () => {
    const text = hexdiff(seq(18), seq(18), Uint8Array.of(0, ...new Array(17).fill(0xff)));
    expect(text).toBe(
      [
        '  18 bytes, no byte differs',
        '  0000  expected  .. 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
        '        actual    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
        '  0010  expected  10 11',
        '        actual    10 11',
      ].join('\n'),
    );
  });
});
