/**
 * Malformed and refused updates of every kind (spec §9, §12): each gets the code the spec
 * names, and nothing stored changes (checked with a full Read before and after).
 */
import type { P4RuntimeClient } from '../../p4runtime/client/client';
import type { Update } from '../../p4runtime/entities';
import { P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { p4 } from '../../p4runtime/proto';
import { Code, TestSwitch, entity, kitchenSinkP4Info, readAll } from './harness';

// Kitchen-sink ids (test/fixtures/kitchen_sink.p4info.txt).
const IPV4_LPM = 33554433; // lpm bit<32>; set_next_hop | drop | @defaultonly NoAction; direct counter
const IPV6_LPM = 33554434; // exact vrf bit<16> + lpm bit<128>; no direct resources, no idle timeout
const ACL = 33554435; // ternary, ternary, ternary, range, optional; direct counter + meter
const ECMP = 33554437; // selector table
const NEXTHOP = 33554438; // action profile table
const SET_NEXT_HOP = 16777219; // (port bit<9>, dmac bit<48>)
const PUNT = 16777221; // punt_to_cpu(reason bit<8>), an acl action only

const nextHop = (port = '\\x01', dmac = '\\x00\\x00\\x00\\x00\\x00\\x01') =>
  `action { action_id: ${SET_NEXT_HOP} params { param_id: 1 value: "${port}" } params { param_id: 2 value: "${dmac}" } }`;
const v4Route = (value: string, len: number, action = `action { ${nextHop()} }`) =>
  `table_entry { table_id: ${IPV4_LPM} match { field_id: 1 lpm { value: "${value}" prefix_len: ${len} } } ${action} }`;
const aclEntry = (match: string, priority: number) =>
  `table_entry { table_id: ${ACL} ${match} priority: ${priority} action { action { action_id: 16777218 } } }`;

/** What is stored before any case runs. */
const SETUP: Update[] = [
  { type: 'insert', entity: entity(v4Route('\\x0a\\x00\\x00\\x00', 8)) },
  {
    type: 'insert',
    entity: entity(
      aclEntry('match { field_id: 3 ternary { value: "\\x08\\x00" mask: "\\xff\\xff" } }', 10),
    ),
  },
  {
    type: 'insert',
    entity: entity(
      `action_profile_member { action_profile_id: 285212673 member_id: 1 ${nextHop('\\x02')} }`,
    ),
  },
  {
    type: 'insert',
    entity: entity(
      `table_entry { table_id: ${NEXTHOP} match { field_id: 1 exact { value: "\\x01" } } action { action_profile_member_id: 1 } }`,
    ),
  },
  {
    type: 'modify',
    entity: entity(
      'counter_entry { counter_id: 301989889 index { index: 2 } data { packet_count: 4 } }',
    ),
  },
];

/** [what, update type, entity in text format, expected code]. */
type Case = [string, 'insert' | 'modify' | 'delete', string, Code];

const TABLE_CASES: Case[] = [
  [
    'unknown table id',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8).replace(`${IPV4_LPM}`, '33554499'),
    Code.INVALID_ARGUMENT,
  ],
  [
    'unknown action id',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8, 'action { action { action_id: 16777299 } }'),
    Code.INVALID_ARGUMENT,
  ],
  [
    'action not in the table',
    'insert',
    v4Route(
      '\\x0b\\x00\\x00\\x00',
      8,
      `action { action { action_id: ${PUNT} params { param_id: 1 value: "\\x01" } } }`,
    ),
    Code.INVALID_ARGUMENT,
  ],
  [
    '@defaultonly action in an entry',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8, 'action { action { action_id: 16777217 } }'),
    Code.PERMISSION_DENIED,
  ],
  [
    'unknown match field id',
    'insert',
    `table_entry { table_id: ${IPV4_LPM} match { field_id: 9 lpm { value: "\\x0b" prefix_len: 8 } } action { ${nextHop()} } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'match kind not the field kind',
    'insert',
    `table_entry { table_id: ${IPV4_LPM} match { field_id: 1 exact { value: "\\x0b" } } action { ${nextHop()} } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'exact field left out',
    'insert',
    `table_entry { table_id: ${IPV6_LPM} match { field_id: 2 lpm { value: "\\x20" prefix_len: 8 } } action { action { action_id: 16777218 } } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'unknown param id',
    'insert',
    v4Route(
      '\\x0b\\x00\\x00\\x00',
      8,
      `action { action { action_id: ${SET_NEXT_HOP} params { param_id: 1 value: "\\x01" } params { param_id: 3 value: "\\x01" } } }`,
    ),
    Code.INVALID_ARGUMENT,
  ],
  [
    'missing param',
    'insert',
    v4Route(
      '\\x0b\\x00\\x00\\x00',
      8,
      `action { action { action_id: ${SET_NEXT_HOP} params { param_id: 1 value: "\\x01" } } }`,
    ),
    Code.INVALID_ARGUMENT,
  ],
  [
    'param value wider than its bitwidth',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8, `action { ${nextHop('\\x02\\x00')} }`),
    Code.INVALID_ARGUMENT,
  ],
  [
    'match value wider than its bitwidth',
    'insert',
    v4Route('\\x01\\x0b\\x00\\x00\\x00', 8),
    Code.INVALID_ARGUMENT,
  ],
  ['empty bytestring', 'insert', v4Route('', 8), Code.INVALID_ARGUMENT],
  ['LPM bits past the prefix', 'insert', v4Route('\\x0b\\x00\\x00\\x01', 8), Code.INVALID_ARGUMENT],
  ['LPM prefix 0 written out', 'insert', v4Route('\\x00', 0), Code.INVALID_ARGUMENT],
  [
    'LPM prefix longer than the field',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 33),
    Code.INVALID_ARGUMENT,
  ],
  [
    'ternary bits outside the mask',
    'insert',
    aclEntry('match { field_id: 3 ternary { value: "\\x0f" mask: "\\xf0" } }', 5),
    Code.INVALID_ARGUMENT,
  ],
  [
    'ternary mask zero written out',
    'insert',
    aclEntry('match { field_id: 3 ternary { value: "\\x00" mask: "\\x00" } }', 5),
    Code.INVALID_ARGUMENT,
  ],
  [
    'range low above high',
    'insert',
    aclEntry('match { field_id: 4 range { low: "\\x05" high: "\\x04" } }', 5),
    Code.INVALID_ARGUMENT,
  ],
  [
    'missing priority',
    'insert',
    aclEntry('match { field_id: 3 ternary { value: "\\x86\\xdd" mask: "\\xff\\xff" } }', 0),
    Code.INVALID_ARGUMENT,
  ],
  [
    'unexpected priority',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8).replace('table_entry {', 'table_entry { priority: 3'),
    Code.INVALID_ARGUMENT,
  ],
  [
    'insert of an existing entry',
    'insert',
    v4Route('\\x0a\\x00\\x00\\x00', 8, `action { ${nextHop('\\x05')} }`),
    Code.ALREADY_EXISTS,
  ],
  [
    'insert of an existing entry in padded bytes',
    'insert',
    v4Route('\\x00\\x0a\\x00\\x00\\x00', 8),
    Code.ALREADY_EXISTS,
  ],
  ['modify of an absent entry', 'modify', v4Route('\\x0b\\x00\\x00\\x00', 8), Code.NOT_FOUND],
  ['delete of an absent entry', 'delete', v4Route('\\x0b\\x00\\x00\\x00', 8), Code.NOT_FOUND],
  [
    'insert without an action',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8, ''),
    Code.INVALID_ARGUMENT,
  ],
  [
    'insert of the default entry',
    'insert',
    `table_entry { table_id: ${IPV4_LPM} is_default_action: true action { ${nextHop()} } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'default entry with a match',
    'modify',
    `table_entry { table_id: ${IPV4_LPM} is_default_action: true match { field_id: 1 lpm { value: "\\x0a" prefix_len: 8 } } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'default entry of an indirect table (const NoAction)',
    'modify',
    `table_entry { table_id: ${ECMP} is_default_action: true }`,
    Code.PERMISSION_DENIED,
  ],
  [
    'direct action in an indirect table',
    'insert',
    `table_entry { table_id: ${NEXTHOP} match { field_id: 1 exact { value: "\\x02" } } action { ${nextHop()} } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'member id in a direct table',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8, 'action { action_profile_member_id: 1 }'),
    Code.INVALID_ARGUMENT,
  ],
  [
    'absent member',
    'insert',
    `table_entry { table_id: ${NEXTHOP} match { field_id: 1 exact { value: "\\x02" } } action { action_profile_member_id: 9 } }`,
    Code.NOT_FOUND,
  ],
  [
    'idle timeout in a table without it',
    'insert',
    `table_entry { table_id: ${IPV6_LPM} match { field_id: 1 exact { value: "\\x01" } } action { action { action_id: 16777218 } } idle_timeout_ns: 1000 }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'counter data in a table without a direct counter',
    'insert',
    `table_entry { table_id: ${IPV6_LPM} match { field_id: 1 exact { value: "\\x01" } } action { action { action_id: 16777218 } } counter_data { packet_count: 1 } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'is_const set',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8).replace('table_entry {', 'table_entry { is_const: true'),
    Code.INVALID_ARGUMENT,
  ],
  [
    'time_since_last_hit set',
    'insert',
    v4Route('\\x0b\\x00\\x00\\x00', 8).replace(
      'table_entry {',
      'table_entry { time_since_last_hit {}',
    ),
    Code.INVALID_ARGUMENT,
  ],
  [
    'per-colour meter counters',
    'insert',
    aclEntry('match { field_id: 3 ternary { value: "\\x86\\xdd" mask: "\\xff\\xff" } }', 5).replace(
      'priority',
      'meter_counter_data {} priority',
    ),
    Code.UNIMPLEMENTED,
  ],
];

const OTHER_CASES: Case[] = [
  [
    'unknown counter id',
    'modify',
    'counter_entry { counter_id: 301989999 index { index: 0 } data { packet_count: 1 } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'counter index past the array',
    'modify',
    'counter_entry { counter_id: 301989889 index { index: 512 } data { packet_count: 1 } }',
    Code.OUT_OF_RANGE,
  ],
  [
    'negative counter index',
    'modify',
    'counter_entry { counter_id: 301989889 index { index: -1 } data { packet_count: 1 } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'counter INSERT',
    'insert',
    'counter_entry { counter_id: 301989889 index { index: 0 } data { packet_count: 1 } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'meter index past the array',
    'modify',
    'meter_entry { meter_id: 335544321 index { index: 512 } config { cir: 1 cburst: 1 pir: 1 pburst: 1 } }',
    Code.OUT_OF_RANGE,
  ],
  [
    'meter with eburst (two-rate meter)',
    'modify',
    'meter_entry { meter_id: 335544321 index { index: 1 } config { cir: 1 cburst: 1 pir: 1 pburst: 1 eburst: 1 } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'register index past the array',
    'modify',
    'register_entry { register_id: 369098753 index { index: 1024 } data { bitstring: "\\x01" } }',
    Code.OUT_OF_RANGE,
  ],
  [
    'register value wider than its cell',
    'modify',
    'register_entry { register_id: 369098753 index { index: 1 } data { bitstring: "\\x01\\x00\\x00\\x00\\x00" } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'direct counter of an absent entry',
    'modify',
    `direct_counter_entry { table_entry { table_id: ${IPV4_LPM} match { field_id: 1 lpm { value: "\\x0b\\x00\\x00\\x00" prefix_len: 8 } } } data { packet_count: 1 } }`,
    Code.NOT_FOUND,
  ],
  [
    'direct counter INSERT',
    'insert',
    `direct_counter_entry { table_entry { table_id: ${IPV4_LPM} match { field_id: 1 lpm { value: "\\x0a\\x00\\x00\\x00" prefix_len: 8 } } } data { packet_count: 1 } }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'member of an unknown profile',
    'insert',
    `action_profile_member { action_profile_id: 285212699 member_id: 2 ${nextHop()} }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'member id 0',
    'insert',
    `action_profile_member { action_profile_id: 285212673 member_id: 0 ${nextHop()} }`,
    Code.INVALID_ARGUMENT,
  ],
  [
    'member insert twice',
    'insert',
    `action_profile_member { action_profile_id: 285212673 member_id: 1 ${nextHop()} }`,
    Code.ALREADY_EXISTS,
  ],
  [
    'delete of a member in use',
    'delete',
    'action_profile_member { action_profile_id: 285212673 member_id: 1 }',
    Code.FAILED_PRECONDITION,
  ],
  [
    'group of a profile without selector',
    'insert',
    'action_profile_group { action_profile_id: 285212673 group_id: 1 }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'group with an absent member',
    'insert',
    'action_profile_group { action_profile_id: 285212674 group_id: 1 members { member_id: 7 weight: 1 } }',
    Code.NOT_FOUND,
  ],
  [
    'multicast group id 0',
    'insert',
    'packet_replication_engine_entry { multicast_group_entry { multicast_group_id: 0 replicas { port: "\\x01" } } }',
    Code.INVALID_ARGUMENT,
  ],
  [
    'multicast backup replicas',
    'insert',
    'packet_replication_engine_entry { multicast_group_entry { multicast_group_id: 1 replicas { port: "\\x01" backup_replicas { port: "\\x02" } } } }',
    Code.UNIMPLEMENTED,
  ],
  [
    'clone session modify of an absent one',
    'modify',
    'packet_replication_engine_entry { clone_session_entry { session_id: 5 replicas { port: "\\x01" } } }',
    Code.NOT_FOUND,
  ],
  [
    'digest modify before insert',
    'modify',
    'digest_entry { digest_id: 385875969 config { max_list_size: 1 } }',
    Code.NOT_FOUND,
  ],
  [
    'value set larger than its size',
    'modify',
    `value_set_entry { value_set_id: 50331649 ${[1, 2, 3, 4, 5].map((v) => `members { match { field_id: 1 exact { value: "\\x0${v}" } } }`).join(' ')} }`,
    Code.RESOURCE_EXHAUSTED,
  ],
  [
    'value set with a duplicate member',
    'modify',
    'value_set_entry { value_set_id: 50331649 members { match { field_id: 1 exact { value: "\\x01" } } } members { match { field_id: 1 exact { value: "\\x00\\x01" } } } }',
    Code.ALREADY_EXISTS,
  ],
  [
    'extern entry',
    'insert',
    'extern_entry { extern_type_id: 129 extern_id: 1 }',
    Code.UNIMPLEMENTED,
  ],
  ['an entity with nothing set', 'insert', '', Code.INVALID_ARGUMENT],
];

describe('malformed updates', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeAll(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
    await c.write(SETUP);
  });
  afterAll(async () => sw.close());

  /** Everything readable, encoded, to compare before and after. */
  async function snapshot(): Promise<string[]> {
    const all = await readAll(c, [
      { table_entry: { counter_data: {}, meter_config: {} } },
      { table_entry: { table_id: IPV4_LPM, is_default_action: true, counter_data: {} } },
      { action_profile_member: {} },
      { action_profile_group: {} },
      { counter_entry: {} },
      { meter_entry: {} },
      { register_entry: { register_id: 369098753 } },
      { packet_replication_engine_entry: { multicast_group_entry: {} } },
      { packet_replication_engine_entry: { clone_session_entry: {} } },
      { digest_entry: {} },
      { value_set_entry: {} },
    ]);
    return all.map((e) => Buffer.from(p4.v1.Entity.encode(e).finish()).toString('hex'));
  }

  it.each([...TABLE_CASES, ...OTHER_CASES])('%s', async (_name, type, text, code) => {
    const before = await snapshot();
    const err = await c.write([{ type, entity: entity(text) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    expect((err as P4RuntimeWriteError).failures).toEqual([
      expect.objectContaining({ index: 0, code, message: expect.any(String) }),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('update type UNSPECIFIED is INVALID_ARGUMENT', async () => {
    const err = (await c
      .writeRaw([
        { type: p4.v1.Update.Type.UNSPECIFIED, entity: entity(v4Route('\\x0b\\x00\\x00\\x00', 8)) },
      ])
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures.map((f) => f.code)).toEqual([Code.INVALID_ARGUMENT]);
  });

  it('accepts a value with leading zero bytes and reads it back canonical', async () => {
    await c.write([
      {
        type: 'insert',
        entity: entity(
          v4Route('\\x00\\x00\\x0c\\x00\\x00\\x00', 8, `action { ${nextHop('\\x00\\x03')} }`),
        ),
      },
    ]);
    const [e] = await readAll(c, [
      entity(
        `table_entry { table_id: ${IPV4_LPM} match { field_id: 1 lpm { value: "\\x0c\\x00\\x00\\x00" prefix_len: 8 } } }`,
      ),
    ]);
    expect(Array.from(e.table_entry!.match![0].lpm!.value!)).toEqual([0x0c, 0, 0, 0]);
    expect(Array.from(e.table_entry!.action!.action!.params![0].value!)).toEqual([3]);
    await c.write([{ type: 'delete', entity: entity(v4Route('\\x0c\\x00\\x00\\x00', 8)) }]);
  });
});
