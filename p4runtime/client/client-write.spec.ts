/**
 * P4RuntimeClient.write end to end with the embedded switch, as bulk writes use it: many
 * batches in flight over reused request memory, table entries written straight to the wire
 * next to updates encoded the general way, and refusals numbered by index in the whole call.
 */
import { kitchenSinkP4Info, TestSwitch } from '../../test/p4rt/harness';
import { TableEntry } from '../entities';
import { P4RuntimeWriteError } from './errors';
import type { P4RuntimeClient } from './client';
import type { Update } from '../entities/update';

/** Route i of VRF 7, every third with metadata (which goes the general way). */
const route = (i: number): TableEntry =>
  new TableEntry({
    table: 'ipv6_lpm',
    match: { vrf: 7, 'hdr.ipv6.dst_addr': { value: BigInt(i + 1) << 64n, prefixLen: 64 } },
    action: { name: 'set_next_hop', params: { port: i % 512, dmac: 0x0200_0000_0000 + i } },
    ...(i % 3 === 0 ? { metadata: `route ${i}` } : {}),
  });

/** Every entry of ipv6_lpm, in a canonical order, as readable text. */
async function readBack(c: P4RuntimeClient): Promise<string[]> {
  const out: string[] = [];
  for await (const e of c.read([TableEntry.wildcard('ipv6_lpm').encode(c.schema!)])) {
    const entry = TableEntry.decode(e.table_entry!, c.schema!);
    out.push(JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)));
  }
  return out.sort();
}

describe('P4RuntimeClient.write, bulk', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  beforeEach(async () => {
    sw = await TestSwitch.start();
    c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
  });
  afterEach(async () => sw.close());

  it('installs every entry as written, over many batches in flight', async () => {
    const entries = Array.from({ length: 2000 }, (_, i) => route(i));
    const updates: Update[] = entries.map((entity) => ({ type: 'insert', entity }));
    await c.write(updates, { batchSize: 7 });
    await c.write(updates.slice(0, 500), { batchSize: 3 }).catch(() => undefined); // duplicates
    const written = entries.map((e) =>
      TableEntry.decode(e.encode(c.schema!).table_entry!, c.schema!),
    );
    const expected = written.map((e) =>
      JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)),
    );
    expect(await readBack(c)).toEqual(expected.sort());
  });

  it('numbers refusals across batches, whichever way each update was encoded', async () => {
    const updates: Update[] = Array.from({ length: 60 }, (_, i) => ({
      type: 'insert',
      entity: route(i),
    }));
    updates[10] = { type: 'insert', entity: route(3) }; // ALREADY_EXISTS, sent the general way
    updates[20] = { type: 'insert', entity: route(4) }; // ALREADY_EXISTS, sent straight
    updates[30] = { type: 'insert', entity: route(31).with({ priority: 5 }) }; // refused here
    updates[40] = { type: 'insert', entity: route(40).with({ table: 'ipv6_lmp' }) };
    const err = (await c
      .write(updates, { batchSize: 4 })
      .catch((e: unknown) => e)) as P4RuntimeWriteError;
    expect(err).toBeInstanceOf(P4RuntimeWriteError);
    expect(err.failures.map((f) => [f.index, f.codeName])).toEqual([
      [10, 'ALREADY_EXISTS'],
      [20, 'ALREADY_EXISTS'],
      [30, 'INVALID_ARGUMENT'],
      [40, 'INVALID_ARGUMENT'],
    ]);
    expect(err.failures[2].message).toMatch(/priority 5 given, but the table has no ternary/);
    expect(err.failures[3].message).toMatch(/Did you mean 'MyIngress.ipv6_lpm'/);
    expect(await readBack(c)).toHaveLength(56);
  });
});
