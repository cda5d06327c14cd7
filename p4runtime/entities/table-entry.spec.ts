import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { p4, toBigInt, type Int64 } from '../proto';
import { TableEntry, type TableEntrySpec } from './table-entry';

const schema = kitchenSink();
const hex = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('hex');
const entry = (spec: TableEntrySpec) =>
  new TableEntry(spec).encode(schema).table_entry as p4.v1.ITableEntry;

const route: TableEntrySpec = {
  table: 'ipv6_lpm',
  match: { 'hdr.ipv6.dst_addr': '2001:db8::/32', vrf: 3 },
  action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
};

describe('TableEntry.encode', () => {
  it('resolves names to ids and encodes values canonically', () => {
    const e = entry(route);
    expect(e.table_id).toBe(0x02000002);
    expect(e.match?.map((m) => m.field_id)).toEqual([1, 2]);
    expect(hex(e.match?.[0].exact?.value)).toBe('03');
    expect(e.action?.action?.action_id).toBe(0x01000003);
    expect(e.action?.action?.params?.map((p) => [p.param_id, hex(p.value)])).toEqual([
      [1, '01'],
      [2, '01'],
    ]);
    expect(e.priority).toBeUndefined();
  });

  it('takes tables, fields, actions and params by id too', () => {
    const byId = entry({
      table: 0x02000002,
      match: { 1: 3, 2: '2001:db8::/32' },
      action: { name: 0x01000003, params: { 2: 1, 1: 1 } },
    });
    expect(byId).toEqual(entry(route));
  });

  it('encodes a priority for a table with ternary, range or optional fields', () => {
    const e = entry({
      table: 'acl',
      match: { dport: { low: 80, high: 90 } },
      action: { name: 'MyIngress.drop' },
      priority: 10,
    });
    expect(e.priority).toBe(10);
  });

  it.each<[string, TableEntrySpec, p4.v1.ITableEntry]>([
    ['every table', {}, {}],
    ['one table', { table: 'acl' }, { table_id: 0x02000003 }],
    [
      'one table by priority',
      { table: 'acl', priority: 11 },
      { table_id: 0x02000003, priority: 11 },
    ],
    [
      'with counters',
      { table: 'acl', counterData: {} },
      { table_id: 0x02000003, counter_data: {} },
    ],
    ['every table with counters', { counterData: {} }, { counter_data: {} }],
  ])('encodes read wildcards: %s', (_what, spec, expected) => {
    expect(entry(spec)).toEqual(expected);
  });

  it('has a wildcard() shorthand', () => {
    expect(TableEntry.wildcard().encode(schema)).toEqual({ table_entry: {} });
    expect(TableEntry.wildcard('ipv4_lpm').encode(schema)).toEqual({
      table_entry: { table_id: 0x02000001 },
    });
  });

  it('encodes the default entry without match or priority, checking the action scope', () => {
    const e = entry({ table: 'ipv4_lpm', isDefault: true, action: { name: 'NoAction' } });
    expect(e).toEqual({
      table_id: 0x02000001,
      is_default_action: true,
      action: { action: { action_id: 0x01000001, params: [] } },
    });
    expect(() =>
      entry({ table: 'ipv4_lpm', match: { dst_addr: '10.0.0.0/8' }, action: { name: 'NoAction' } }),
    ).toThrow("action 'NoAction' is default-only in table 'MyIngress.ipv4_lpm'");
  });

  it('encodes action profile members, groups and one-shot sets', () => {
    const nh = entry({ table: 'nexthop', match: { nexthop_id: 1 }, action: { member: 5 } });
    expect(nh.action).toEqual({ action_profile_member_id: 5 });
    const grp = entry({
      table: 'ecmp',
      match: { dst_addr: '2001:db8::/32' },
      action: { group: 7 },
    });
    expect(grp.action).toEqual({ action_profile_group_id: 7 });
    const shot = entry({
      table: 'ecmp',
      match: { dst_addr: '2001:db8::/32' },
      action: {
        oneShot: [
          {
            action: { name: 'set_next_hop', params: { port: 1, dmac: 1 } },
            weight: 2,
            watchPort: 1,
          },
          { action: { name: 'set_next_hop', params: { port: 2, dmac: 2 } } },
        ],
        selectionMode: 'hash',
      },
    });
    const set = shot.action?.action_profile_action_set;
    expect(set?.action_profile_actions?.map((a) => [a.weight, hex(a.watch_port)])).toEqual([
      [2, '01'],
      [1, ''],
    ]);
    expect(set?.action_selection_mode).toBe(p4.v1.ActionProfileActionSet.ActionSelectionMode.HASH);
  });

  it('encodes direct resources, idle timeout and metadata', () => {
    const e = entry({
      table: 'acl',
      match: { ingress_port: 1 },
      priority: 1,
      action: { name: 'MyIngress.drop' },
      counterData: { bytes: 100, packets: 2n },
      meterConfig: { cir: 1000, cburst: 100, pir: 2000, pburst: 200 },
      metadata: 'cookie',
    });
    expect(toBigInt(e.counter_data?.byte_count as Int64)).toBe(100n);
    expect(toBigInt(e.meter_config?.pir as Int64)).toBe(2000n);
    expect(Buffer.from(e.metadata ?? []).toString()).toBe('cookie');
    const smac = entry({
      table: 'smac',
      match: { src_addr: 1 },
      action: { name: 'learn' },
      idleTimeoutNs: 5_000_000_000n,
    });
    expect(toBigInt(smac.idle_timeout_ns as Int64)).toBe(5_000_000_000n);
    expect(entry({ table: 'smac', timeSinceLastHitNs: 0n }).time_since_last_hit).toEqual({});
  });
});

describe('TableEntry.decode', () => {
  it('resolves full names and gives bigint values', () => {
    const e = TableEntry.decode(entry(route), schema);
    expect(e).toEqual(
      new TableEntry({
        table: 'MyIngress.ipv6_lpm',
        match: {
          'meta.vrf': 3n,
          'hdr.ipv6.dst_addr': { value: 0x20010db8n << 96n, prefixLen: 32 },
        },
        action: { name: 'MyIngress.set_next_hop', params: { port: 1n, dmac: 1n } },
      }),
    );
    expect(e.formatMatch({ 'hdr.ipv6.dst_addr': 'ipv6', 'meta.vrf': 'dec' })).toEqual({
      'meta.vrf': '3',
      'hdr.ipv6.dst_addr': '2001:db8::/32',
    });
  });

  const canonical: [string, TableEntrySpec][] = [
    [
      'an LPM route',
      {
        table: 'MyIngress.ipv6_lpm',
        match: {
          'meta.vrf': 3n,
          'hdr.ipv6.dst_addr': { value: 0x20010db8n << 96n, prefixLen: 32 },
        },
        action: { name: 'MyIngress.set_next_hop', params: { port: 1n, dmac: 0x0000_0000_0001n } },
      },
    ],
    [
      'an ACL with every wildcardable kind',
      {
        table: 'MyIngress.acl',
        match: {
          'standard_metadata.ingress_port': { value: 1n, mask: 0x1ffn },
          'hdr.tcp.dport': { low: 80n, high: 90n },
          'hdr.ipv6.next_hdr': 6n,
        },
        action: { name: 'MyIngress.punt_to_cpu', params: { reason: 2n } },
        priority: 10,
        counterData: { bytes: 10n, packets: 1n },
        meterConfig: { cir: 1n, cburst: 2n, pir: 3n, pburst: 4n },
        meterCounterData: { green: { bytes: 0n, packets: 0n } },
      },
    ],
    [
      'an all-wildcard entry of a priority table',
      { table: 'MyIngress.acl', match: {}, action: { name: 'NoAction' }, priority: 1 },
    ],
    [
      'a default entry',
      { table: 'MyIngress.ipv4_lpm', isDefault: true, action: { name: 'NoAction' } },
    ],
    [
      'a member entry',
      { table: 'MyIngress.nexthop', match: { 'meta.nexthop_id': 9n }, action: { member: 5 } },
    ],
    [
      'a group entry',
      {
        table: 'MyIngress.ecmp',
        match: { 'hdr.ipv6.dst_addr': { value: 1n, prefixLen: 128 } },
        action: { group: 7 },
      },
    ],
    [
      'a one-shot entry',
      {
        table: 'MyIngress.ecmp',
        match: { 'hdr.ipv6.dst_addr': { value: 1n, prefixLen: 128 } },
        action: {
          oneShot: [
            {
              action: { name: 'MyIngress.set_next_hop', params: { port: 1n, dmac: 2n } },
              weight: 3,
              watchPort: 4,
            },
          ],
          selectionMode: 'random',
          sizeSemantics: 'sum_of_members',
        },
      },
    ],
    [
      'an idle entry with metadata',
      {
        table: 'MyIngress.smac',
        match: { 'hdr.ethernet.src_addr': 1n },
        action: { name: 'MyIngress.learn' },
        idleTimeoutNs: 10n,
        timeSinceLastHitNs: 3n,
        metadata: Uint8Array.of(1, 2),
        controllerMetadata: 7n,
      },
    ],
    ['a read of every table', {}],
  ];

  it.each(canonical)('round trips %s: decode(encode(x)) equals x', (_what, spec) => {
    const x = new TableEntry(spec);
    const back = TableEntry.decode(x.encode(schema).table_entry ?? {}, schema);
    expect(back).toEqual(x);
    if (spec.timeSinceLastHitNs === undefined)
      expect(back.encode(schema)).toEqual(x.encode(schema));
  });

  it('reads server-only fields (is_const, elapsed time)', () => {
    const msg: p4.v1.ITableEntry = { ...entry(route), is_const: true };
    expect(TableEntry.decode(msg, schema).isConst).toBe(true);
  });
});

describe('TableEntry values are immutable', () => {
  it('freezes the entry and copies what it was given', () => {
    const match = { vrf: 3, dst_addr: '2001:db8::/32' } as Record<string, unknown>;
    const e = new TableEntry({ ...route, match: match as TableEntrySpec['match'] });
    match.vrf = 4;
    expect(e.match?.vrf).toBe(3);
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.match)).toBe(true);
    expect(() => {
      (e as { priority?: number }).priority = 1;
    }).toThrow(TypeError);
  });

  it('with() gives a changed copy and leaves the original alone', () => {
    const a = new TableEntry(route);
    const b = a.with({ match: { ...route.match, vrf: 4 } });
    expect(a.match?.vrf).toBe(3);
    expect(b.match?.vrf).toBe(4);
    expect(b.action).toEqual(a.action);
  });
});
