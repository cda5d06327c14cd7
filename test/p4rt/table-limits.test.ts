/**
 * Table limits (spec §9.1): RESOURCE_EXHAUSTED at the P4Info size, const tables and const
 * default actions (PERMISSION_DENIED).
 */
import { P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { Code, TestSwitch, entity, kitchenSinkP4Info, readAll } from './harness';

const IPV4_LPM = 33554433;

describe('table capacity and const tables', () => {
  let sw: TestSwitch;
  afterEach(async () => sw.close());

  const smac = (mac: number) =>
    entity(
      `table_entry { table_id: 33554439 match { field_id: 1 exact { value: "\\x${mac.toString(16).padStart(2, '0')}" } } action { action { action_id: 16777224 } } }`,
    );

  it('refuses an insert into a table full at its P4Info size (RESOURCE_EXHAUSTED)', async () => {
    const info = kitchenSinkP4Info();
    info.tables.find((t) => t.preamble!.id === 33554439)!.size =
      2 as unknown as (typeof info.tables)[0]['size'];
    sw = await TestSwitch.start();
    const c = await sw.primary(info, 'kitchen-sink');
    const err = (await c
      .write([1, 2, 3].map((m) => ({ type: 'insert' as const, entity: smac(m) })))
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures).toEqual([
      expect.objectContaining({ index: 2, code: Code.RESOURCE_EXHAUSTED }),
    ]);
    expect(await readAll(c, [{ table_entry: { table_id: 33554439 } }])).toHaveLength(2);
    // A delete makes room again.
    await c.write([
      { type: 'delete', entity: smac(1) },
      { type: 'insert', entity: smac(3) },
    ]);
  });

  it('refuses changes to a const table (PERMISSION_DENIED) but not to its default action', async () => {
    const info = kitchenSinkP4Info();
    info.tables.find((t) => t.preamble!.id === 33554439)!.is_const_table = true;
    sw = await TestSwitch.start();
    const c = await sw.primary(info, 'kitchen-sink');
    for (const type of ['insert', 'modify', 'delete'] as const) {
      const err = (await c
        .write([{ type, entity: smac(1) }])
        .catch((e: unknown) => e)) as P4RuntimeWriteError;
      expect(err.failures.map((f) => f.code)).toEqual([Code.PERMISSION_DENIED]);
    }
    await c.write([
      {
        type: 'modify',
        entity: entity(
          'table_entry { table_id: 33554439 is_default_action: true action { action { action_id: 16777224 } } }',
        ),
      },
    ]);
  });

  it('refuses a change to a const default action (PERMISSION_DENIED)', async () => {
    const info = kitchenSinkP4Info();
    info.tables.find((t) => t.preamble!.id === IPV4_LPM)!.const_default_action_id = 16777217;
    sw = await TestSwitch.start();
    const c = await sw.primary(info, 'kitchen-sink');
    const err = (await c
      .write([
        {
          type: 'modify',
          entity: entity(
            `table_entry { table_id: ${IPV4_LPM} is_default_action: true action { action { action_id: 16777218 } } }`,
          ),
        },
      ])
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err.failures.map((f) => f.code)).toEqual([Code.PERMISSION_DENIED]);
  });
});
