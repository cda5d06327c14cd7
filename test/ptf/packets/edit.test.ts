/** Byte edits for malformed packets: each returns new bytes and leaves its input alone. */
import { fromHex, toHex } from './bytes';
import { append, dropTail, flipBit, overwrite, setField, truncate } from './edit';
import { packet } from './compose';
import { readField } from './dissect';
import { ether, ipv4, udp } from './layers';

const p = packet(
  ether({ dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' }),
  ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }),
  udp({ sport: 1, dport: 2 }),
);
const hex = toHex(p.bytes);

describe('edits', () => {
  test.each<[string, () => Uint8Array, string]>([
    ['truncate', () => truncate(p, 3), hex.slice(0, 6)],
    ['dropTail', () => dropTail(p, 2), hex.slice(0, -4)],
    ['append', () => append(p, fromHex('aabb')), hex + 'aabb'],
    ['overwrite', () => overwrite(p, 1, fromHex('ff')), hex.slice(0, 2) + 'ff' + hex.slice(4)],
    ['flipBit of the MSB', () => flipBit(p, 0), '8' + hex.slice(1)],
  ])('%s', (_, edit, expected) => {
    expect(toHex(edit())).toBe(expected);
    expect(toHex(p.bytes)).toBe(hex);
  });

  test('setField writes one field and recomputes nothing', () => {
    const edited = setField(p, 'ipv4', 'ttl', 1);
    expect(readField(edited, 'ipv4', 'ttl')).toBe(1n);
    expect(readField(edited, 'ipv4', 'checksum')).toBe(readField(p, 'ipv4', 'checksum'));
    expect(toHex(edited).replace(/^(.{44})01/, '$140')).toBe(hex);
  });

  test('setField writes fields that are not byte-aligned', () => {
    const edited = setField(p, 'ipv4', 'flags', 2);
    expect(readField(edited, 'ipv4', 'flags')).toBe(2n);
    expect(readField(edited, 'ipv4', 'fragOffset')).toBe(0n);
    expect(edited[14 + 6]).toBe(0x40);
  });

  test.each<[string, () => unknown, string]>([
    ['truncate past the end', () => truncate(p, 43), 'truncate: 43 is not in 0..42'],
    [
      'overwrite past the end',
      () => overwrite(p, 41, fromHex('0000')),
      'overwrite: 2 byte(s) at 41 run past the 42-byte packet',
    ],
    [
      'flipBit past the end',
      () => flipBit(p, 336),
      'flipBit: bit 336 is outside the 336-bit packet',
    ],
    [
      'setField too wide',
      () => setField(p, 'ipv4', 'flags', 8),
      'setField: 8 does not fit ipv4.flags (3 bits)',
    ],
  ])('refuses %s', (_, act, message) => {
    expect(act).toThrow(message);
  });
});
