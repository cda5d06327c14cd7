/**
 * SetForwardingPipelineConfig / GetForwardingPipelineConfig (spec §14, §15): every action,
 * every response type, the cookie, refusals that change nothing, and reconcile.
 */
import {
  PipelineAction,
  PipelineResponseType,
  SwitchEvent,
  type P4RuntimeClient,
} from '../../p4runtime/client/client';
import { p4, toLong, toUint128 } from '../../p4runtime/proto';
import { P4Schema } from '../../p4runtime/schema';
import {
  Code,
  TestSwitch,
  entity,
  kitchenSinkP4Info,
  next,
  rawUnary,
  readAll,
  reflectorP4Info,
} from './harness';

const route = (port: number, to: number) =>
  entity(`
    table_entry {
      table_id: 33554433
      match { field_id: 1 exact { value: "${esc(port)}" } }
      action { action { action_id: 16777217 params { param_id: 1 value: "${esc(to)}" } } }
    }`);
const esc = (n: number) =>
  (n > 255 ? `\\x${(n >> 8).toString(16).padStart(2, '0')}` : '') +
  `\\x${(n & 0xff).toString(16).padStart(2, '0')}`;

/** A deep copy of a P4Info, to derive variants. */
const copy = (info: p4.config.v1.IP4Info) =>
  p4.config.v1.P4Info.decode(p4.config.v1.P4Info.encode(info).finish());

describe('forwarding pipeline config', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = sw.client({ electionId: 10 });
    await c.connect();
  });
  afterEach(async () => sw.close());

  it('has no config, and refuses Write and Read (FAILED_PRECONDITION), before one is set', async () => {
    expect(await c.getPipeline()).toEqual({
      cookie: undefined,
      p4info: undefined,
      deviceConfig: undefined,
    });
    await expect(c.writeRaw([])).rejects.toMatchObject({ code: Code.FAILED_PRECONDITION });
    await expect(readAll(c, [{ table_entry: {} }])).rejects.toMatchObject({
      code: Code.FAILED_PRECONDITION,
    });
  });

  it('pushes once: an unchanged cookie skips the push (seen at the server)', async () => {
    const p4info = reflectorP4Info();
    expect(await c.setPipeline({ p4info, deviceConfig: Buffer.from('reflector') })).toMatchObject({
      pushed: true,
    });
    expect(await c.setPipeline({ p4info, deviceConfig: Buffer.from('reflector') })).toMatchObject({
      pushed: false,
    });
    expect(sw.server.calls.SetForwardingPipelineConfig).toBe(1);
    expect(
      await c.setPipeline({ p4info, deviceConfig: Buffer.from('reflector'), cookie: 7n }),
    ).toMatchObject({
      pushed: true,
    });
    expect(sw.server.calls.SetForwardingPipelineConfig).toBe(2);
  });

  it('returns what each response type asks for, the cookie always', async () => {
    const p4info = reflectorP4Info();
    await c.setPipeline({
      p4info,
      deviceConfig: Buffer.from('{"pipeline": "reflector"}'),
      cookie: 0xfeedn,
    });
    const all = await c.getPipeline(PipelineResponseType.ALL);
    expect(all.cookie).toBe(0xfeedn);
    expect(p4.config.v1.P4Info.encode(all.p4info!).finish()).toEqual(
      p4.config.v1.P4Info.encode(p4info).finish(),
    );
    expect(Buffer.from(all.deviceConfig!).toString()).toBe('{"pipeline": "reflector"}');
    expect(await c.getPipeline(PipelineResponseType.COOKIE_ONLY)).toEqual({
      cookie: 0xfeedn,
      p4info: undefined,
      deviceConfig: undefined,
    });
    const info = await c.getPipeline(PipelineResponseType.P4INFO_AND_COOKIE);
    expect([info.cookie, info.p4info?.tables?.length, info.deviceConfig]).toEqual([
      0xfeedn,
      1,
      undefined,
    ]);
    const dev = await c.getPipeline(PipelineResponseType.DEVICE_CONFIG_AND_COOKIE);
    expect([dev.cookie, dev.p4info, Buffer.from(dev.deviceConfig!).toString()]).toEqual([
      0xfeedn,
      undefined,
      '{"pipeline": "reflector"}',
    ]);
  });

  describe('refuses a config it cannot realize (INVALID_ARGUMENT) and keeps the running one', () => {
    const variants: [string, (i: p4.config.v1.P4Info) => void, string][] = [
      [
        'a table id without the table prefix',
        (i) => (i.tables[0].preamble!.id = 0x01000099),
        'prefix',
      ],
      [
        'two objects with one id',
        (i) => (i.actions[1].preamble!.id = i.actions[0].preamble!.id),
        'reuses id',
      ],
      [
        'an action reference to nothing',
        (i) => (i.tables[0].action_refs![0].id = 0x01000099),
        'unknown action',
      ],
      [
        'a zero-width match field',
        (i) => (i.tables[0].match_fields![0].bitwidth = 0),
        'bitwidth 0',
      ],
      [
        'an architecture-specific match kind',
        (i) => (i.tables[0].match_fields![0].other_match_type = 'hash'),
        'cannot realize',
      ],
      [
        'a direct counter of another table',
        (i) => (i.direct_counters[0].direct_table_id = 0x02000099),
        'direct',
      ],
      [
        'a model that does not find its table',
        (i) => (i.tables[0].preamble!.name = 'Other.table'),
        'port_table',
      ],
    ];
    it.each(variants)('%s', async (_name, mutate, message) => {
      await c.setPipeline({ p4info: reflectorP4Info(), cookie: 1n });
      await c.write([{ type: 'insert', entity: route(1, 2) }]);
      const bad = copy(reflectorP4Info());
      mutate(bad);
      await expect(c.setPipeline({ p4info: bad, cookie: 2n })).rejects.toMatchObject({
        code: Code.INVALID_ARGUMENT,
        details: expect.stringContaining(message),
      });
      expect((await c.getPipeline(PipelineResponseType.COOKIE_ONLY)).cookie).toBe(1n);
      expect(await readAll(c, [{ table_entry: {} }])).toHaveLength(1);
    });

    it('an unknown pipeline name in the device config', async () => {
      await expect(
        c.setPipeline({ p4info: reflectorP4Info(), deviceConfig: Buffer.from('no-such-program') }),
      ).rejects.toMatchObject({
        code: Code.INVALID_ARGUMENT,
        details: expect.stringContaining("'reflector'"),
      });
    });
  });

  it('VERIFY checks without changing anything', async () => {
    const action = PipelineAction.VERIFY;
    await c.setPipeline({ p4info: reflectorP4Info(), cookie: 3n }, { action, force: true });
    expect((await c.getPipeline()).cookie).toBeUndefined();
    const bad = copy(reflectorP4Info());
    bad.tables[0].size = -1 as unknown as (typeof bad.tables)[0]['size'];
    await expect(c.setPipeline({ p4info: bad }, { action, force: true })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
  });

  it('VERIFY_AND_SAVE serves the new config to Read/Write while packets use the old one, until COMMIT', async () => {
    await c.setPipeline({ p4info: reflectorP4Info(), cookie: 1n });
    await c.write([{ type: 'insert', entity: route(1, 2) }]); // port 1 -> 2 in the running config
    await c.setPipeline(
      { p4info: reflectorP4Info(), cookie: 2n },
      { action: PipelineAction.VERIFY_AND_SAVE, force: true },
    );
    expect((await c.getPipeline()).cookie).toBe(2n);
    expect(await readAll(c, [{ table_entry: {} }])).toEqual([]); // the saved config starts empty
    await c.write([{ type: 'insert', entity: route(1, 3) }]); // port 1 -> 3 in the saved one
    expect(sw.device.inject(1, Uint8Array.of(0xab))).toEqual([
      { port: 2, packet: Uint8Array.of(0xab) },
    ]);
    await commit(sw);
    expect(sw.device.inject(1, Uint8Array.of(0xab))).toEqual([
      { port: 3, packet: Uint8Array.of(0xab) },
    ]);
    await expect(commit(sw)).rejects.toMatchObject({ code: Code.NOT_FOUND });
  });

  it('COMMIT with a config is INVALID_ARGUMENT', async () => {
    await c.setPipeline(
      { p4info: reflectorP4Info() },
      { action: PipelineAction.VERIFY_AND_SAVE, force: true },
    );
    await expect(
      c.setPipeline({ p4info: reflectorP4Info() }, { action: PipelineAction.COMMIT, force: true }),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
  });

  it('VERIFY_AND_COMMIT starts from an empty forwarding state', async () => {
    await c.setPipeline({ p4info: reflectorP4Info(), cookie: 1n });
    await c.write([{ type: 'insert', entity: route(1, 2) }]);
    await c.setPipeline({ p4info: reflectorP4Info(), cookie: 2n });
    expect(await readAll(c, [{ table_entry: {} }])).toEqual([]);
  });

  describe('RECONCILE_AND_COMMIT', () => {
    const reconcile = (p4info: p4.config.v1.IP4Info, cookie: bigint) =>
      c.setPipeline(
        { p4info, cookie },
        { action: PipelineAction.RECONCILE_AND_COMMIT, force: true },
      );
    const reconcileWith = (
      p4info: p4.config.v1.IP4Info,
      deviceConfig: Uint8Array,
      cookie: bigint,
    ) =>
      c.setPipeline(
        { p4info, deviceConfig, cookie },
        { action: PipelineAction.RECONCILE_AND_COMMIT, force: true },
      );
    const ipv6Route = entity(`
      table_entry {
        table_id: 33554434
        match { field_id: 1 exact { value: "\\x00\\x01" } }
        match { field_id: 2 lpm { value: "\\x20\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00" prefix_len: 16 } }
        action { action { action_id: 16777218 } }
      }`);
    const smacEntry = entity(
      'table_entry { table_id: 33554439 match { field_id: 1 exact { value: "\\x01" } } action { action { action_id: 16777224 } } }',
    );

    it('keeps the entries (and their counters) of tables that still exist', async () => {
      await c.setPipeline({ p4info: reflectorP4Info(), cookie: 1n });
      await c.write([{ type: 'insert', entity: route(1, 2) }]);
      sw.device.inject(1, new Uint8Array(60));
      const wider = copy(reflectorP4Info());
      wider.tables[0].size = 1024 as unknown as (typeof wider.tables)[0]['size'];
      await reconcile(wider, 2n);
      const [e] = await readAll(c, [{ table_entry: { counter_data: {} } }]);
      expect(e.table_entry).toMatchObject({ table_id: 33554433 });
      expect(Number(e.table_entry!.counter_data!.packet_count)).toBe(1);
      expect(Number(e.table_entry!.counter_data!.byte_count)).toBe(60);
      expect(sw.device.inject(1, Uint8Array.of(1))).toEqual([
        { port: 2, packet: Uint8Array.of(1) },
      ]);
    });

    it('drops the state of objects the new P4Info no longer has', async () => {
      const ks = { deviceConfig: Buffer.from('kitchen-sink') };
      await c.setPipeline({ p4info: kitchenSinkP4Info(), ...ks, cookie: 1n });
      await c.write([
        { type: 'insert', entity: ipv6Route },
        { type: 'insert', entity: smacEntry },
        {
          type: 'modify',
          entity: entity(
            'counter_entry { counter_id: 301989889 index { index: 3 } data { packet_count: 5 } }',
          ),
        },
      ]);
      const smaller = copy(kitchenSinkP4Info());
      smaller.tables = smaller.tables.filter(
        (t) => t.preamble!.name !== 'MyIngress.ipv6_lpm',
      ) as typeof smaller.tables;
      await reconcileWith(smaller, ks.deviceConfig, 2n);
      const entries = await readAll(c, [{ table_entry: {} }]);
      expect(entries.map((e) => e.table_entry!.table_id)).toEqual([33554439]);
      const [cell] = await readAll(c, [
        entity('counter_entry { counter_id: 301989889 index { index: 3 } }'),
      ]);
      expect(Number(cell.counter_entry!.data!.packet_count)).toBe(5);
    });

    it('refuses a P4Info the model cannot run, like any other action', async () => {
      const ks = { deviceConfig: Buffer.from('kitchen-sink') };
      await c.setPipeline({ p4info: kitchenSinkP4Info(), ...ks, cookie: 1n });
      const noCounter = copy(kitchenSinkP4Info());
      noCounter.counters = noCounter.counters.filter(
        (x) => x.preamble!.name !== 'MyIngress.port_counter',
      ) as typeof noCounter.counters;
      await expect(reconcileWith(noCounter, ks.deviceConfig, 2n)).rejects.toMatchObject({
        code: Code.INVALID_ARGUMENT,
        details: expect.stringContaining('port_counter'),
      });
    });

    it('refuses (INVALID_ARGUMENT) when an entry no longer fits, and changes nothing', async () => {
      await c.setPipeline({ p4info: reflectorP4Info(), cookie: 1n });
      await c.write([{ type: 'insert', entity: route(1, 300) }]);
      const narrower = copy(reflectorP4Info());
      narrower.actions[0].params![0].bitwidth = 8; // to_port(port) no longer holds 300
      await expect(reconcile(narrower, 2n)).rejects.toMatchObject({
        code: Code.INVALID_ARGUMENT,
        details: expect.stringContaining('cannot be preserved'),
      });
      expect((await c.getPipeline()).cookie).toBe(1n);
      expect(await readAll(c, [{ table_entry: {} }])).toHaveLength(1);
    });
  });

  it('refuses a PacketOut before any pipeline is set with a StreamError (FAILED_PRECONDITION)', async () => {
    c.schema = new P4Schema(reflectorP4Info());
    const error = next(c, SwitchEvent.STREAM_ERROR);
    c.sendPacket(Uint8Array.of(1), { egress_port: 1, _pad: 0 });
    expect(await error).toMatchObject({ canonical_code: Code.FAILED_PRECONDITION, packet_out: {} });
  });
});

/** A SetForwardingPipelineConfig COMMIT without a config (the client always sends one). */
function commit(sw: TestSwitch): Promise<unknown> {
  return rawUnary(sw, 'SetForwardingPipelineConfig', {
    device_id: toLong(1n),
    election_id: toUint128(10n),
    action: PipelineAction.COMMIT,
  });
}
