import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import {
  ActionProfileGroup,
  ActionProfileMember,
  CloneSessionEntry,
  CounterEntry,
  DirectCounterEntry,
  MulticastGroupEntry,
  RegisterEntry,
  TableEntry,
} from '../entities';
import { entityKey, sameEntity, type AnyEntity } from './index';

const schema = kitchenSink();
const hop = (port: number) => ({
  name: 'MyIngress.set_next_hop',
  params: { port, dmac: '00:00:00:00:00:01' },
});
const v4 = (dst: string, port = 1, extra = {}) =>
  new TableEntry({
    table: 'MyIngress.ipv4_lpm',
    match: { 'hdr.ipv4.dst_addr': dst },
    action: hop(port),
    ...extra,
  });
const acl = (priority: number, src: unknown = { value: '2001:db8::', mask: 'ffff:ffff::' }) =>
  new TableEntry({
    table: 'acl',
    match: { 'hdr.ipv6.src_addr': src as string },
    priority,
    action: { name: 'MyIngress.drop' },
  });

describe('entityKey: identity as the P4Runtime spec defines it (§9)', () => {
  // Pairs that are the same entity, however they are spelt.
  const same: [string, AnyEntity, AnyEntity][] = [
    [
      'lpm as text and as { value, prefixLen }',
      v4('10.0.0.0/8'),
      new TableEntry({
        table: 'ipv4_lpm',
        match: { 'hdr.ipv4.dst_addr': { value: 0x0a000000, prefixLen: 8 } },
        action: hop(1),
      }),
    ],
    [
      'table by alias, full name and id',
      v4('10.0.0.0/8'),
      new TableEntry({
        table: schema.tables.get('ipv4_lpm').id,
        match: { dst_addr: '10.0.0.0/8' },
      }),
    ],
    ['an entry and its Entity message', v4('10.1.0.0/16'), v4('10.1.0.0/16').encode(schema)],
    [
      'an entry with another action (identity ignores contents)',
      v4('10.0.0.0/8', 1),
      v4('10.0.0.0/8', 2),
    ],
    ['ternary as text and object', acl(5), acl(5, '2001:db8::&&&ffff:ffff::')],
    [
      'the default entry, whatever its action',
      new TableEntry({ table: 'ipv4_lpm', isDefault: true }),
      new TableEntry({ table: 'ipv4_lpm', isDefault: true, action: { name: 'MyIngress.drop' } }),
    ],
    [
      'a member with another action',
      new ActionProfileMember({ profile: 'nexthop_profile', memberId: 3, action: hop(1) }),
      new ActionProfileMember({
        profile: 'MyIngress.nexthop_profile',
        memberId: 3,
        action: hop(2),
      }),
    ],
    [
      'a group with other members',
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 1,
        maxSize: 4,
        members: [{ member: 1 }],
      }),
      new ActionProfileGroup({ profile: 'ecmp_selector', groupId: 1 }),
    ],
    [
      'a multicast group with other replicas',
      new MulticastGroupEntry({ groupId: 7, replicas: [1] }),
      new MulticastGroupEntry({ groupId: 7, replicas: [2, 3] }),
    ],
    [
      'a counter cell with other data',
      new CounterEntry({ counter: 'port_counter', index: 4, data: { packets: 1 } }),
      new CounterEntry({ counter: 'port_counter', index: 4 }),
    ],
    [
      'a direct counter entry: its table entry',
      new DirectCounterEntry({ entry: v4('10.0.0.0/8') }),
      new DirectCounterEntry({ entry: v4('10.0.0.0/8', 9) }),
    ],
  ];
  it.each(same)('same key: %s', (_what, a, b) => {
    expect(entityKey(a, schema)).toBe(entityKey(b, schema));
  });

  // Pairs that are different entities.
  const different: [string, AnyEntity, AnyEntity][] = [
    ['another prefix', v4('10.0.0.0/8'), v4('10.0.0.0/9')],
    ['another priority', acl(5), acl(6)],
    [
      'an entry and the default entry',
      new TableEntry({ table: 'ipv4_lpm', match: {} }),
      new TableEntry({ table: 'ipv4_lpm', isDefault: true }),
    ],
    ['another table', v4('10.0.0.0/8'), new TableEntry({ table: 'smac', match: { src_addr: 1 } })],
    [
      'member and group of the same number',
      new ActionProfileMember({ profile: 'ecmp_selector', memberId: 1 }),
      new ActionProfileGroup({ profile: 'ecmp_selector', groupId: 1 }),
    ],
    [
      'another member id',
      new ActionProfileMember({ profile: 'nexthop_profile', memberId: 1 }),
      new ActionProfileMember({ profile: 'nexthop_profile', memberId: 2 }),
    ],
    [
      'multicast group and clone session of one id',
      new MulticastGroupEntry({ groupId: 7 }),
      new CloneSessionEntry({ sessionId: 7 }),
    ],
    [
      'another register index',
      new RegisterEntry({ register: 'flow_bytes', index: 1 }),
      new RegisterEntry({ register: 'flow_bytes', index: 2 }),
    ],
  ];
  it.each(different)('different keys: %s', (_what, a, b) => {
    expect(entityKey(a, schema)).not.toBe(entityKey(b, schema));
  });
});

const oneShot = (calls: ReturnType<typeof hop>[]) =>
  new TableEntry({
    table: 'ecmp',
    match: { 'hdr.ipv6.dst_addr': '2001:db8::/32' },
    action: { oneShot: calls.map((action) => ({ action })) },
  });

describe('sameEntity: same key and same contents, counts left aside', () => {
  const cases: [string, AnyEntity, AnyEntity, boolean][] = [
    [
      'only the counter data differs',
      v4('10.0.0.0/8', 1, { counterData: { packets: 5, bytes: 100 } }),
      v4('10.0.0.0/8'),
      true,
    ],
    ['another action parameter', v4('10.0.0.0/8', 1), v4('10.0.0.0/8', 2), false],
    [
      'parameters spelt differently',
      v4('10.0.0.0/8', 1),
      new TableEntry({
        table: 'ipv4_lpm',
        match: { dst_addr: '10.0.0.0/8' },
        action: { name: 'set_next_hop', params: { dmac: 1n, port: '0x1' } },
      }),
      true,
    ],
    [
      'metadata differs',
      v4('10.0.0.0/8', 1, { metadata: 'a' }),
      v4('10.0.0.0/8', 1, { metadata: 'b' }),
      false,
    ],
    ['empty metadata and none', v4('10.0.0.0/8', 1, { metadata: '' }), v4('10.0.0.0/8', 1), true],
    [
      'group members in another order',
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 1,
        maxSize: 4,
        members: [{ member: 1 }, { member: 2, weight: 2 }],
      }),
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 1,
        maxSize: 4,
        members: [{ member: 2, weight: 2 }, { member: 1 }],
      }),
      true,
    ],
    [
      'a member weight differs',
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 1,
        maxSize: 4,
        members: [{ member: 1 }],
      }),
      new ActionProfileGroup({
        profile: 'ecmp_selector',
        groupId: 1,
        maxSize: 4,
        members: [{ member: 1, weight: 2 }],
      }),
      false,
    ],
    [
      'replicas in another order',
      new MulticastGroupEntry({ groupId: 7, replicas: [1, { port: 2, instance: 1 }] }),
      new MulticastGroupEntry({ groupId: 7, replicas: [{ port: 2, instance: 1 }, 1] }),
      true,
    ],
    [
      'another idle timeout',
      new TableEntry({
        table: 'smac',
        match: { src_addr: 1 },
        action: { name: 'NoAction' },
        idleTimeoutNs: 10,
      }),
      new TableEntry({ table: 'smac', match: { src_addr: 1 }, action: { name: 'NoAction' } }),
      false,
    ],
    ['another key', v4('10.0.0.0/8'), v4('11.0.0.0/8'), false],
    [
      'one-shot actions in another order',
      oneShot([hop(1), hop(2)]),
      oneShot([hop(2), hop(1)]),
      true,
    ],
    ['another one-shot set', oneShot([hop(1), hop(2)]), oneShot([hop(1), hop(3)]), false],
  ];
  it.each(cases)('%s', (_what, a, b, equal) => {
    expect(sameEntity(a, b, schema)).toBe(equal);
    expect(sameEntity(b, a, schema)).toBe(equal);
  });
});
