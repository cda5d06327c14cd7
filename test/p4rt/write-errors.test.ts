/**
 * Large error lists over a real socket (docs/p4runtime.md, "Large error lists"): every refused
 * update of a Write comes back by index, whatever the count, and quickly: the status trailer
 * fits what a Node HTTP/2 receiver accepts (write-status.ts).
 */
import type { P4RuntimeClient } from '../../p4runtime/client/client';
import { P4RuntimeWriteAbortedError, P4RuntimeWriteError } from '../../p4runtime/client/errors';
import { TableEntry, type Update } from '../../p4runtime/entities';
import { Code, TestSwitch, readAll } from './harness';

/** reflector port_table: ingress `port` -> to_port(`to`). */
const route = (port: number, to = 1): Update => ({
  type: 'insert',
  entity: new TableEntry({
    table: 'port_table',
    match: { ingress_port: port },
    action: { name: 'to_port', params: { port: to } },
  }),
});

/** `n` inserts of port 1, which is already there: every one is refused. */
const duplicates = (n: number) => Array.from({ length: n }, () => route(1));

async function refusals(c: P4RuntimeClient, updates: Update[], batchSize?: number) {
  const err = await c.write(updates, batchSize ? { batchSize } : {}).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(P4RuntimeWriteError);
  return (err as P4RuntimeWriteError).failures;
}

describe('Write with many refused updates', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary();
    await c.write([route(1)]);
  });
  afterEach(async () => sw.close());

  it('600 refusals in one WriteRequest all come back (a trailer over 64 KiB)', async () => {
    const failures = await refusals(c, duplicates(600), 600);
    expect(sw.server.calls.Write).toBe(2);
    expect(failures.map((f) => f.index)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(failures.every((f) => f.code === Code.ALREADY_EXISTS)).toBe(true);
    expect(failures[599].message).toMatch(/entry \{ingress_port=0x0001\} already exists/);
  });

  it('10,000 refusals in one write come back, every one by its index', async () => {
    const updates = duplicates(10_000);
    updates[4321] = route(7); // the one that is not refused
    const failures = await refusals(c, updates);
    expect(failures).toHaveLength(9_999);
    expect(failures.map((f) => f.index)).toEqual(
      Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i !== 4321),
    );
    expect(failures.every((f) => f.codeName === 'ALREADY_EXISTS')).toBe(true);
    const ports = (await readAll(c, [{ table_entry: {} }])).map(
      (e) => e.table_entry!.match![0].exact!.value![0],
    );
    expect(ports.sort()).toEqual([1, 7]);
  });

  it('2,000 refusals in one WriteRequest: all listed, messages shortened to fit', async () => {
    const failures = await refusals(c, duplicates(2000), 2000);
    expect(failures).toHaveLength(2000);
    expect(failures[1999]).toMatchObject({ index: 1999, code: Code.ALREADY_EXISTS });
  });

  it('a WriteRequest whose list no trailer carries stops the write, its outcome unknown', async () => {
    const err = await c.write(duplicates(5000), { batchSize: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeWriteAbortedError);
    const a = err as P4RuntimeWriteAbortedError;
    expect(a.unknown).toHaveLength(5000);
    expect(a.details).toMatch(/send fewer updates per WriteRequest/);
  });
});
