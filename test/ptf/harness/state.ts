/**
 * Reading the switch for assertions and for restoring it: entities by name through the
 * P4Info, direct and indexed counters, registers, and a snapshot of every table entry that
 * shows whether a test left the switch as it found it.
 *
 *   const { packets } = await readDirectCounter(client, entry);
 *   expect(await readRegister(client, 'flow_bytes', 7)).toBe(1500n);
 */
import { status as Code } from '@grpc/grpc-js';
import type { P4RuntimeClient } from '../../../p4runtime/client/client';
import { P4RuntimeError, P4RuntimeReadError } from '../../../p4runtime/client/errors';
import {
  CounterEntry,
  DirectCounterEntry,
  RegisterEntry,
  TableEntry,
  decodeEntity,
  type Entity,
  type RegisterValue,
  type TableEntrySpec,
} from '../../../p4runtime/entities';
import { p4 } from '../../../p4runtime/proto';

/** Packets and bytes of a counter cell. */
export interface Counts {
  packets: bigint;
  bytes: bigint;
}

/** Every entity `filter` reads, decoded; an entity that does not exist reads as none. */
export async function readEntities(client: P4RuntimeClient, filter: Entity): Promise<Entity[]> {
  const schema = client.schema;
  if (!schema) throw new Error('no P4Info known: push the pipeline first');
  const out: Entity[] = [];
  try {
    for await (const e of client.read([filter])) out.push(decodeEntity(e, schema));
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  return out;
}

function isNotFound(e: unknown): boolean {
  if (e instanceof P4RuntimeReadError) return e.failures.every((f) => f.code === Code.NOT_FOUND);
  return e instanceof P4RuntimeError && e.code === Code.NOT_FOUND;
}

/** The table entry with the key of `entry`, as the switch holds it, or undefined. */
export async function readEntry(
  client: P4RuntimeClient,
  entry: TableEntry | TableEntrySpec,
): Promise<TableEntry | undefined> {
  const e = entry instanceof TableEntry ? entry : new TableEntry(entry);
  const key = new TableEntry({
    table: e.table,
    match: e.isDefault ? undefined : (e.match ?? {}),
    priority: e.priority,
    isDefault: e.isDefault,
  });
  const [found] = await readEntities(client, key);
  return found as TableEntry | undefined;
}

/** The default entry of `table` (its action as the switch holds it). */
export async function readDefault(client: P4RuntimeClient, table: string): Promise<TableEntry> {
  const found = await readEntry(client, { table, isDefault: true });
  if (!found) throw new Error(`table '${table}': the switch returned no default entry`);
  return found;
}

function counts(data: { packets?: number | bigint; bytes?: number | bigint } | undefined): Counts {
  return { packets: BigInt(data?.packets ?? 0), bytes: BigInt(data?.bytes ?? 0) };
}

/** The direct counter of a table entry (by its key). */
export async function readDirectCounter(
  client: P4RuntimeClient,
  entry: TableEntry | TableEntrySpec,
): Promise<Counts> {
  const [found] = await readEntities(client, new DirectCounterEntry({ entry }));
  if (!found) throw new Error(`no direct counter: the entry does not exist`);
  return counts((found as DirectCounterEntry).data);
}

/** Cell `index` of the indexed counter `counter`. */
export async function readCounter(
  client: P4RuntimeClient,
  counter: string,
  index: number,
): Promise<Counts> {
  const [found] = await readEntities(client, new CounterEntry({ counter, index }));
  if (!found) throw new Error(`counter '${counter}': no cell ${index}`);
  return counts((found as CounterEntry).data);
}

/** Cell `index` of register `register` (bit<W> cells read as bigint). */
export async function readRegister(
  client: P4RuntimeClient,
  register: string,
  index: number,
): Promise<RegisterValue | undefined> {
  const [found] = await readEntities(client, new RegisterEntry({ register, index }));
  if (!found) throw new Error(`register '${register}': no cell ${index}`);
  return (found as RegisterEntry).data;
}

/** Every table entry of the switch, by its canonical bytes (hex), with a readable name. */
export type TableSnapshot = ReadonlyMap<string, string>;

/** Reads every table entry (a wildcard read), ignoring counts and idle times. */
export async function snapshotTables(client: P4RuntimeClient): Promise<TableSnapshot> {
  const schema = client.schema;
  const out = new Map<string, string>();
  for await (const e of client.read([TableEntry.wildcard()])) {
    const te = { ...e.table_entry! };
    delete te.counter_data;
    delete te.meter_counter_data;
    delete te.time_since_last_hit;
    const key = Buffer.from(p4.v1.TableEntry.encode(te).finish()).toString('hex');
    out.set(key, schema ? describeEntry(TableEntry.decode(te, schema)) : key);
  }
  return out;
}

/** Lines saying how `after` differs from `before` (empty when they hold the same entries). */
export function snapshotDiff(before: TableSnapshot, after: TableSnapshot): string[] {
  const lines: string[] = [];
  for (const [k, name] of after) if (!before.has(k)) lines.push(`+ ${name}`);
  for (const [k, name] of before) if (!after.has(k)) lines.push(`- ${name}`);
  return lines;
}

/** A table entry in one line: table, match, action. */
export function describeEntry(e: TableEntry): string {
  const key = e.isDefault ? '(default)' : JSON.stringify(e.formatMatch()).replace(/"/g, '');
  const a = e.action && 'name' in e.action ? e.action : undefined;
  const params = a?.params
    ? Object.entries(a.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')
    : '';
  const action = a ? ` -> ${String(a.name)}(${params})` : '';
  const prio = e.priority ? ` priority ${e.priority}` : '';
  return `${String(e.table)} ${key}${prio}${action}`;
}
