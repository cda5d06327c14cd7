/**
 * The updates of one WriteRequest (spec §12.2 "Batch Atomicity", §12.3 "Error Reporting").
 *
 * Every update is applied synchronously, in order, in one turn of the event loop; a packet is
 * processed in a turn of its own, so it sees the tables either before or after a whole batch.
 * That is what makes DATAPLANE_ATOMIC cheap here: it is ROLLBACK_ON_ERROR (each applied update
 * returns an undo closure, run in reverse on the first failure) plus that single turn.
 *
 * The result is undefined when every update succeeded, else one p4.v1.Error per update, in
 * order: OK for the ones that took effect, the failure's code for the ones that did not. In an
 * all-or-none batch that failed, nothing took effect: the failed update carries its code and
 * every other update ABORTED.
 */
import { p4 } from '../../p4runtime/proto';
import type { ForwardingState } from '../forwarding-state';
import { writeGroup, writeMember } from './entities/action-profile';
import {
  checkUpdateType,
  contextOf,
  type EntityContext,
  type Undo,
  type UpdateType,
} from './entities/common';
import { writeCounter, writeDirectCounter } from './entities/counters';
import { writeDigest } from './entities/digests';
import { writeDirectMeter, writeMeter } from './entities/meters';
import { writePre } from './entities/pre';
import { writeRegister } from './entities/registers';
import { writeTableEntry } from './entities/table-entry';
import { writeValueSet } from './entities/value-sets';
import { Code, codeName, fail, toStatus } from './status';

import Atomicity = p4.v1.WriteRequest.Atomicity;

/** The error space of our per-update errors. */
export const ERROR_SPACE = 'ssa-fabric-softswitch';

/** Applies the updates; returns per-update errors, or undefined when all succeeded. */
export function applyWrite(
  state: ForwardingState,
  updates: readonly p4.v1.IUpdate[],
  atomicity: Atomicity,
): p4.v1.IError[] | undefined {
  if (!(atomicity in Atomicity))
    fail(Code.INVALID_ARGUMENT, `atomicity ${atomicity} is not a WriteRequest.Atomicity`);
  const ctx = contextOf(state);
  return atomicity === Atomicity.CONTINUE_ON_ERROR
    ? continueOnError(ctx, updates)
    : allOrNone(ctx, updates);
}

/**
 * Failures of one batch after which errors are built without stack traces. A refusal is an
 * Error thrown and caught (a TableError, then a P4RuntimeStatus), and capturing its stack is
 * most of its cost: a batch of thousands of duplicates spent more time there, and in the GC of
 * the frames, than in the table. The first failures keep their stacks, so that a bug (INTERNAL)
 * in a small batch is still logged with one.
 */
const STACKS_FOR = 16;

function continueOnError(
  ctx: EntityContext,
  updates: readonly p4.v1.IUpdate[],
): p4.v1.IError[] | undefined {
  let failed = 0;
  const limit = Error.stackTraceLimit;
  try {
    const errors = updates.map((u, i): p4.v1.IError => {
      try {
        applyUpdate(ctx, u);
        return OK;
      } catch (e) {
        if (++failed === STACKS_FOR) Error.stackTraceLimit = 0;
        return errorOf(e, i);
      }
    });
    return failed ? errors : undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function allOrNone(
  ctx: EntityContext,
  updates: readonly p4.v1.IUpdate[],
): p4.v1.IError[] | undefined {
  const undos: Undo[] = [];
  for (let i = 0; i < updates.length; i++) {
    try {
      undos.push(applyUpdate(ctx, updates[i]));
    } catch (e) {
      for (let k = undos.length - 1; k >= 0; k--) undos[k]();
      const failure = errorOf(e, i);
      return updates.map((_, k) =>
        k === i
          ? failure
          : {
              canonical_code: Code.ABORTED,
              message: `not applied: update #${i} failed (${codeName(failure.canonical_code ?? 0)}) and the batch is all-or-none`,
              space: ERROR_SPACE,
            },
      );
    }
  }
  return undefined;
}

const OK: p4.v1.IError = { canonical_code: Code.OK };

function errorOf(e: unknown, index: number): p4.v1.IError {
  const s = toStatus(e);
  if (s.code === Code.INTERNAL)
    console.error(`softswitch: Write update #${index} hit an internal error`, e);
  return { canonical_code: s.code, message: s.message, space: ERROR_SPACE };
}

/** Applies one update to its entity; returns how to undo it. */
export function applyUpdate(ctx: EntityContext, u: p4.v1.IUpdate): Undo {
  const type = (u.type ?? 0) as UpdateType;
  checkUpdateType(type);
  const e = u.entity;
  if (!e) fail(Code.INVALID_ARGUMENT, 'the update has no entity');
  if (e.table_entry) return writeTableEntry(ctx, type, e.table_entry);
  if (e.action_profile_member) return writeMember(ctx, type, e.action_profile_member);
  if (e.action_profile_group) return writeGroup(ctx, type, e.action_profile_group);
  if (e.counter_entry) return writeCounter(ctx, type, e.counter_entry);
  if (e.direct_counter_entry) return writeDirectCounter(ctx, type, e.direct_counter_entry);
  if (e.meter_entry) return writeMeter(ctx, type, e.meter_entry);
  if (e.direct_meter_entry) return writeDirectMeter(ctx, type, e.direct_meter_entry);
  if (e.register_entry) return writeRegister(ctx, type, e.register_entry);
  if (e.packet_replication_engine_entry)
    return writePre(ctx, type, e.packet_replication_engine_entry);
  if (e.digest_entry) return writeDigest(ctx, type, e.digest_entry);
  if (e.value_set_entry) return writeValueSet(ctx, type, e.value_set_entry);
  if (e.extern_entry) fail(Code.UNIMPLEMENTED, 'extern entries are not supported by this switch');
  return fail(Code.INVALID_ARGUMENT, 'the entity has no entry set');
}
