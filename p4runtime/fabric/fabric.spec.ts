import { A, C, DC, R, T, TABLES, ACTIONS } from '../../generated/fabric-p4info';
import { P4Schema } from '../schema';
import { FABRIC_P4INFO } from '../../softswitch/pipelines/fabric';
import { TableEntry, type Entity } from '../entities';
import * as F from './index';

const schema = P4Schema.fromFile(FABRIC_P4INFO);
const enc = (e: Entity) => e.encode(schema);

describe('fabric builders encode what the P4Info names (docs/dataplane.md)', () => {
  // Each builder against the same entry spelt by hand with P4Info names.
  const cases: [string, Entity, Entity][] = [
    [
      'nextHop',
      F.nextHop(1, 2, '02:00:00:00:00:01', '02:00:00:00:00:02'),
      new TableEntry({
        table: 'routing.next_hops',
        match: { next_hop: 1 },
        action: {
          name: 'routing.set_output',
          params: { port: 2, smac: '02:00:00:00:00:01', dmac: '02:00:00:00:00:02' },
        },
      }),
    ],
    [
      'routeV6',
      F.routeV6('2001:db8::/32', 3),
      new TableEntry({
        table: 'routing.v6',
        match: { ipv6_dst: '2001:db8::/32' },
        action: { name: 'routing.v6_set_next_hop', params: { next_hop: 3 } },
      }),
    ],
    [
      'acl',
      F.acl({ eth_type: { value: 0x86dd, mask: 0xffff } }, 'punt', 7),
      new TableEntry({
        table: 'acl.acl',
        match: { eth_type: { value: 0x86dd, mask: 0xffff } },
        priority: 7,
        action: { name: 'acl.punt' },
      }),
    ],
    [
      'ssaRange (hash)',
      F.ssaRange('2001:db8:5::/64', {
        rule: 'hash',
        service: 1,
        key: 9,
        sliceBits: 8,
        demote: true,
      }),
      new TableEntry({
        table: 'ssa.ranges',
        match: { ipv6_dst: '2001:db8:5::/64' },
        action: {
          name: 'ssa.rule_hash',
          params: { service: 1, key: 9, slice_mask: 255, demote: 1 },
        },
      }),
    ],
    [
      'sarGateway (the default entry)',
      F.sarGateway('2001:db8::1'),
      new TableEntry({
        table: 'sar.fib',
        isDefault: true,
        action: { name: 'sar.to_gateway', params: { gateway: '2001:db8::1' } },
      }),
    ],
    [
      'mslbSource (v4 source to a v6 B)',
      F.mslbSource('v4', 2, { value: '10.0.0.0', mask: '255.0.0.0' }, 3, { v6: '2001:db8::b' }),
      new TableEntry({
        table: 'mslb.f_sources_v4',
        match: { service: 2, ipv4_src: { value: '10.0.0.0', mask: '255.0.0.0' } },
        priority: 3,
        action: { name: 'mslb.f_source_v4_to_b_v6', params: { b_addr: '2001:db8::b' } },
      }),
    ],
    [
      'mslbReturn (v6 via v4)',
      F.mslbReturn('v6', '2001:db8::5', { v4: ['192.0.2.1', '192.0.2.2'] }),
      new TableEntry({
        table: 'mslb.b_return_v6',
        match: { ipv6_src: '2001:db8::5' },
        action: { name: 'mslb.b_return_v6_via_v4', params: { src: '192.0.2.1', dst: '192.0.2.2' } },
      }),
    ],
  ];
  it.each(cases)('%s', (_name, built, byHand) => {
    expect(enc(built)).toEqual(enc(byHand));
  });
});

describe('typed bindings', () => {
  it('carry the P4Info: keys with kinds and bitwidths, parameters with bitwidths', () => {
    expect(TABLES['routing.v6'].keys).toEqual([{ name: 'ipv6_dst', kind: 'lpm', bitwidth: 128 }]);
    expect(TABLES['acl.acl'].needsPriority).toBe(true);
    expect(ACTIONS['routing.set_output'].params.map((p) => p.bitwidth)).toEqual([9, 48, 48]);
    for (const [name, t] of Object.entries(TABLES)) expect(schema.tables.get(name).id).toBe(t.id);
  });

  it('build counters, direct counters, registers and key-only entries by name', () => {
    expect(enc(C.ingress.drops(3))).toEqual({
      counter_entry: {
        counter_id: schema.counters.get('ingress.drops').id,
        index: { index: expect.anything() },
      },
    });
    const route = F.routeV6('2001:db8::/32', 1);
    expect(enc(DC.routing.v6_counter(route)).direct_counter_entry?.table_entry?.table_id).toBe(
      schema.tables.get('routing.v6').id,
    );
    expect(() => DC.acl.acl_counter(route)).toThrow(
      /counts entries of 'acl.acl', not 'routing.v6'/,
    );
    expect(enc(R.sar.round_robin(5, 1)).register_entry?.register_id).toBe(
      schema.registers.get('sar.round_robin').id,
    );
    expect(enc(T.routing.v6.key({ ipv6_dst: '2001:db8::/32' }))).toEqual(
      enc(route.with({ action: undefined })),
    );
    expect(enc(T.acl.acl.key({}, 4)).table_entry?.priority).toBe(4);
    expect(enc(T.sar.fib.defaultEntry())).toEqual({
      table_entry: { table_id: schema.tables.get('sar.fib').id, is_default_action: true },
    });
  });

  it('make misspellings compile errors (checked by tsc over this file)', () => {
    const wrong = () => [
      // @ts-expect-error: no table routing.v7
      T.routing.v7,
      // @ts-expect-error: no action routing.v6_set_nexthop
      A.routing.v6_set_nexthop,
      // @ts-expect-error: misspelt parameter
      A.routing.v6_set_next_hop({ nexthop: 1 }),
      T.routing.v6.entry({
        // @ts-expect-error: misspelt match key
        match: { ipv6_dstt: '2001:db8::/32' },
        action: A.routing.v6_set_next_hop({ next_hop: 1 }),
      }),
      T.routing.v6.entry({
        match: { ipv6_dst: '2001:db8::/32' },
        // @ts-expect-error: an action of another table
        action: A.routing.v4_set_next_hop({ next_hop: 1 }),
      }),
      T.routing.v6.entry({
        match: { ipv6_dst: '2001:db8::/32' },
        // @ts-expect-error: a @defaultonly action in an entry
        action: A.routing.v6_miss(),
      }),
      // @ts-expect-error: acl.acl needs a priority
      T.acl.acl.entry({ match: {}, action: A.acl.drop() }),
      T.routing.v6.entry({
        match: {},
        // @ts-expect-error: routing.v6 takes no priority
        priority: 1,
        action: A.routing.v6_set_next_hop({ next_hop: 1 }),
      }),
      // @ts-expect-error: the exact key of routing.next_hops is required
      T.routing.next_hops.entry({ match: {}, action: A.routing.next_hop_miss() }),
      // @ts-expect-error: routing.v6's default action is const: no defaultEntry
      T.routing.v6.defaultEntry,
    ];
    expect(typeof wrong).toBe('function'); // compiled, never run: the checks are tsc's
  });
});
