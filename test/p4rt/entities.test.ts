/**
 * The entity kinds besides plain table entries (spec §9.2 to §9.9), written and read back over
 * gRPC on the kitchen-sink P4Info, and the digest stream (§16.4).
 */
import { SwitchEvent, type DigestList, type P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { p4 } from '../../p4runtime/proto';
import {
  Code,
  RawController,
  TestSwitch,
  entity,
  kitchenSinkP4Info,
  next,
  readAll,
} from './harness';

const encode = (e: p4.v1.IEntity) => Buffer.from(p4.v1.Entity.encode(e).finish()).toString('hex');
/** 2000::/8 as a canonical 128-bit LPM value. */
const V6_PREFIX = `lpm { value: "\\x20${'\\x00'.repeat(15)}" prefix_len: 8 }`;
const nextHop = (port: string) =>
  `action { action_id: 16777219 params { param_id: 1 value: "${port}" } params { param_id: 2 value: "\\x01" } }`;

describe('entities (kitchen sink)', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
  });
  afterEach(async () => sw.close());

  /** Writes `text` entities and expects each to read back byte for byte. */
  async function roundTrip(
    type: 'insert' | 'modify',
    texts: string[],
    read: p4.v1.IEntity,
  ): Promise<void> {
    const written = texts.map(entity);
    await c.write(written.map((e) => ({ type, entity: e })));
    expect((await readAll(c, [read])).map(encode)).toEqual(written.map(encode));
  }

  it('action profile members and groups', async () => {
    await roundTrip(
      'insert',
      [1, 2, 3].map(
        (m) =>
          `action_profile_member { action_profile_id: 285212674 member_id: ${m} ${nextHop(`\\x0${m}`)} }`,
      ),
      { action_profile_member: { action_profile_id: 285212674 } },
    );
    await roundTrip(
      'insert',
      [
        'action_profile_group { action_profile_id: 285212674 group_id: 7 members { member_id: 1 weight: 2 } members { member_id: 3 weight: 1 watch_port: "\\x05" } max_size: 8 }',
      ],
      { action_profile_group: {} },
    );
    await c.write([
      {
        type: 'insert',
        entity: entity(
          `table_entry { table_id: 33554437 match { field_id: 1 ${V6_PREFIX} } action { action_profile_group_id: 7 } }`,
        ),
      },
    ]);
    // In use: the group cannot go; a max_size change is refused. Both in one phase (write()
    // would cut them at the change of update type and stop after the refused delete).
    const err = (await c
      .writePhases([
        [
          {
            type: 'delete',
            entity: entity('action_profile_group { action_profile_id: 285212674 group_id: 7 }'),
          },
          {
            type: 'modify',
            entity: entity(
              'action_profile_group { action_profile_id: 285212674 group_id: 7 members { member_id: 1 weight: 1 } max_size: 4 }',
            ),
          },
        ],
      ])
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures.map((f) => f.code)).toEqual([
      Code.FAILED_PRECONDITION,
      Code.INVALID_ARGUMENT,
    ]);
  });

  it('one-shot action sets, read back as written, and never mixed with members', async () => {
    const oneShot = `table_entry { table_id: 33554437 match { field_id: 1 ${V6_PREFIX} } action { action_profile_action_set {
      action_profile_actions { ${nextHop('\\x01')} weight: 1 }
      action_profile_actions { ${nextHop('\\x02')} weight: 3 } } } }`;
    await roundTrip('insert', [oneShot], { table_entry: { table_id: 33554437 } });
    const err = (await c
      .write([
        {
          type: 'insert',
          entity: entity(
            `action_profile_member { action_profile_id: 285212674 member_id: 1 ${nextHop('\\x01')} }`,
          ),
        },
      ])
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures).toEqual([
      expect.objectContaining({
        code: Code.INVALID_ARGUMENT,
        message: expect.stringContaining('one-shot'),
      }),
    ]);
  });

  it('indexed counters: one cell, every cell at once (no index), wildcard reads', async () => {
    await c.write([
      {
        type: 'modify',
        entity: entity(
          'counter_entry { counter_id: 301989890 data { packet_count: 9 byte_count: 90 } }',
        ),
      },
    ]);
    const cells = await readAll(c, [{ counter_entry: { counter_id: 301989890 } }]);
    expect(cells).toHaveLength(64);
    expect(cells.every((e) => Number(e.counter_entry!.data!.packet_count) === 9)).toBe(true);
    await roundTrip(
      'modify',
      [
        'counter_entry { counter_id: 301989889 index { index: 7 } data { byte_count: 3 packet_count: 1 } }',
      ],
      entity('counter_entry { counter_id: 301989889 index { index: 7 } }'),
    );
  });

  it('meters: configure, read back, reset by leaving the config unset', async () => {
    const cell = entity('meter_entry { meter_id: 335544321 index { index: 4 } }');
    await roundTrip(
      'modify',
      [
        'meter_entry { meter_id: 335544321 index { index: 4 } config { cir: 1000 cburst: 100 pir: 2000 pburst: 200 } }',
      ],
      cell,
    );
    await c.write([{ type: 'modify', entity: cell }]);
    expect((await readAll(c, [cell]))[0].meter_entry!.config).toBeFalsy();
  });

  it('direct meters and direct counters of an entry', async () => {
    const acl =
      'table_entry { table_id: 33554435 match { field_id: 3 ternary { value: "\\x08\\x00" mask: "\\xff\\xff" } } priority: 1 }';
    await c.write([
      {
        type: 'insert',
        entity: entity(
          acl.replace('priority: 1', 'priority: 1 action { action { action_id: 16777218 } }'),
        ),
      },
    ]);
    await roundTrip(
      'modify',
      [
        `direct_meter_entry { ${acl.replace('table_entry', 'table_entry')} config { cir: 10 cburst: 10 pir: 20 pburst: 20 } }`,
      ],
      { direct_meter_entry: { table_entry: entity(acl).table_entry } },
    );
    await roundTrip('modify', [`direct_counter_entry { ${acl} data { packet_count: 4 } }`], {
      direct_counter_entry: { table_entry: entity(acl).table_entry },
    });
  });

  it('registers of bit<W> and int<W> cells', async () => {
    await roundTrip(
      'modify',
      [
        'register_entry { register_id: 369098753 index { index: 5 } data { bitstring: "\\x01\\x02" } }',
      ],
      entity('register_entry { register_id: 369098753 index { index: 5 } }'),
    );
    await roundTrip(
      'modify',
      ['register_entry { register_id: 369098754 index { index: 1 } data { bitstring: "\\x9d" } }'],
      entity('register_entry { register_id: 369098754 index { index: 1 } }'),
    );
  });

  it('multicast groups and clone sessions', async () => {
    await roundTrip(
      'insert',
      [
        'packet_replication_engine_entry { multicast_group_entry { multicast_group_id: 3 replicas { port: "\\x01" instance: 1 } replicas { port: "\\x02" } metadata: "m" } }',
      ],
      { packet_replication_engine_entry: { multicast_group_entry: {} } },
    );
    await roundTrip(
      'insert',
      [
        'packet_replication_engine_entry { clone_session_entry { session_id: 100 replicas { port: "\\x01\\xfe" instance: 1 } class_of_service: 2 packet_length_bytes: 128 } }',
      ],
      { packet_replication_engine_entry: { clone_session_entry: { session_id: 100 } } },
    );
    await c.write([
      {
        type: 'delete',
        entity: entity(
          'packet_replication_engine_entry { multicast_group_entry { multicast_group_id: 3 } }',
        ),
      },
    ]);
    expect(
      await readAll(c, [{ packet_replication_engine_entry: { multicast_group_entry: {} } }]),
    ).toEqual([]);
  });

  it('value sets: replace all members, empty with an empty MODIFY', async () => {
    const vs =
      'value_set_entry { value_set_id: 50331649 members { match { field_id: 1 exact { value: "\\x22\\xf3" } } } members { match { field_id: 1 exact { value: "\\x89\\x3b" } } } }';
    await roundTrip('modify', [vs], { value_set_entry: {} });
    await c.write([
      { type: 'modify', entity: entity('value_set_entry { value_set_id: 50331649 }') },
    ]);
    expect((await readAll(c, [{ value_set_entry: {} }]))[0].value_set_entry!.members).toEqual([]);
  });

  it('streams digest lists by the digest config, suppresses repeats until acked', async () => {
    await roundTrip(
      'insert',
      [
        'digest_entry { digest_id: 385875969 config { max_timeout_ns: 0 max_list_size: 1 ack_timeout_ns: 10000000000 } }',
      ],
      { digest_entry: {} },
    );
    const packet = (src: number) =>
      Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, src, 0x08, 0x00]);
    const list = next<DigestList>(c, SwitchEvent.DIGEST_LIST);
    sw.device.inject(3, packet(0xaa));
    const got = await list;
    expect(got.digestId).toBe(385875969);
    expect(got.data).toHaveLength(1);
    expect(got.data[0].struct!.members!.map((m) => Array.from(m.bitstring!))).toEqual([
      [0xaa],
      [3],
    ]);
    // The same learn again before the ack is suppressed; after the ack it is sent again.
    let lists = 0;
    c.on(SwitchEvent.DIGEST_LIST, () => lists++);
    sw.device.inject(3, packet(0xaa));
    await c.capabilities();
    expect(lists).toBe(0);
    c.ackDigest(got);
    await c.capabilities();
    const again = next<DigestList>(c, SwitchEvent.DIGEST_LIST);
    sw.device.inject(3, packet(0xaa));
    expect((await again).listId).not.toBe(got.listId);
  });

  it('refuses a DigestListAck for an unknown digest with a StreamError', async () => {
    const raw = new RawController(sw, 20n);
    await raw.expect((m) => m.arbitration?.status?.code === Code.OK);
    raw.send({ digest_ack: { digest_id: 99, list_id: 1 as never } });
    const { error } = await raw.expect((m) => !!m.error);
    expect(error).toMatchObject({
      canonical_code: Code.INVALID_ARGUMENT,
      digest_list_ack: { digest_list_ack: { digest_id: 99 } },
    });
  });
});
