/**
 * The entities of one ReadRequest (spec §13): each request of the batch is a filter, with
 * wildcards as each entity defines them. A request that fails contributes nothing and is
 * reported by one p4.v1.Error at its position (the others are OK), as §13.3 describes.
 */
import type { p4 } from '../../p4runtime/proto';
import type { ForwardingState } from '../forwarding-state';
import { readGroups, readMembers } from './entities/action-profile';
import { contextOf, type EntityContext } from './entities/common';
import { readCounters, readDirectCounters } from './entities/counters';
import { readDigests } from './entities/digests';
import { readDirectMeters, readMeters } from './entities/meters';
import { readPre } from './entities/pre';
import { readRegisters } from './entities/registers';
import { readTableEntries } from './entities/table-read';
import { readValueSets } from './entities/value-sets';
import { Code, fail, toStatus } from './status';
import { ERROR_SPACE } from './write';

/** What a read produced: the entities, and per-request errors when some request failed. */
export interface ReadResult {
  entities: p4.v1.IEntity[];
  errors: p4.v1.IError[] | undefined;
}

/** Runs every request of the batch against `state`. */
export function applyRead(state: ForwardingState, requests: readonly p4.v1.IEntity[]): ReadResult {
  const ctx = contextOf(state);
  const entities: p4.v1.IEntity[] = [];
  let failed = false;
  const errors = requests.map((r): p4.v1.IError => {
    const found: p4.v1.IEntity[] = [];
    try {
      readOne(ctx, r, (e) => found.push(e));
    } catch (e) {
      failed = true;
      const s = toStatus(e);
      if (s.code === Code.INTERNAL) console.error('softswitch: Read hit an internal error', e);
      return { canonical_code: s.code, message: s.message, space: ERROR_SPACE };
    }
    for (const e of found) entities.push(e);
    return { canonical_code: Code.OK };
  });
  return { entities, errors: failed ? errors : undefined };
}

function readOne(ctx: EntityContext, r: p4.v1.IEntity, emit: (e: p4.v1.IEntity) => void): void {
  if (r.table_entry) return readTableEntries(ctx, r.table_entry, emit);
  if (r.action_profile_member) return readMembers(ctx, r.action_profile_member, emit);
  if (r.action_profile_group) return readGroups(ctx, r.action_profile_group, emit);
  if (r.counter_entry) return readCounters(ctx, r.counter_entry, emit);
  if (r.direct_counter_entry) return readDirectCounters(ctx, r.direct_counter_entry, emit);
  if (r.meter_entry) return readMeters(ctx, r.meter_entry, emit);
  if (r.direct_meter_entry) return readDirectMeters(ctx, r.direct_meter_entry, emit);
  if (r.register_entry) return readRegisters(ctx, r.register_entry, emit);
  if (r.packet_replication_engine_entry)
    return readPre(ctx, r.packet_replication_engine_entry, emit);
  if (r.digest_entry) return readDigests(ctx, r.digest_entry, emit);
  if (r.value_set_entry) return readValueSets(ctx, r.value_set_entry, emit);
  if (r.extern_entry) fail(Code.UNIMPLEMENTED, 'extern entries are not supported by this switch');
  // The spec refuses an empty Entity rather than reading everything (§13.2).
  fail(Code.INVALID_ARGUMENT, 'the entity has no entry set; name the kind of entity to read');
}
