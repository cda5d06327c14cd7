/**
 * Packet I/O through the reflector pipeline (spec §16.1): PacketOut into the pipeline on the
 * CPU port, PacketIn to the primary with its controller metadata, StreamErrors for PacketOuts
 * that are refused, and idle-timeout notifications (§16.5).
 */
import { SwitchEvent, type P4RuntimeClient } from '../../p4runtime/client/client';
import type { PacketIn } from '../../p4runtime/client/packet';
import { p4, toBigInt, type Int64 } from '../../p4runtime/proto';
import { DeviceEvent } from '../../softswitch/device';
import type { EgressPacket } from '../../softswitch/pipeline/types';
import { Code, RawController, TestSwitch, entity, next } from './harness';

const PORT_TABLE = 33554433;
const esc = (n: number) =>
  (n > 255 ? `\\x${(n >> 8).toString(16).padStart(2, '0')}` : '') +
  `\\x${(n & 0xff).toString(16).padStart(2, '0')}`;
const rule = (port: number, action: string) =>
  entity(
    `table_entry { table_id: ${PORT_TABLE} match { field_id: 1 exact { value: "${esc(port)}" } } ${action} }`,
  );
const toPort = (to: number) =>
  `action { action { action_id: 16777217 params { param_id: 1 value: "${esc(to)}" } } }`;
const DROP = 'action { action { action_id: 16777219 } }';

const frame = Buffer.from('ffffffffffff0000000000010800cafe', 'hex');

describe('packet I/O (reflector)', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary();
  });
  afterEach(async () => sw.close());

  it('PacketOut to port 1, looped into port 2, comes back as PacketIn with ingress_port 2', async () => {
    sw.cable(1, 2);
    const packetIn = next<PacketIn>(c, SwitchEvent.PACKET_IN);
    c.sendPacket(frame, { egress_port: 1, _pad: 0 });
    const p = await packetIn;
    expect(Buffer.from(p.payload)).toEqual(frame);
    expect(p.metadata).toEqual({ ingress_port: 2n, _pad: 0n });
  });

  it('forwards by port_table: to_port, drop, and the default to the CPU', async () => {
    await c.write([
      { type: 'insert', entity: rule(2, toPort(3)) },
      { type: 'insert', entity: rule(4, DROP) },
    ]);
    const out = next<EgressPacket>(sw.device, DeviceEvent.EGRESS);
    // Compared as Buffers: a model may hand back the very bytes it was given.
    const asBuffers = (ps: EgressPacket[]) =>
      ps.map((p) => ({ ...p, packet: Buffer.from(p.packet) }));
    expect(asBuffers(sw.device.inject(2, frame))).toEqual([{ port: 3, packet: frame }]);
    expect(asBuffers([await out])).toEqual([{ port: 3, packet: frame }]);
    expect(sw.device.inject(4, frame)).toEqual([]);
    const [cpu] = sw.device.inject(5, frame);
    // To the CPU: packet_in header (ingress_port 5 in bit<9>, then 7 zero bits) + the frame.
    expect(cpu.port).toBe(510);
    expect(Buffer.from(cpu.packet)).toEqual(Buffer.concat([Buffer.of(0x02, 0x80), frame]));
  });

  it('a PacketOut to the CPU port comes back from ingress port 510', async () => {
    const packetIn = next<PacketIn>(c, SwitchEvent.PACKET_IN);
    c.sendPacket(frame, { egress_port: 510 }); // _pad is @padding: zero when left out
    expect((await packetIn).metadata.ingress_port).toBe(510n);
  });

  it('sends PacketIn to the primary only', async () => {
    const backup = sw.client({ electionId: 1 });
    await backup.connect();
    let backupGot = 0;
    backup.on(SwitchEvent.PACKET_IN, () => backupGot++);
    const packetIn = next<PacketIn>(c, SwitchEvent.PACKET_IN);
    sw.device.inject(7, frame);
    await packetIn;
    await c.capabilities(); // a round trip: the backup would have had time to receive it too
    expect(backupGot).toBe(0);
  });

  it.each([
    ['an unknown metadata id', [md(1, [1]), md(9, [0])]],
    ['a value wider than egress_port', [md(1, [0x02, 0x00])]],
    ['egress_port missing', []],
  ])(
    'refuses a PacketOut with %s: a StreamError echoing it, nothing injected',
    async (_name, metadata) => {
      const raw = new RawController(sw, 20n); // takes over from the client (10)
      await raw.expect((m) => m.arbitration?.status?.code === Code.OK);
      const before = sw.device.stats.received;
      const packet = { payload: frame, metadata };
      raw.send({ packet });
      const { error } = await raw.expect((m) => !!m.error);
      expect(error).toMatchObject({ canonical_code: Code.INVALID_ARGUMENT });
      expect(p4.v1.PacketOut.encode(error!.packet_out!.packet_out!).finish()).toEqual(
        p4.v1.PacketOut.encode(packet).finish(),
      );
      expect(sw.device.stats.received).toBe(before);
    },
  );

  it('refuses a PacketOut from a backup (PERMISSION_DENIED), nothing injected', async () => {
    const raw = new RawController(sw, 1n);
    await raw.expect((m) => m.arbitration?.status?.code === Code.ALREADY_EXISTS);
    raw.send({ packet: { payload: frame, metadata: [md(1, [1])] } });
    const { error } = await raw.expect((m) => !!m.error);
    expect(error).toMatchObject({ canonical_code: Code.PERMISSION_DENIED, packet_out: {} });
    expect(sw.device.stats.received).toBe(0);
  });

  it('notifies the primary of idle entries, again after another timeout, with key and timeout', async () => {
    const aging = rule(9, toPort(1)).table_entry!;
    aging.idle_timeout_ns = 40_000_000 as unknown as typeof aging.idle_timeout_ns; // 40 ms
    await c.write([{ type: 'insert', entity: { table_entry: aging } }]);
    const first = await next<p4.v1.IIdleTimeoutNotification>(c, SwitchEvent.IDLE_TIMEOUT);
    expect(first.table_entry).toHaveLength(1);
    const te = first.table_entry![0];
    expect(te).toMatchObject({ table_id: PORT_TABLE });
    expect(Array.from(te.match![0].exact!.value!)).toEqual([9]);
    expect(toBigInt(te.idle_timeout_ns as Int64)).toBe(40_000_000n);
    expect(toBigInt(first.timestamp as Int64)).toBeGreaterThan(0n);
    const second = await next<p4.v1.IIdleTimeoutNotification>(c, SwitchEvent.IDLE_TIMEOUT);
    expect(second.table_entry).toHaveLength(1);
  });
});

function md(id: number, value: number[]): p4.v1.IPacketMetadata {
  return { metadata_id: id, value: Uint8Array.from(value) };
}
