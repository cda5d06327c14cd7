import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { toLong } from '../proto';
import { P4SchemaError, P4ValueError } from './common';
import { CounterEntry, DirectCounterEntry } from './counter';
import { TableEntry } from './table-entry';

const schema = kitchenSink();
const PORT_COUNTER = 0x12000001;
const ACL = 0x02000003;

describe('CounterEntry', () => {
  it.each<[string, ConstructorParameters<typeof CounterEntry>[0], object]>([
    ['every cell of every counter', {}, {}],
    ['every cell of one counter', { counter: 'port_counter' }, { counter_id: PORT_COUNTER }],
    [
      'one cell',
      { counter: 'port_counter', index: 3 },
      { counter_id: PORT_COUNTER, index: { index: toLong(3n) } },
    ],
    [
      'cell 0 (index 0 is not the wildcard)',
      { counter: 'port_counter', index: 0 },
      { counter_id: PORT_COUNTER, index: { index: toLong(0n) } },
    ],
    [
      'a write of every cell',
      { counter: 'port_counter', data: { bytes: 0, packets: 0 } },
      { counter_id: PORT_COUNTER, data: { byte_count: toLong(0n), packet_count: toLong(0n) } },
    ],
  ])('encodes %s', (_what, spec, expected) => {
    expect(new CounterEntry(spec).encode(schema)).toEqual({ counter_entry: expected });
  });

  it('round trips with bigint counts', () => {
    const c = new CounterEntry({
      counter: 'MyIngress.port_counter',
      index: 511,
      data: { bytes: 1n << 40n, packets: 3n },
    });
    expect(CounterEntry.decode(c.encode(schema).counter_entry ?? {}, schema)).toEqual(c);
  });

  it('refuses an index past the end, a negative one, and an index without a counter', () => {
    expect(() => new CounterEntry({ counter: 'port_counter', index: 512 }).encode(schema)).toThrow(
      "counter 'MyIngress.port_counter': index 512 is out of range (size 512, expected 0 to 511)",
    );
    expect(() => new CounterEntry({ counter: 'drop_counter', index: -1 }).encode(schema)).toThrow(
      P4ValueError,
    );
    expect(() => new CounterEntry({ index: 1 }).encode(schema)).toThrow(
      'counter entry: an index or data needs a counter',
    );
    expect(() => new CounterEntry({ counter: 'port_countr' }).encode(schema)).toThrow(
      "no counter named 'port_countr'. Did you mean 'MyIngress.port_counter'?",
    );
  });
});

describe('DirectCounterEntry', () => {
  const key = { table: 'acl', match: { ingress_port: 1 }, priority: 5 };

  it('sends only the key of its table entry', () => {
    const d = new DirectCounterEntry({
      entry: { ...key, action: { name: 'MyIngress.drop' }, metadata: 'x' },
      data: { packets: 1 },
    });
    expect(d.encode(schema)).toEqual({
      direct_counter_entry: {
        table_entry: {
          table_id: ACL,
          match: [
            { field_id: 1, ternary: { value: Uint8Array.of(1), mask: Uint8Array.of(1, 0xff) } },
          ],
          priority: 5,
        },
        data: { packet_count: toLong(1n) },
      },
    });
  });

  it('reads every direct counter, or those of one table', () => {
    expect(new DirectCounterEntry().encode(schema)).toEqual({ direct_counter_entry: {} });
    expect(new DirectCounterEntry({ entry: TableEntry.wildcard('acl') }).encode(schema)).toEqual({
      direct_counter_entry: { table_entry: { table_id: ACL } },
    });
  });

  it('round trips', () => {
    const d = new DirectCounterEntry({
      entry: {
        table: 'MyIngress.acl',
        match: { 'standard_metadata.ingress_port': { value: 1n, mask: 0x1ffn } },
        priority: 5,
      },
      data: { bytes: 64n, packets: 1n },
    });
    expect(DirectCounterEntry.decode(d.encode(schema).direct_counter_entry ?? {}, schema)).toEqual(
      d,
    );
  });

  it('refuses a table without a direct counter', () => {
    const d = new DirectCounterEntry({ entry: { table: 'ipv6_lpm', match: { vrf: 1 } } });
    expect(() => d.encode(schema)).toThrow(P4SchemaError);
    expect(() => d.encode(schema)).toThrow(
      "direct counter entry: table 'MyIngress.ipv6_lpm' has no direct counter",
    );
  });
});
