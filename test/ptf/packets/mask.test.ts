/** Mask: which bits of an expected packet count, field by field through the composer's layout. */
import { packet } from './compose';
import { flipBit, setField, truncate } from './edit';
import { findField, findLayer } from './fields';
import { ether, ipv6, payload, udp } from './layers';
import { matches, mismatchMessage } from '../harness/expect';
import { describePacket } from './describe';
import { Mask } from './mask';

const MAC = { dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' };
const outer = ipv6({ src: '2001:db8:ff::1', dst: '2001:db8:ff::2', flowLabel: 0x12345 });
const inner = ipv6({ src: '2001:db8:c::10', dst: '2001:db8:5a::1' });
const expected = packet(ether(MAC), outer, inner, udp({ sport: 1, dport: 2 }), payload('ok'));
const bits = expected.bytes.length * 8;

/** The bit positions of a field of the expected packet. */
function fieldBits(layer: string, field: string): number[] {
  const f = findField(findLayer(expected.layers, layer), field);
  return Array.from({ length: f.bitLength }, (_, i) => f.bitOffset + i);
}

describe('Mask', () => {
  test('all bits significant: the packet matches itself and no single flipped bit', () => {
    const m = new Mask(expected);
    expect(m.matches(expected)).toBe(true);
    const flipped = Array.from({ length: bits }, (_, i) => i).filter((i) =>
      m.matches(flipBit(expected, i)),
    );
    expect(flipped).toEqual([]);
  });

  test('a different length never matches', () => {
    const m = new Mask(expected).ignoreBytes(0, expected.bytes.length);
    expect(m.matches(truncate(expected, expected.bytes.length - 1))).toBe(false);
    expect(m.matches(new Uint8Array(expected.bytes.length))).toBe(true);
  });

  test.each([
    ['ipv6', 'flowLabel'],
    ['ipv6', 'version'],
    ['ipv6#2', 'hopLimit'],
    ['udp', 'checksum'],
  ])('ignoreField(%s, %s) frees exactly that field', (layer, field) => {
    const m = new Mask(expected).ignoreField(layer, field);
    const inField = new Set(fieldBits(layer, field));
    const matching = Array.from({ length: bits }, (_, i) => i).filter((i) =>
      m.matches(flipBit(expected, i)),
    );
    expect(matching).toEqual([...inField]);
  });

  test('a layer by index is the same as by name', () => {
    const byIndex = new Mask(expected).ignoreField(2, 'hopLimit');
    const byName = new Mask(expected).ignoreField('ipv6#2', 'hopLimit');
    expect(byIndex.mask).toEqual(byName.mask);
    expect(byIndex.matches(setField(expected, 'ipv6#2', 'hopLimit', 1))).toBe(true);
    expect(byIndex.matches(setField(expected, 'ipv6', 'hopLimit', 1))).toBe(false);
  });

  test('from plain bytes the layout comes from the dissector', () => {
    const m = new Mask(expected.bytes).ignoreField('ipv6', 'flowLabel');
    expect(m.mask).toEqual(new Mask(expected).ignoreField('ipv6', 'flowLabel').mask);
  });

  test('ignoreBits works below byte granularity', () => {
    // The IPv6 version is the high nibble of byte 14.
    const m = new Mask(expected).ignoreBits(14 * 8, 4);
    expect(m.matches(flipBit(expected, 14 * 8 + 3))).toBe(true);
    expect(m.matches(flipBit(expected, 14 * 8 + 4))).toBe(false);
    expect(m.mask[14]).toBe(0x0f);
  });

  test('masks are immutable: ignoring returns a new mask', () => {
    const strict = new Mask(expected);
    const loose = strict.ignoreBytes(0, 6);
    expect(strict.matches(flipBit(expected, 0))).toBe(false);
    expect(loose.matches(flipBit(expected, 0))).toBe(true);
    expect(Object.isFrozen(strict)).toBe(true);
  });

  test.each<[string, (m: Mask) => unknown, string]>([
    [
      'an unknown layer',
      (m) => m.ignoreField('tcp', 'checksum'),
      'no layer "tcp" (layers: 0:ether, 1:ipv6, 2:ipv6#2, 3:udp, 4:payload)',
    ],
    [
      'an unknown field',
      (m) => m.ignoreField('udp', 'chksum'),
      "layer udp has no field 'chksum' (fields: sport, dport, length, checksum)",
    ],
    ['bits past the end', (m) => m.ignoreBits(bits - 4, 5), `run past the ${bits}-bit packet`],
    ['negative bits', (m) => m.ignoreBits(-1, 2), 'must be >= 0'],
    [
      'mask bytes of another length',
      () => new Mask(expected, new Uint8Array(3)),
      '3 mask bytes for',
    ],
  ])('refuses %s', (_, act, message) => {
    expect(() => act(new Mask(expected))).toThrow(message);
  });

  test('plugs into the harness as its MaskLike, with describePacket as its Describe', () => {
    const m = new Mask(expected).ignoreField('ipv6', 'flowLabel');
    expect(m.bytes).toEqual(expected.bytes);
    expect(m.mask[15]).toBe(0xf0); // flow label: the low nibble of byte 15 and bytes 16-17
    expect(matches(m, setField(expected, 'ipv6', 'flowLabel', 1))).toBe(true);
    const actual = setField(expected, 'ipv6#2', 'hopLimit', 1);
    expect(matches(m, actual)).toBe(false);
    const message = mismatchMessage('port 1', m, actual, describePacket);
    expect(message).toContain('hopLimit=64');
    expect(message).toContain('hopLimit=1');
  });
});
