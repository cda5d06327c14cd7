import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { toLong } from '../proto';
import { P4SchemaError, P4ValueError } from './common';
import { DirectMeterEntry, MeterEntry } from './meter';

const schema = kitchenSink();
const PORT_METER = 0x14000001;
const config = { cir: 1000, cburst: 100, pir: 2000, pburst: 200 };
const encodedConfig = {
  cir: toLong(1000n),
  cburst: toLong(100n),
  pir: toLong(2000n),
  pburst: toLong(200n),
};

describe('MeterEntry', () => {
  it.each<[string, ConstructorParameters<typeof MeterEntry>[0], object]>([
    ['every cell of every meter', {}, {}],
    ['every cell of one meter', { meter: 'port_meter' }, { meter_id: PORT_METER }],
    [
      'one cell with its config',
      { meter: 'port_meter', index: 1, config },
      { meter_id: PORT_METER, index: { index: toLong(1n) }, config: encodedConfig },
    ],
    [
      'a read of colour counts',
      { meter: 'port_meter', index: 1, counterData: {} },
      { meter_id: PORT_METER, index: { index: toLong(1n) }, counter_data: {} },
    ],
  ])('encodes %s', (_what, spec, expected) => {
    expect(new MeterEntry(spec).encode(schema)).toEqual({ meter_entry: expected });
  });

  it('round trips config and per-colour counts', () => {
    const m = new MeterEntry({
      meter: 'MyIngress.port_meter',
      index: 2,
      config: { cir: 1n, cburst: 2n, pir: 3n, pburst: 4n },
      counterData: { green: { bytes: 1n, packets: 1n }, red: { bytes: 2n, packets: 2n } },
    });
    expect(MeterEntry.decode(m.encode(schema).meter_entry ?? {}, schema)).toEqual(m);
  });

  it('refuses an incomplete config, eburst on a two-rate meter, and indices past the end', () => {
    expect(() =>
      new MeterEntry({
        meter: 'port_meter',
        config: { cir: 1, cburst: 1, pir: 1 } as never,
      }).encode(schema),
    ).toThrow(
      "meter 'MyIngress.port_meter' config: missing 'pburst' (a meter config needs cir, cburst, pir and pburst)",
    );
    expect(() =>
      new MeterEntry({ meter: 'port_meter', config: { ...config, eburst: 10 } }).encode(schema),
    ).toThrow(
      "meter 'MyIngress.port_meter' config: eburst 10 given, but a two-rate three-colour meter takes none",
    );
    expect(() => new MeterEntry({ meter: 'port_meter', index: 600 }).encode(schema)).toThrow(
      P4ValueError,
    );
  });
});

describe('DirectMeterEntry', () => {
  it('sends the table entry key with the config', () => {
    const d = new DirectMeterEntry({
      entry: { table: 'acl', match: { dport: 80 }, priority: 1 },
      config,
    });
    expect(d.encode(schema)).toEqual({
      direct_meter_entry: {
        table_entry: {
          table_id: 0x02000003,
          match: [{ field_id: 4, range: { low: Uint8Array.of(80), high: Uint8Array.of(80) } }],
          priority: 1,
        },
        config: encodedConfig,
      },
    });
  });

  it('round trips', () => {
    const d = new DirectMeterEntry({
      entry: {
        table: 'MyIngress.acl',
        match: { 'hdr.tcp.dport': { low: 80n, high: 80n } },
        priority: 1,
      },
      config: { cir: 5n, cburst: 6n, pir: 7n, pburst: 8n },
      counterData: { yellow: { bytes: 0n, packets: 0n } },
    });
    expect(DirectMeterEntry.decode(d.encode(schema).direct_meter_entry ?? {}, schema)).toEqual(d);
  });

  it('refuses a table without a direct meter', () => {
    const d = new DirectMeterEntry({
      entry: { table: 'ipv4_lpm', match: { dst_addr: '10.0.0.0/8' } },
      config,
    });
    expect(() => d.encode(schema)).toThrow(P4SchemaError);
    expect(() => d.encode(schema)).toThrow(
      "direct meter entry: table 'MyIngress.ipv4_lpm' has no direct meter",
    );
  });
});
