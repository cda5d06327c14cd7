/**
 * The kit against a device: read what it holds, apply phases in order, reconcile, delete all.
 * It needs only `read` and `write` of a client (ReconcileClient), so it does not depend on the
 * client's internals and any object with those two calls (a test double, a role-scoped
 * wrapper) serves.
 *
 *   await reconcile(client, desired, schema);   // read, diff, write phase by phase
 *   await deleteAll(client, schema);            // what finsy's delete_all does
 */
import type { Update } from '../entities/update';
import {
  ActionProfileGroup,
  ActionProfileMember,
  CloneSessionEntry,
  MulticastGroupEntry,
  TableEntry,
  decodeEntity,
  type Entity,
} from '../entities';
import type { P4Schema } from '../schema';
import type { p4 } from '../proto';
import type { AnyEntity } from './canonical';
import { diff, type Phases } from './diff';

/** What the kit needs of a client: a streaming read and a write of updates. */
export interface ReconcileClient {
  read(
    entities: readonly p4.v1.IEntity[],
    opts?: { signal?: AbortSignal },
  ): AsyncIterable<p4.v1.IEntity>;
  write(updates: readonly Update[], opts?: { signal?: AbortSignal }): Promise<void>;
  /** Phases as given, one after another (P4RuntimeClient has it); else write() per phase. */
  writePhases?(
    phases: readonly (readonly Update[])[],
    opts?: { signal?: AbortSignal },
  ): Promise<void>;
}

/** Options of the device calls. */
export interface KitOptions {
  signal?: AbortSignal;
}

/**
 * Everything the kit manages that the device holds: table entries of every table (const
 * entries included: diff leaves them alone), the default entry of every table whose default
 * may change, members and groups of every action profile, multicast groups and clone sessions.
 */
export async function readState(
  client: ReconcileClient,
  schema: P4Schema,
  opts: KitOptions = {},
): Promise<Entity[]> {
  const asks: Entity[] = [TableEntry.wildcard()];
  for (const t of schema.tables.all()) {
    if (!t.constDefaultActionId && !t.implementationId)
      asks.push(new TableEntry({ table: t.name, isDefault: true }));
  }
  if (schema.actionProfiles.size) asks.push(new ActionProfileMember());
  if (schema.actionProfiles.all().some((p) => p.withSelector)) asks.push(new ActionProfileGroup());
  asks.push(new MulticastGroupEntry(), new CloneSessionEntry());
  const out: Entity[] = [];
  const request = asks.map((e) => e.encode(schema));
  for await (const e of client.read(request, opts)) out.push(decodeEntity(e, schema));
  return out;
}

/** Writes phases one after the other, each fully applied before the next is sent. */
export async function applyPhases(
  client: ReconcileClient,
  phases: Phases,
  opts: KitOptions = {},
): Promise<void> {
  // writePhases sends diff's phases as they are; write() would cut each again by kind and
  // type, adding barriers that diff's order does not need.
  if (client.writePhases) return client.writePhases(phases, opts);
  for (const phase of phases) await client.write(phase, opts);
}

/** Makes the device hold exactly `desired`: read, diff, write. Returns the phases written. */
export async function reconcile(
  client: ReconcileClient,
  desired: readonly AnyEntity[],
  schema: P4Schema,
  opts: KitOptions = {},
): Promise<Phases> {
  const phases = diff(desired, await readState(client, schema, opts), schema);
  await applyPhases(client, phases, opts);
  return phases;
}

/**
 * Deletes everything the device holds (entries, groups, members, multicast groups, clone
 * sessions) in safe order and resets every default entry that is not the initial one.
 */
export async function deleteAll(
  client: ReconcileClient,
  schema: P4Schema,
  opts: KitOptions = {},
): Promise<Phases> {
  return reconcile(client, [], schema, opts);
}
