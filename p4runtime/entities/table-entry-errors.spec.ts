import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { P4SchemaError, P4ValueError } from './common';
import { TableEntry, type TableEntrySpec } from './table-entry';

const schema = kitchenSink();

const route: TableEntrySpec = {
  table: 'ipv6_lpm',
  match: { 'hdr.ipv6.dst_addr': '2001:db8::/32', vrf: 3 },
  action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
};

describe('TableEntry.encode refuses what the spec forbids, naming entry, field, value and expectation', () => {
  it.each<[string, TableEntrySpec, string | RegExp, typeof P4ValueError | typeof P4SchemaError]>([
    [
      'an unknown table',
      { table: 'ipv4' },
      "no table named 'ipv4'. Did you mean 'MyIngress.ipv4_lpm'?",
      P4SchemaError,
    ],
    [
      'a typo in a table name',
      { table: 'MyIngress.ipv4_lmp' },
      "Did you mean 'MyIngress.ipv4_lpm'?",
      P4SchemaError,
    ],
    [
      'an ambiguous action',
      { ...route, action: { name: 'drop' } },
      "action name 'drop' is ambiguous: it could be 'MyIngress.drop', 'MyEgress.drop'",
      P4SchemaError,
    ],
    [
      'an action not in the table',
      { ...route, action: { name: 'learn' } },
      "action 'MyIngress.learn' is not an action of table 'MyIngress.ipv6_lpm'",
      P4SchemaError,
    ],
    [
      'a missing exact field',
      { ...route, match: { dst_addr: '::/0' } },
      "missing exact match field 'meta.vrf'",
      P4ValueError,
    ],
    [
      'a missing priority',
      { table: 'acl', match: { ingress_port: 1 } },
      "table 'MyIngress.acl': missing priority (the table has ternary, range or optional fields, so every entry needs a priority > 0)",
      P4ValueError,
    ],
    [
      'a priority where none is needed',
      { ...route, priority: 5 },
      "table 'MyIngress.ipv6_lpm': priority 5 given, but the table has no ternary, range or optional field (expected no priority)",
      P4ValueError,
    ],
    [
      'a negative priority',
      { table: 'acl', match: {}, priority: -1 },
      "table 'MyIngress.acl' priority: -1 is out of range (expected 0 to 2147483647)",
      P4ValueError,
    ],
    [
      'a missing parameter',
      { ...route, action: { name: 'set_next_hop', params: { port: 1 } } },
      "table 'MyIngress.ipv6_lpm' action 'MyIngress.set_next_hop': missing parameter 'dmac' (every parameter must be given)",
      P4ValueError,
    ],
    [
      'an unknown parameter',
      { ...route, action: { name: 'set_next_hop', params: { port: 1, dmac: 1, prt: 2 } } },
      "table 'MyIngress.ipv6_lpm': action 'MyIngress.set_next_hop' has no parameter named 'prt'. Did you mean 'port'?",
      P4SchemaError,
    ],
    [
      'a parameter too wide',
      { ...route, action: { name: 'set_next_hop', params: { port: 512, dmac: 1 } } },
      "table 'MyIngress.ipv6_lpm' action 'MyIngress.set_next_hop' parameter 'port' (9 bits): value 0x200 does not fit in 9 bits",
      P4ValueError,
    ],
    [
      'a parameter given by name and by id',
      { ...route, action: { name: 'set_next_hop', params: { port: 1, 1: 2, dmac: 1 } } },
      "table 'MyIngress.ipv6_lpm' action 'MyIngress.set_next_hop': parameter 'port' is given twice (by name and id)",
      P4ValueError,
    ],
    [
      'a bad value and an unknown key: the value, found first in parameter order',
      { ...route, action: { name: 'set_next_hop', params: { prt: 2, dmac: 1, port: 512 } } },
      "parameter 'port' (9 bits): value 0x200 does not fit in 9 bits",
      P4ValueError,
    ],
    [
      'a bad value and a missing parameter: the value',
      { ...route, action: { name: 'set_next_hop', params: { dmac: 2 ** 49 } } },
      "parameter 'dmac' (48 bits): value 0x2000000000000 does not fit in 48 bits",
      P4ValueError,
    ],
    [
      'a member on a direct table',
      { ...route, action: { member: 1 } },
      "table 'MyIngress.ipv6_lpm': an action profile member is not valid for table 'MyIngress.ipv6_lpm' (it has direct actions); expected { name, params }",
      P4SchemaError,
    ],
    [
      'a direct action on an indirect table',
      { table: 'nexthop', match: { nexthop_id: 1 }, action: { name: 'MyIngress.drop' } },
      "(it uses action profile 'MyIngress.nexthop_profile'); expected { member }",
      P4SchemaError,
    ],
    [
      'a group without a selector',
      { table: 'nexthop', match: { nexthop_id: 1 }, action: { group: 1 } },
      'an action profile group is not valid',
      P4SchemaError,
    ],
    [
      'member id 0',
      { table: 'nexthop', match: { nexthop_id: 1 }, action: { member: 0 } },
      "table 'MyIngress.nexthop' member id: 0 is not valid (ids start at 1)",
      P4ValueError,
    ],
    [
      'an empty one-shot set',
      { table: 'ecmp', match: {}, action: { oneShot: [] } },
      'a one-shot action set needs at least one action',
      P4ValueError,
    ],
    [
      'a one-shot action of weight 0',
      {
        table: 'ecmp',
        match: {},
        action: {
          oneShot: [{ action: { name: 'set_next_hop', params: { port: 1, dmac: 1 } }, weight: 0 }],
        },
      },
      "table 'MyIngress.ecmp' one-shot action #0 weight: 0 is not valid (expected > 0)",
      P4ValueError,
    ],
    [
      'a default entry with a match',
      { table: 'ipv6_lpm', isDefault: true, match: { vrf: 1 } },
      "table 'MyIngress.ipv6_lpm' default entry: takes no match",
      P4ValueError,
    ],
    [
      'a default entry with a priority',
      { table: 'acl', isDefault: true, priority: 3 },
      'default entry: takes no priority (got 3)',
      P4ValueError,
    ],
    [
      'idle timeout on a table without it',
      { ...route, idleTimeoutNs: 10 },
      "table 'MyIngress.ipv6_lpm': idleTimeoutNs 10 given, but the table has no idle timeout (expected none)",
      P4SchemaError,
    ],
    [
      'a counter on a table without one',
      { ...route, counterData: { packets: 1 } },
      "table 'MyIngress.ipv6_lpm': counterData given, but the table has no direct counter",
      P4SchemaError,
    ],
    [
      'a meter on a table without one',
      { table: 'ipv4_lpm', meterConfig: { cir: 1, cburst: 1, pir: 1, pburst: 1 } },
      'meterConfig given, but the table has no direct meter',
      P4SchemaError,
    ],
    [
      'a two-rate meter with eburst',
      { table: 'acl', meterConfig: { cir: 1, cburst: 1, pir: 1, pburst: 1, eburst: 5 } },
      "table 'MyIngress.acl' meterConfig: eburst 5 given, but a two-rate three-colour meter takes none",
      P4ValueError,
    ],
    [
      'a negative counter',
      { table: 'acl', counterData: { bytes: -1 } },
      "table 'MyIngress.acl' counterData bytes: -1 is out of range (expected 0 to 2^63-1)",
      P4ValueError,
    ],
    [
      'a match entry in a keyless table',
      { table: 'keyless', match: {}, action: { name: 'MyEgress.drop' } },
      "table 'MyEgress.keyless' has no match key: only its default entry (isDefault: true) can be written",
      P4SchemaError,
    ],
    [
      'a match without a table',
      { match: { vrf: 1 } },
      'a table entry without a table reads every table and takes no match; give a table',
      P4SchemaError,
    ],
  ])('%s', (_what, spec, message, type) => {
    const run = () => new TableEntry(spec).encode(schema);
    expect(run).toThrow(type);
    expect(run).toThrow(message);
  });
});

it('writes the default entry of a keyless table', () => {
  const e = new TableEntry({
    table: 'keyless',
    isDefault: true,
    action: { name: 'MyEgress.drop' },
  });
  expect(e.encode(schema)).toEqual({
    table_entry: {
      table_id: 0x02000008,
      is_default_action: true,
      action: { action: { action_id: 0x01000006, params: [] } },
    },
  });
});
