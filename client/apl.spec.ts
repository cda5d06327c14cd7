/** The RFC 3123 APL codec: the wire vectors (wire §3), RFC 3123's own examples, round trips. */
import fc from 'fast-check';
import vectors from '../test/fixtures/wire-vectors.json';
import { makePrefix, parsePrefix } from './address';
import {
  type AplItem,
  decodeApl,
  encodeApl,
  aplEncodingLength,
  formatAplItem,
  parseAplItem,
} from './apl';

const item = (text: string): AplItem =>
  parseAplItem(
    text.includes(':') && /^!?[12]:/.test(text)
      ? text
      : `${text.includes('.') && !text.includes(':') ? 1 : 2}:${text}`,
  );

describe('APL items (RFC 3123, wire §3)', () => {
  it.each(vectors.apl_rdata)('$item encodes as $rdata_hex, without trailing zero octets', (v) => {
    const it = { prefix: parsePrefix(v.item), negate: false };
    expect(encodeApl([it]).toString('hex')).toBe(v.rdata_hex);
    expect(aplEncodingLength([it])).toBe(v.rdata_hex.length / 2);
    expect(decodeApl(Buffer.from(v.rdata_hex, 'hex'), { strict: true })).toEqual([it]);
  });

  // RFC 3123 section 9's examples, RDATA worked out by hand from section 4.
  it.each([
    ['1:192.168.32.0/21 !1:192.168.38.0/28', '00011503c0a82000011c83c0a826'],
    [
      '1:192.168.42.0/26 1:192.168.42.64/26 1:192.168.42.128/25',
      '00011a03c0a82a00011a04c0a82a4000011904c0a82a80',
    ],
    ['1:127.0.0.1/32 1:172.16.64.0/22', '000120047f00000100011603ac1040'],
    ['1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8', '00010401e000020801ff'],
    ['', ''],
  ])('RFC 3123 example "%s"', (text, hex) => {
    const items = text === '' ? [] : text.split(' ').map(parseAplItem);
    expect(encodeApl(items).toString('hex')).toBe(hex);
    const back = decodeApl(Buffer.from(hex, 'hex'));
    expect(back).toEqual(items);
    expect(back.map(formatAplItem).join(' ')).toBe(text.replace('FF00:0:0:0:0:0:0:0', 'ff00::'));
  });

  it('keeps the negation bit', () => {
    const rd = encodeApl([item('!2:2001:db8::/32')]);
    expect(rd[3]).toBe(0x80 | 4);
    expect(formatAplItem(decodeApl(rd)[0])).toBe('!2:2001:db8::/32');
  });

  it('refuses malformed RDATA, naming the item', () => {
    expect(() => decodeApl(Buffer.from('000118', 'hex'))).toThrow(/header needs 4/);
    expect(() => decodeApl(Buffer.from('00011804c00002', 'hex'))).toThrow(/runs past/);
    expect(() => decodeApl(Buffer.from('00012105c000020000', 'hex'))).toThrow(/exceeds 4/);
    expect(() => decodeApl(Buffer.from('00012100', 'hex'))).toThrow(/length outside 0..32/);
    expect(() => decodeApl(Buffer.from('00010801ff', 'hex'))).not.toThrow();
    expect(() => decodeApl(Buffer.from('00010401ff', 'hex'))).toThrow(/bits set below \/4/);
    expect(() => decodeApl(Buffer.from('00011804c0000200', 'hex'), { strict: true })).toThrow(
      /zero octet/,
    );
    expect(decodeApl(Buffer.from('00011804c0000200', 'hex'))).toEqual([item('1:192.0.2.0/24')]);
    expect(decodeApl(Buffer.from('0003080100', 'hex'))).toEqual([]);
    expect(() => decodeApl(Buffer.from('0003080100', 'hex'), { strict: true })).toThrow(/family 3/);
  });

  it('refuses text with host bits or the wrong family number', () => {
    expect(() => parseAplItem('1:192.0.2.1/24')).toThrow(/bits set below/);
    expect(() => parseAplItem('2:192.0.2.0/24')).toThrow(/family 2 for an IPv4/);
  });

  it('property: encode -> decode -> encode is the identity, lengths agree', () => {
    const arbItem = fc
      .tuple(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        fc.nat(128),
        fc.boolean(),
      )
      .map(([v4, bits, len, negate]) => {
        const w = v4 ? 32 : 128;
        const length = len % (w + 1);
        const b = (bits >> BigInt(128 - w)) & (((1n << BigInt(length)) - 1n) << BigInt(w - length));
        return { prefix: makePrefix(v4 ? 4 : 6, b, length), negate };
      });
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 8 }), (items) => {
        const rd = encodeApl(items);
        expect(rd.length).toBe(aplEncodingLength(items));
        expect(decodeApl(rd, { strict: true })).toEqual(items);
        expect(encodeApl(decodeApl(rd))).toEqual(rd);
      }),
    );
  });
});
