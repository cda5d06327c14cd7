import { p4 } from '../../p4runtime/proto';
import { P4Schema } from '../../p4runtime/schema';
import { PacketIoCodec } from './packet-io';
import { Code } from './status';

/** A P4Info with controller headers of the given fields ([name, bitwidth, annotations]). */
function codec(fields: [string, number, string[]?][]): PacketIoCodec {
  const metadata = fields.map(([name, bitwidth, annotations], i) => ({
    id: i + 1,
    name,
    bitwidth,
    annotations,
  }));
  return new PacketIoCodec(
    new P4Schema(
      p4.config.v1.P4Info.fromObject({
        controller_packet_metadata: [
          { preamble: { id: 0x04000001, name: 'packet_out' }, metadata },
          { preamble: { id: 0x04000002, name: 'packet_in' }, metadata },
        ],
      }),
    ),
  );
}

const md = (...values: number[][]) =>
  values.map((v, i) => ({ metadata_id: i + 1, value: Uint8Array.from(v) }));
const payload = Uint8Array.of(0xaa, 0xbb);

describe('PacketIoCodec', () => {
  it.each([
    // bmv2 --cpu-port layout: fields packed MSB first in P4Info order, zero-padded to bytes.
    [
      'bit<9> port 1 + bit<7> pad',
      [
        ['egress_port', 9],
        ['_pad', 7],
      ],
      [[1], [0]],
      [0x00, 0x80],
    ],
    [
      'bit<9> port 510 + bit<7> pad',
      [
        ['egress_port', 9],
        ['_pad', 7],
      ],
      [[0x01, 0xfe], [0]],
      [0xff, 0x00],
    ],
    [
      'bit<16> + bit<8>',
      [
        ['a', 16],
        ['b', 8],
      ],
      [[0x12, 0x34], [0x56]],
      [0x12, 0x34, 0x56],
    ],
    [
      'bit<3> + bit<3> (6 bits, padded)',
      [
        ['a', 3],
        ['b', 3],
      ],
      [[5], [2]],
      [0b1010_1000],
    ],
    ['padded values are accepted', [['a', 8]], [[0, 0, 7]], [7]],
  ] as [string, [string, number][], number[][], number[]][])(
    '%s',
    (_name, fields, values, header) => {
      const c = codec(fields);
      const wire = c.encodePacketOut({ payload, metadata: md(...values) });
      expect(Array.from(wire)).toEqual([...header, 0xaa, 0xbb]);
      const back = c.decodePacketIn(wire)!;
      expect(Array.from(back.payload!)).toEqual([0xaa, 0xbb]);
      // PacketIn metadata comes back canonical, one per field, in P4Info order.
      const canonical = values.map((v) => {
        let i = 0;
        while (i < v.length - 1 && v[i] === 0) i++;
        return v.slice(i);
      });
      expect(back.metadata!.map((m) => [m.metadata_id, Array.from(m.value!)])).toEqual(
        canonical.map((v, i) => [i + 1, v]),
      );
    },
  );

  it.each([
    ['a missing field', [[1]], 'is missing'],
    ['an unknown id', [[1], [0], [3]], 'not in packet_out'],
    ['a value too wide', [[0x02, 0x00], [0]], 'does not fit'],
    ['an empty value', [[], [0]], 'empty'],
  ])('refuses %s with INVALID_ARGUMENT', (_name, values, message) => {
    const c = codec([
      ['egress_port', 9],
      ['flags', 7],
    ]);
    expect(() => c.encodePacketOut({ payload, metadata: md(...values) })).toThrow(
      expect.objectContaining({
        code: Code.INVALID_ARGUMENT,
        message: expect.stringContaining(message),
      }),
    );
  });

  it('lets @padding fields be left out (zero)', () => {
    const c = codec([
      ['egress_port', 9],
      ['_pad', 7, ['@padding']],
    ]);
    expect(Array.from(c.encodePacketOut({ payload, metadata: md([3]) }))).toEqual([
      0x01, 0x80, 0xaa, 0xbb,
    ]);
  });

  it('refuses a given field twice', () => {
    const c = codec([['a', 8]]);
    const metadata = [
      { metadata_id: 1, value: Uint8Array.of(1) },
      { metadata_id: 1, value: Uint8Array.of(2) },
    ];
    expect(() => c.encodePacketOut({ payload, metadata })).toThrow(/given twice/);
  });

  it('drops a CPU packet shorter than the packet_in header', () => {
    expect(codec([['port', 16]]).decodePacketIn(Uint8Array.of(1))).toBeUndefined();
  });

  it('passes packets through unchanged without controller headers, refusing metadata', () => {
    const c = new PacketIoCodec(new P4Schema(p4.config.v1.P4Info.create()));
    expect(c.encodePacketOut({ payload })).toEqual(payload);
    expect(c.decodePacketIn(payload)).toEqual({ payload, metadata: [] });
    expect(() => c.encodePacketOut({ payload, metadata: md([1]) })).toThrow(/no packet_out header/);
  });
});
