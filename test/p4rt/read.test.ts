/**
 * Read (spec §9.1.8, §13): wildcards, one entry, the default entry, counter data on request,
 * read-write symmetry, per-request errors and responses split for big reads.
 */
import type { P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeReadError } from '../../p4runtime/client/errors';
import { p4 } from '../../p4runtime/proto';
import { Code, TestSwitch, entity, kitchenSinkP4Info, rawRead, readAll } from './harness';

const PORT_TABLE = 33554433;
const TO_PORT = 16777217;
const TO_CPU = 16777218;
const esc = (n: number) => `\\x${n.toString(16).padStart(2, '0')}`;
const route = (port: number, to: number, extra = '') =>
  entity(`
    table_entry {
      table_id: ${PORT_TABLE}
      match { field_id: 1 exact { value: "${esc(port)}" } }
      action { action { action_id: ${TO_PORT} params { param_id: 1 value: "${esc(to)}" } } }
      ${extra}
    }`);
const encode = (e: p4.v1.IEntity) => Buffer.from(p4.v1.Entity.encode(e).finish()).toString('hex');

describe('Read', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start([{}], { readBatchSize: 2 });
    c = await sw.primary();
    await c.write(
      [1, 2, 3, 4, 5].map((p) => ({ type: 'insert' as const, entity: route(p, p + 10) })),
    );
  });
  afterEach(async () => sw.close());

  it('reads all entries of all tables (table_id 0), in several responses for a big read', async () => {
    const res = await rawRead(sw, [{ table_entry: {} }]);
    expect(res.code).toBe(Code.OK);
    expect(res.entities).toHaveLength(5);
    expect(res.responses).toBe(3); // batches of 2
  });

  it('reads one table, and one entry by its match', async () => {
    expect(await readAll(c, [{ table_entry: { table_id: PORT_TABLE } }])).toHaveLength(5);
    const one = await readAll(c, [route(3, 0)]); // the action is not a filter here: only the key
    expect(one.map(encode)).toEqual([encode(route(3, 13))]);
    expect(await readAll(c, [route(9, 0)])).toEqual([]);
  });

  it('returns what was written, byte for byte (read-write symmetry)', async () => {
    const written = route(
      7,
      8,
      'idle_timeout_ns: 5000000000 metadata: "cookie" controller_metadata: 77',
    );
    await c.write([{ type: 'insert', entity: written }]);
    const [read] = await readAll(c, [route(7, 0)]);
    expect(encode(read)).toBe(encode(written));
  });

  it('includes counter data only when asked for', async () => {
    sw.device.inject(2, new Uint8Array(100));
    sw.device.inject(2, new Uint8Array(50));
    const plain = await readAll(c, [route(2, 0)]);
    expect(plain[0].table_entry!.counter_data).toBeFalsy();
    const counted = await readAll(c, [
      { table_entry: { ...route(2, 0).table_entry, counter_data: {} } },
    ]);
    expect(counted[0].table_entry!.counter_data).toMatchObject({});
    expect(Number(counted[0].table_entry!.counter_data!.packet_count)).toBe(2);
    expect(Number(counted[0].table_entry!.counter_data!.byte_count)).toBe(150);
    const direct = await readAll(c, [
      { direct_counter_entry: { table_entry: route(2, 0).table_entry } },
    ]);
    expect(Number(direct[0].direct_counter_entry!.data!.packet_count)).toBe(2);
  });

  it('reads the default entry: the program default, a set one, and after a reset', async () => {
    const read = async () =>
      (
        await readAll(c, [
          { table_entry: { table_id: PORT_TABLE, is_default_action: true, counter_data: {} } },
        ])
      )[0].table_entry!;
    await expect(read()).resolves.toMatchObject({
      is_default_action: true,
      action: { action: { action_id: TO_CPU } },
    });
    // bmv2 counts direct counters on hits only: a miss leaves the default entry's count at 0.
    sw.device.inject(9, new Uint8Array(10));
    expect(Number((await read()).counter_data!.packet_count)).toBe(0);
    await c.write([
      {
        type: 'modify',
        entity: entity(
          `table_entry { table_id: ${PORT_TABLE} is_default_action: true action { action { action_id: 16777219 } } }`,
        ),
      },
    ]);
    expect((await read()).action!.action!.action_id).toBe(16777219);
    expect(sw.device.inject(9, Uint8Array.of(1))).toEqual([]); // drop
    await c.write([
      {
        type: 'modify',
        entity: entity(`table_entry { table_id: ${PORT_TABLE} is_default_action: true }`),
      },
    ]);
    expect((await read()).action!.action!.action_id).toBe(TO_CPU);
  });

  it('filters by action and by metadata', async () => {
    await c.write([{ type: 'modify', entity: route(4, 14, 'metadata: "tag"') }]);
    expect(
      await readAll(c, [{ table_entry: { table_id: PORT_TABLE, metadata: Buffer.from('tag') } }]),
    ).toHaveLength(1);
    expect(
      await readAll(c, [
        { table_entry: { table_id: PORT_TABLE, action: { action: { action_id: TO_CPU } } } },
      ]),
    ).toHaveLength(0);
  });

  it('reports time since last hit when asked, for an ageing entry', async () => {
    await c.write([{ type: 'insert', entity: route(20, 1, 'idle_timeout_ns: 60000000000') }]);
    const [e] = await readAll(c, [
      { table_entry: { ...route(20, 0).table_entry, time_since_last_hit: {} } },
    ]);
    expect(e.table_entry!.time_since_last_hit).toBeTruthy();
    expect(Number(e.table_entry!.time_since_last_hit!.elapsed_ns)).toBeGreaterThanOrEqual(0);
    expect(Number(e.table_entry!.time_since_last_hit!.elapsed_ns)).toBeLessThan(5e9);
  });

  it('answers each failed request of a batch with its own error, and the rest with entities', async () => {
    const res = await rawRead(sw, [
      route(1, 0),
      { table_entry: { table_id: 33554999 } },
      {},
      { table_entry: { match: route(1, 0).table_entry!.match } },
      route(2, 0),
    ]);
    expect(res.code).toBe(Code.UNKNOWN);
    expect(res.errors.map((e) => e.canonical_code)).toEqual([
      Code.OK,
      Code.INVALID_ARGUMENT,
      Code.INVALID_ARGUMENT,
      Code.INVALID_ARGUMENT,
      Code.OK,
    ]);
    expect(res.entities.map(encode)).toEqual([encode(route(1, 11)), encode(route(2, 12))]);
    // The status message names the first failure; our client lists each one by index.
    const err = await readAll(c, [route(1, 0), { table_entry: { table_id: 33554999 } }]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(P4RuntimeReadError);
    expect(err).toMatchObject({
      code: Code.UNKNOWN,
      details: expect.stringContaining('table id 33554999 is not in the P4Info'),
    });
    expect((err as P4RuntimeReadError).failures).toEqual([
      expect.objectContaining({ index: 1, code: Code.INVALID_ARGUMENT }),
    ]);
  });

  it('answers 1,000 failed requests of one Read, every one by its index (a trailer over 64 KiB)', async () => {
    // Each unknown table id fails with a message naming it: a status of about 85 KB, which comes
    // in several trailer values (docs/p4runtime.md, "Large error lists").
    const requests = Array.from({ length: 1_000 }, (_, i) =>
      i === 123 ? route(3, 0) : { table_entry: { table_id: 33_600_000 + i } },
    );
    const err = await readAll(c, requests).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeReadError);
    const failures = (err as P4RuntimeReadError).failures;
    expect(failures.map((f) => f.index)).toEqual(
      Array.from({ length: 1_000 }, (_, i) => i).filter((i) => i !== 123),
    );
    expect(failures.every((f) => f.code === Code.INVALID_ARGUMENT)).toBe(true);
    expect(failures[998].message).toMatch(/table id 33600999 is not in the P4Info/);
  });

  it('says so at once when the error list of one Read cannot fit a trailer', async () => {
    const requests = Array.from({ length: 5_000 }, (_, i) => ({
      table_entry: { table_id: 33_600_000 + i },
    }));
    const err = await readAll(c, requests).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: Code.UNKNOWN,
      details: expect.stringMatching(
        /^5000 of 5000 read requests failed; #0: INVALID_ARGUMENT: table id 33600000 .* send fewer entities per ReadRequest\)$/,
      ),
    });
  });
});

describe('Read of the other entity kinds', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
  });
  afterEach(async () => sw.close());

  it('reads every counter cell, one array, or one cell; OUT_OF_RANGE past the array', async () => {
    sw.device.inject(3, new Uint8Array(64));
    expect(await readAll(c, [{ counter_entry: {} }])).toHaveLength(512 + 64);
    expect(await readAll(c, [{ counter_entry: { counter_id: 301989890 } }])).toHaveLength(64);
    const [cell] = await readAll(c, [
      entity('counter_entry { counter_id: 301989889 index { index: 3 } }'),
    ]);
    expect([
      Number(cell.counter_entry!.data!.packet_count),
      Number(cell.counter_entry!.data!.byte_count),
    ]).toEqual([1, 64]);
    const res = await rawRead(sw, [
      entity('counter_entry { counter_id: 301989889 index { index: 600 } }'),
    ]);
    expect(res.errors.map((e) => e.canonical_code)).toEqual([Code.OUT_OF_RANGE]);
  });

  it('reads the entries of a table that needs priorities by match and priority', async () => {
    const acl = (priority: number) =>
      entity(
        `table_entry { table_id: 33554435 match { field_id: 3 ternary { value: "\\x08\\x00" mask: "\\xff\\xff" } } priority: ${priority} action { action { action_id: 16777218 } } }`,
      );
    await c.write([
      { type: 'insert', entity: acl(10) },
      { type: 'insert', entity: acl(20) },
    ]);
    expect(await readAll(c, [acl(20)])).toHaveLength(1);
    expect(await readAll(c, [{ table_entry: { table_id: 33554435, priority: 10 } }])).toHaveLength(
      1,
    );
    expect(await readAll(c, [{ table_entry: { table_id: 33554435 } }])).toHaveLength(2);
  });
});
