/**
 * Write batches (spec §12): per-update errors in order, and the all-or-none atomicity modes.
 */
import type * as grpc from '@grpc/grpc-js';
import { Atomicity, type P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeWriteError, statusDetails } from '../../p4runtime/client/errors';
import { p4, toLong, toUint128 } from '../../p4runtime/proto';
import { Code, TestSwitch, entity, rawUnary, readAll } from './harness';

const esc = (n: number) => `\\x${n.toString(16).padStart(2, '0')}`;
/** reflector port_table: ingress `port` -> to_port(`to`). */
const route = (port: number, to: number) =>
  entity(`
    table_entry {
      table_id: 33554433
      match { field_id: 1 exact { value: "${esc(port)}" } }
      action { action { action_id: 16777217 params { param_id: 1 value: "${esc(to)}" } } }
    }`);
/** The same, with a parameter id the action does not have. */
const badRoute = (port: number) =>
  entity(`
    table_entry {
      table_id: 33554433
      match { field_id: 1 exact { value: "${esc(port)}" } }
      action { action { action_id: 16777217 params { param_id: 7 value: "\\x01" } } }
    }`);

/** Every entry of port_table as "port->to", sorted. */
async function routes(c: P4RuntimeClient): Promise<string[]> {
  const all = await readAll(c, [{ table_entry: { table_id: 33554433 } }]);
  return all
    .map((e) => {
      const te = e.table_entry!;
      const to = te.action!.action!.params![0].value!;
      return `${te.match![0].exact!.value![0]}->${to[to.length - 1]}`;
    })
    .sort();
}

describe('Write batches', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary();
  });
  afterEach(async () => sw.close());

  it('CONTINUE_ON_ERROR: reports exactly the bad update, and the good ones take effect', async () => {
    const err = await c
      .write([
        { type: 'insert', entity: route(1, 2) },
        { type: 'insert', entity: badRoute(3) },
        { type: 'insert', entity: route(4, 5) },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    const failures = (err as P4RuntimeWriteError).failures;
    expect(failures).toEqual([
      expect.objectContaining({
        index: 1,
        code: Code.INVALID_ARGUMENT,
        message: expect.stringContaining('parameter id 7'),
      }),
    ]);
    expect(await routes(c)).toEqual(['1->2', '4->5']);
  });

  it('answers UNKNOWN with one p4.v1.Error per update, OK for the ones that succeeded', async () => {
    const err = (await rawUnary(sw, 'Write', {
      device_id: toLong(1n),
      election_id: toUint128(10n),
      updates: [
        { type: p4.v1.Update.Type.INSERT, entity: route(1, 2) },
        { type: p4.v1.Update.Type.INSERT, entity: route(1, 3) },
        { type: p4.v1.Update.Type.DELETE, entity: route(1, 0) },
      ],
    }).catch((e: unknown) => e)) as grpc.ServiceError;
    expect(err.code).toBe(Code.UNKNOWN);
    const status = statusDetails(err.metadata)!;
    expect(status.code).toBe(Code.UNKNOWN);
    const codes = status.details.map((d) => p4.v1.Error.decode(d.value!).canonical_code);
    expect(codes).toEqual([Code.OK, Code.ALREADY_EXISTS, Code.OK]);
  });

  it.each([
    ['ROLLBACK_ON_ERROR', Atomicity.ROLLBACK_ON_ERROR],
    ['DATAPLANE_ATOMIC', Atomicity.DATAPLANE_ATOMIC],
  ])(
    '%s: a failing batch changes nothing, whatever it inserted, modified or deleted',
    async (_name, atomicity) => {
      await c.write([
        { type: 'insert', entity: route(1, 2) },
        { type: 'insert', entity: route(3, 4) },
      ]);
      sw.device.inject(1, new Uint8Array(64)); // give entry 1 a counter value to restore
      const before = await readAll(c, [{ table_entry: { counter_data: {} } }]);
      const err = (await c
        .write(
          [
            { type: 'modify', entity: route(1, 9) },
            { type: 'delete', entity: route(3, 0) },
            { type: 'insert', entity: route(5, 6) },
            { type: 'insert', entity: badRoute(7) },
            { type: 'insert', entity: route(8, 9) },
          ],
          { atomicity },
        )
        .catch((e: unknown) => e)) as P4RuntimeWriteError;
      expect(err.failures.map((f) => [f.index, f.codeName])).toEqual([
        [0, 'ABORTED'],
        [1, 'ABORTED'],
        [2, 'ABORTED'],
        [3, 'INVALID_ARGUMENT'],
        [4, 'ABORTED'],
      ]);
      expect(await readAll(c, [{ table_entry: { counter_data: {} } }])).toEqual(before);
      expect(sw.device.inject(1, Uint8Array.of(7))).toEqual([
        { port: 2, packet: Uint8Array.of(7) },
      ]);
    },
  );

  it('all-or-none batches that succeed take full effect', async () => {
    await c.write(
      [
        { type: 'insert', entity: route(1, 2) },
        { type: 'insert', entity: route(3, 4) },
      ],
      { atomicity: Atomicity.DATAPLANE_ATOMIC },
    );
    expect(await routes(c)).toEqual(['1->2', '3->4']);
  });

  it('refuses an unknown atomicity for the whole call (INVALID_ARGUMENT)', async () => {
    await expect(
      c.writeRaw([{ type: p4.v1.Update.Type.INSERT, entity: route(1, 2) }], {
        atomicity: 7 as Atomicity,
      }),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    expect(await routes(c)).toEqual([]);
  });
});
