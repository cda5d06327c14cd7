/**
 * The client's side of Write: batches split over several requests keep the caller's update
 * indexes in errors; updates that cannot be encoded are refused per update, like the server's.
 */
import { Atomicity, type P4RuntimeClient } from '../../p4runtime/client/client';
import type { Update } from '../../p4runtime/entities';
import { P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { TableEntry } from '../../p4runtime/entities';
import { Code, TestSwitch, readAll } from './harness';

/** reflector port_table: ingress `port` -> to_port(`to`), by name. */
const route = (port: number, to: number, action = 'to_port'): Update => ({
  type: 'insert',
  entity: new TableEntry({
    table: 'port_table',
    match: { ingress_port: port },
    action: { name: action, params: { port: to } },
  }),
});

async function ports(c: P4RuntimeClient): Promise<number[]> {
  const all = await readAll(c, [TableEntry.wildcard('port_table').encode(c.schema!)]);
  return all.map((e) => e.table_entry!.match![0].exact!.value![0]).sort((a, b) => a - b);
}

describe('P4RuntimeClient.write', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary();
  });
  afterEach(async () => sw.close());

  it('numbers server refusals by their index in the whole call, across batches', async () => {
    const updates = [1, 2, 3, 4, 5, 6, 7].map((p) => route(p, 9));
    updates.splice(5, 0, route(2, 9)); // index 5 duplicates port 2: ALREADY_EXISTS
    const err = await c.write(updates, { batchSize: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    expect((err as P4RuntimeWriteError).failures).toEqual([
      expect.objectContaining({ index: 5, code: Code.ALREADY_EXISTS }),
    ]);
    expect(await ports(c)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses an update it cannot encode, by index, and still sends the rest of its batch', async () => {
    const updates = [route(1, 2), route(3, 4, 'to_prot'), route(5, 6)];
    const err = await c.write(updates).catch((e: unknown) => e);
    const failures = (err as P4RuntimeWriteError).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ index: 1, code: Code.INVALID_ARGUMENT });
    expect(failures[0].message).toMatch(/no action named 'to_prot'. Did you mean/);
    expect(await ports(c)).toEqual([1, 5]);
  });

  it('withholds an atomic batch with an update it cannot encode', async () => {
    const updates = [route(1, 2), route(3, 4, 'to_prot'), route(5, 6), route(7, 8)];
    const err = await c
      .write(updates, { batchSize: 3, atomicity: Atomicity.ROLLBACK_ON_ERROR })
      .catch((e: unknown) => e);
    expect((err as P4RuntimeWriteError).failures.map((f) => [f.index, f.codeName])).toEqual([
      [0, 'ABORTED'],
      [1, 'INVALID_ARGUMENT'],
      [2, 'ABORTED'],
    ]);
    // The second batch (update 3) was fine and went through on its own.
    expect(await ports(c)).toEqual([7]);
  });
});
