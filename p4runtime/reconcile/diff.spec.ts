import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import type { Update } from '../client/client';
import {
  ActionProfileGroup,
  ActionProfileMember,
  CounterEntry,
  MulticastGroupEntry,
  P4ValueError,
  RegisterEntry,
  TableEntry,
} from '../entities';
import { deletePhases, diff, entityKey, orderedPhases, type AnyEntity } from './index';

const schema = kitchenSink();
const hop = (port: number) => ({
  name: 'MyIngress.set_next_hop',
  params: { port, dmac: '00:00:00:00:00:01' },
});
const v4 = (dst: string, port = 1, extra = {}) =>
  new TableEntry({
    table: 'ipv4_lpm',
    match: { 'hdr.ipv4.dst_addr': dst },
    action: hop(port),
    ...extra,
  });
const acl = (priority: number, port = 1) =>
  new TableEntry({
    table: 'acl',
    match: { 'hdr.ethernet.ether_type': 0x86dd },
    priority,
    action: { name: 'MyIngress.punt_to_cpu', params: { reason: port } },
  });
const member = (id: number, port = 1) =>
  new ActionProfileMember({ profile: 'ecmp_selector', memberId: id, action: hop(port) });
const group = (id: number, ...members: number[]) =>
  new ActionProfileGroup({
    profile: 'ecmp_selector',
    groupId: id,
    maxSize: 8,
    members: members.map((m) => ({ member: m })),
  });
const ecmp = (dst: string, g: number) =>
  new TableEntry({ table: 'ecmp', match: { 'hdr.ipv6.dst_addr': dst }, action: { group: g } });
const mcast = (id: number, ...ports: number[]) =>
  new MulticastGroupEntry({ groupId: id, replicas: ports });
const dflt = (action?: { name: string; params?: Record<string, number | string> }) =>
  new TableEntry({ table: 'ipv4_lpm', isDefault: true, ...(action ? { action } : {}) });

/** The phases as "type key" lines, for readable expectations. */
function show(phases: Update[][]): string[][] {
  return phases.map((p) => p.map((u) => `${u.type} ${entityKey(u.entity as AnyEntity, schema)}`));
}
const k = (e: AnyEntity) => entityKey(e, schema);

describe('diff: the fewest updates, in safe phases', () => {
  const cases: [string, AnyEntity[], AnyEntity[], string[][]][] = [
    ['nothing to do', [], [], []],
    ['equal states', [v4('10.0.0.0/8')], [v4('10.0.0.0/8')], []],
    [
      'counters alone differ: equal',
      [v4('10.0.0.0/8')],
      [v4('10.0.0.0/8', 1, { counterData: { packets: 9 } })],
      [],
    ],
    ['a missing entry is inserted', [v4('10.0.0.0/8')], [], [[`insert ${k(v4('10.0.0.0/8'))}`]]],
    [
      'another action is a modify',
      [v4('10.0.0.0/8', 2)],
      [v4('10.0.0.0/8', 1)],
      [[`modify ${k(v4('10.0.0.0/8'))}`]],
    ],
    ['an extra entry is deleted', [], [v4('10.0.0.0/8')], [[`delete ${k(v4('10.0.0.0/8'))}`]]],
    [
      'another priority is another entry: insert, then delete',
      [acl(2)],
      [acl(1)],
      [[`insert ${k(acl(2))}`], [`delete ${k(acl(1))}`]],
    ],
    [
      'members, then groups, then entries',
      [ecmp('2001:db8::/32', 1), group(1, 1, 2), member(1), member(2)],
      [],
      [
        [`insert ${k(member(1))}`, `insert ${k(member(2))}`],
        [`insert ${k(group(1))}`],
        [`insert ${k(ecmp('2001:db8::/32', 1))}`],
      ],
    ],
    [
      'deletions in reverse: entries, then groups, then members',
      [],
      [member(1), group(1, 1), ecmp('2001:db8::/32', 1)],
      [
        [`delete ${k(ecmp('2001:db8::/32', 1))}`],
        [`delete ${k(group(1))}`],
        [`delete ${k(member(1))}`],
      ],
    ],
    [
      'moving an entry to a new group: the group before the entry, the old group deleted after',
      [member(1), group(2, 1), ecmp('2001:db8::/32', 2)],
      [member(1), group(1, 1), ecmp('2001:db8::/32', 1)],
      [
        [`insert ${k(group(2))}`],
        [`modify ${k(ecmp('2001:db8::/32', 1))}`],
        [`delete ${k(group(1))}`],
      ],
    ],
    [
      'a group losing a member: modify the group, then delete the member',
      [member(1), group(1, 1)],
      [member(1), member(2), group(1, 1, 2)],
      [[`modify ${k(group(1))}`], [`delete ${k(member(2))}`]],
    ],
    [
      'multicast groups before entries, deleted with the members',
      [mcast(5, 1, 2), v4('10.0.0.0/8')],
      [mcast(6, 3)],
      [[`insert ${k(mcast(5))}`], [`insert ${k(v4('10.0.0.0/8'))}`], [`delete ${k(mcast(6))}`]],
    ],
    [
      'a desired default is a modify, never an insert',
      [dflt({ name: 'MyIngress.drop' })],
      [],
      [[`modify ${k(dflt())}`]],
    ],
    [
      'an equal default: nothing',
      [dflt({ name: 'MyIngress.drop' })],
      [dflt({ name: 'MyIngress.drop' })],
      [],
    ],
    [
      'a changed default with none desired is reset, never deleted',
      [],
      [dflt({ name: 'MyIngress.drop' })],
      [[`modify ${k(dflt())}`]],
    ],
    [
      'the initial default (NoAction) with none desired: nothing',
      [],
      [dflt(), new TableEntry({ table: 'acl', isDefault: true, action: { name: 'NoAction' } })],
      [],
    ],
    [
      'register cells are modified, never inserted or deleted',
      [new RegisterEntry({ register: 'flow_bytes', index: 1, data: 5 })],
      [new RegisterEntry({ register: 'flow_bytes', index: 2, data: 5 })],
      [[`modify ${k(new RegisterEntry({ register: 'flow_bytes', index: 1 }))}`]],
    ],
    [
      'counter cells are never written',
      [new CounterEntry({ counter: 'port_counter', index: 1, data: { packets: 0 } })],
      [new CounterEntry({ counter: 'port_counter', index: 1, data: { packets: 3 } })],
      [],
    ],
  ];
  it.each(cases)('%s', (_what, desired, actual, expected) => {
    expect(show(diff(desired, actual, schema))).toEqual(expected);
  });

  it('gives nothing once its updates are applied (a model of the device)', () => {
    const desired = [
      member(1),
      member(2, 2),
      group(1, 1, 2),
      ecmp('2001:db8::/32', 1),
      v4('10.0.0.0/8'),
      dflt({ name: 'MyIngress.drop' }),
    ];
    const actual = [member(3), group(2, 3), ecmp('2001:db8::/32', 2), v4('10.0.0.0/8', 4), acl(1)];
    const state = new Map(actual.map((e) => [k(e), e as AnyEntity]));
    for (const phase of diff(desired, actual, schema)) {
      for (const u of phase) {
        if (u.type === 'delete') state.delete(k(u.entity as AnyEntity));
        else state.set(k(u.entity as AnyEntity), u.entity as AnyEntity);
      }
    }
    expect(diff(desired, [...state.values()], schema)).toEqual([]);
  });

  const refused: [string, AnyEntity[], AnyEntity[], RegExp][] = [
    [
      'one entity twice in desired',
      [v4('10.0.0.0/8', 1), v4('10.0.0.0/8', 2)],
      [],
      /desired\[1\]: table \d+ .* is given twice/,
    ],
    [
      'one entity twice in actual',
      [],
      [member(1), member(1, 2)],
      /actual\[1\]: member .* is given twice/,
    ],
    [
      'a change to the default entry of an indirect table (a const NoAction)',
      [new TableEntry({ table: 'ecmp', isDefault: true, metadata: 'x' })],
      [new TableEntry({ table: 'ecmp', isDefault: true })],
      /default action of table 'MyIngress.ecmp' is const/,
    ],
  ];
  it('takes the device max_size for a desired group without one, and refuses another one', () => {
    const other = new ActionProfileGroup({
      profile: 'ecmp_selector',
      groupId: 1,
      maxSize: 4,
      members: [],
    });
    // The kitchen-sink selector has a max_group_size, so the entity class insists on a
    // max_size: a message without one stands for a controller that leaves it out.
    const looseMsg = other.encode(schema);
    looseMsg.action_profile_group!.max_size = 0;
    expect(diff([looseMsg], [group(1)], schema)).toEqual([]);
    expect(() => diff([other], [group(1)], schema)).toThrow(
      /max_size 4 differs from the device's 8, .* give the group a new id/,
    );
  });

  it.each(refused)('refuses %s', (_what, desired, actual, message) => {
    expect(() => diff(desired, actual, schema)).toThrow(P4ValueError);
    expect(() => diff(desired, actual, schema)).toThrow(message);
  });
});

describe('key-only helpers', () => {
  it('deletes by key alone in safe order, resetting default entries', () => {
    const keysOnly = [
      new ActionProfileMember({ profile: 'ecmp_selector', memberId: 1 }),
      new TableEntry({ table: 'ecmp', match: { 'hdr.ipv6.dst_addr': '2001:db8::/32' } }),
      new ActionProfileGroup({ profile: 'ecmp_selector', groupId: 1 }),
      dflt(),
      new TableEntry({ table: 'ecmp', isDefault: true }), // an indirect table: const default
    ];
    expect(show(deletePhases(keysOnly, schema))).toEqual([
      [`modify ${k(dflt())}`],
      [`delete ${k(ecmp('2001:db8::/32', 1))}`],
      [`delete ${k(group(1))}`],
      [`delete ${k(member(1))}`],
    ]);
  });

  it('modifies and inserts referenced first; defaults are always modifies', () => {
    expect(
      show(
        orderedPhases('insert', [ecmp('2001:db8::/32', 1), group(1, 1), member(1), dflt()], schema),
      ),
    ).toEqual([
      [`insert ${k(member(1))}`],
      [`insert ${k(group(1))}`],
      [`insert ${k(ecmp('2001:db8::/32', 1))}`, `modify ${k(dflt())}`],
    ]);
    expect(show(orderedPhases('modify', [v4('10.0.0.0/8'), member(1)], schema))).toEqual([
      [`modify ${k(member(1))}`],
      [`modify ${k(v4('10.0.0.0/8'))}`],
    ]);
  });
});
