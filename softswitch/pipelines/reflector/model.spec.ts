import { P4Schema } from '../../../p4runtime/schema';
import { ForwardingState } from '../../forwarding-state';
import type { Pipeline } from '../../pipeline/types';
import { REFLECTOR_P4INFO, reflector } from '.';

describe('reflector model', () => {
  let state: ForwardingState;
  let pipeline: Pipeline;
  const now = 0;
  beforeEach(() => {
    const schema = P4Schema.fromFile(REFLECTOR_P4INFO);
    state = ForwardingState.create(schema, { clock: () => now });
    pipeline = reflector.create({ schema, state, cpuPort: 510, dropPort: 511, clock: () => now });
  });

  const table = () => state.table('port_table');
  const payload = Uint8Array.of(0xde, 0xad);
  const packetOut = (port: number) => Uint8Array.of(port >> 1, (port & 1) << 7, ...payload);

  it('sends a PacketOut out of its egress_port, without the header', () => {
    expect(pipeline.process(510, packetOut(7))).toEqual([{ port: 7, packet: payload }]);
    expect(pipeline.process(510, packetOut(300))).toEqual([{ port: 300, packet: payload }]);
  });

  it('drops a PacketOut to the drop port (511), like bmv2', () => {
    expect(pipeline.process(510, packetOut(511))).toEqual([]);
  });

  it('sends a front-panel packet to the CPU by default, with packet_in { ingress_port }', () => {
    expect(pipeline.process(3, payload)).toEqual([
      { port: 510, packet: Uint8Array.of(0x01, 0x80, 0xde, 0xad) },
    ]);
  });

  it('counts no miss on the default entry (bmv2 counts direct counters on hits only)', () => {
    pipeline.process(3, payload);
    expect(table().readCounter(-1)).toEqual({ bytes: 0, packets: 0 });
  });

  it('follows port_table entries and counts their hits', () => {
    const port = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
    const id = (name: string) => state.actionId(name);
    table().insert({
      match: [{ kind: 'exact', value: port(3) }],
      action: { kind: 'action', actionId: id('to_port'), params: [port(9)] },
    });
    table().insert({
      match: [{ kind: 'exact', value: port(4) }],
      action: { kind: 'action', actionId: id('drop'), params: [] },
    });
    expect(pipeline.process(3, payload)).toEqual([{ port: 9, packet: payload }]);
    expect(pipeline.process(4, payload)).toEqual([]);
    expect(table().get([{ kind: 'exact', value: port(3) }])!.counterData).toEqual({
      bytes: 2,
      packets: 1,
    });
  });

  it('treats a CPU-port packet too short for packet_out as a front-panel one (v1model parser error)', () => {
    expect(pipeline.process(510, Uint8Array.of(1))).toEqual([
      { port: 510, packet: Uint8Array.of(0xff, 0x00, 0x01) },
    ]);
  });

  it('refuses a P4Info without its table', () => {
    const schema = P4Schema.fromFile(REFLECTOR_P4INFO);
    const info = schema.p4info;
    info.tables[0].preamble!.name = 'Other.t';
    const other = new P4Schema(info);
    expect(() =>
      reflector.create({
        schema: other,
        state: ForwardingState.create(other),
        cpuPort: 510,
        dropPort: 511,
        clock: () => 0,
      }),
    ).toThrow(/port_table/);
  });
});
