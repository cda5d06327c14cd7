/**
 * Write: the caller's updates in phases (phases.ts), each phase in batches of `batchSize` with
 * up to `writeConcurrency` WriteRequests in flight, a barrier between phases.
 *
 * - Refused updates (the device's per-update errors, or updates that cannot be encoded) are
 *   collected by their index in the caller's array; the phase finishes, later phases are not
 *   sent (they may depend on a refused update), and P4RuntimeWriteError lists the refusals and
 *   the indexes not sent.
 * - Any other error of a request (DEADLINE_EXCEEDED, UNAVAILABLE, CANCELLED, PERMISSION_DENIED,
 *   ...) is fatal: no request is sent after it; the requests already in flight are answered,
 *   and P4RuntimeWriteAbortedError says which updates were applied, refused, unknown (in a
 *   request that failed so) and not sent. A request refused whole by the checks made before
 *   any update (REQUEST_CHECKS: not primary, no pipeline, unknown device) changed nothing: its
 *   updates are refused, each with the request's code.
 */
import * as grpc from '@grpc/grpc-js';
import { P4SchemaError } from '../names';
import { P4ValueError } from '../bytes';
import { p4 } from '../proto';
import type { Update } from '../entities/update';
import type { CallOpts } from './call';
import {
  P4RuntimeError,
  P4RuntimeWriteAbortedError,
  P4RuntimeWriteError,
  codeName,
  type UpdateFailure,
} from './errors';
import type { ClientLink } from './link';
import { cutPhases, flattenPhases, type Phase } from './phases';
import { RequestPool } from './request-pool';
import { WriterPool } from './write-request';

import Atomicity = p4.v1.WriteRequest.Atomicity;

export { Atomicity };

/** Options of one write. */
export interface WriteOpts extends CallOpts {
  atomicity?: Atomicity;
  /** Updates per WriteRequest (default: the client's batchSize). */
  batchSize?: number;
}

/**
 * The checks a server makes on a WriteRequest "before processing the updates list" (spec
 * §12): an unknown device or role, a client that is not primary, no pipeline. A request
 * failing one of them changed nothing, so its updates are refused, not of unknown outcome.
 */
const REQUEST_CHECKS: readonly number[] = [
  grpc.status.NOT_FOUND,
  grpc.status.PERMISSION_DENIED,
  grpc.status.FAILED_PRECONDITION,
];

/** One update of a request refused whole, with the request's code and message. */
function requestRefusal(index: number, e: P4RuntimeError): UpdateFailure {
  return { index, code: e.code, codeName: codeName(e.code), message: e.details, space: '' };
}

/** What became of each update of a write, by index. */
const enum Fate {
  NOT_SENT = 0,
  ANSWERED = 1,
  UNKNOWN = 2,
}

/** One write in progress: what is known of every update so far. */
interface Progress {
  updates: readonly Update[];
  atomicity: Atomicity;
  size: number;
  opts: WriteOpts | undefined;
  fate: Uint8Array;
  failures: UpdateFailure[];
  fatal: Error | undefined;
}

/** Sends writes for one client. */
export class WritePath {
  /** WriteRequest writers, reused: a batch is encoded without a pause, start to finish. */
  private readonly writers = new WriterPool();
  /** Memory for the WriteRequests in flight, reused once their calls succeed. */
  private readonly requests: RequestPool;

  constructor(
    private readonly link: ClientLink,
    private readonly batchSize: number,
    private readonly concurrency: number,
  ) {
    if (!(batchSize >= 1)) throw new RangeError(`batchSize must be >= 1, got ${batchSize}`);
    if (!(concurrency >= 1))
      throw new RangeError(`writeConcurrency must be >= 1, got ${concurrency}`);
    this.requests = new RequestPool(concurrency + 1);
  }

  /**
   * Write `updates`, cut into phases where one may depend on an earlier one. An all-or-none
   * write (ROLLBACK_ON_ERROR, DATAPLANE_ATOMIC) is not cut: atomicity holds per WriteRequest,
   * and a cut would split what the caller wants applied whole.
   */
  write(updates: readonly Update[], opts?: WriteOpts): Promise<void> {
    const atomic = (opts?.atomicity ?? Atomicity.CONTINUE_ON_ERROR) !== Atomicity.CONTINUE_ON_ERROR;
    return this.run(updates, atomic ? [{ from: 0, to: updates.length }] : cutPhases(updates), opts);
  }

  /**
   * Write phases the caller ordered: each phase is sent whole (in any order within it) before
   * the next begins. Indexes in errors count over the phases in order, as if concatenated.
   */
  writePhases(phases: readonly (readonly Update[])[], opts?: WriteOpts): Promise<void> {
    const flat = flattenPhases(phases);
    return this.run(flat.updates, flat.phases, opts);
  }

  /** One WriteRequest with already encoded updates; failures are numbered from 0. */
  async writeRaw(
    updates: p4.v1.IUpdate[],
    opts?: CallOpts & { atomicity?: Atomicity },
  ): Promise<void> {
    const atomicity = opts?.atomicity ?? Atomicity.CONTINUE_ON_ERROR;
    const link = this.link;
    const request = this.writers.use((req) => {
      req.begin(link.deviceId, link.electionId, link.role, atomicity);
      for (const u of updates) req.add(u);
      return req.finish();
    });
    await link.unary('Write', request, opts, rawBytes);
  }

  private async run(
    updates: readonly Update[],
    phases: readonly Phase[],
    opts: WriteOpts | undefined,
  ): Promise<void> {
    const size = opts?.batchSize ?? this.batchSize;
    if (!(size >= 1)) throw new RangeError(`batchSize must be >= 1, got ${size}`);
    const p: Progress = {
      updates,
      atomicity: opts?.atomicity ?? Atomicity.CONTINUE_ON_ERROR,
      size,
      opts,
      fate: new Uint8Array(updates.length),
      failures: [],
      fatal: undefined,
    };
    for (const phase of phases) {
      // A phase after refusals may depend on a refused update: it is not sent.
      if (p.fatal || p.failures.length) break;
      await this.runPhase(p, phase);
    }
    if (!p.fatal && !p.failures.length) return;
    p.failures.sort((a, b) => a.index - b.index);
    const refused = new Set(p.failures.map((f) => f.index));
    const applied: number[] = [];
    const unknown: number[] = [];
    const notSent: number[] = [];
    p.fate.forEach((fate, i) => {
      if (refused.has(i)) return;
      if (fate === Fate.ANSWERED) applied.push(i);
      else if (fate === Fate.UNKNOWN) unknown.push(i);
      else notSent.push(i);
    });
    if (p.fatal)
      throw new P4RuntimeWriteAbortedError(p.fatal, applied, p.failures, unknown, notSent);
    throw new P4RuntimeWriteError(
      grpc.status.UNKNOWN,
      'one or more updates failed',
      p.failures,
      notSent,
    );
  }

  /** The batches of one phase, up to `concurrency` in flight; returns when all are answered. */
  private async runPhase(p: Progress, phase: Phase): Promise<void> {
    let next = phase.from;
    const worker = async () => {
      while (next < phase.to && !p.fatal) {
        if (p.opts?.signal?.aborted) {
          p.fatal = new P4RuntimeError('Write', grpc.status.CANCELLED, 'the write was aborted');
          return;
        }
        const offset = next;
        next = Math.min(offset + p.size, phase.to);
        await this.sendBatch(p, offset, next);
      }
    };
    const workers = Math.min(this.concurrency, Math.ceil((phase.to - phase.from) / p.size));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  /** Encode and send updates [from, to); record what became of each. */
  private async sendBatch(p: Progress, from: number, to: number): Promise<void> {
    let batch: ReturnType<WritePath['encodeBatch']>;
    try {
      batch = this.encodeBatch(p.updates, from, to, p.atomicity);
    } catch (e) {
      p.fatal ??= e as Error; // a bug, not a refusal: nothing more is sent
      return;
    }
    for (const f of batch.failures) p.failures.push(f);
    const atomic = p.atomicity !== Atomicity.CONTINUE_ON_ERROR;
    if (batch.indexes.length === 0 || (atomic && batch.failures.length > 0)) {
      if (atomic) for (const f of abortedOthers(batch.indexes)) p.failures.push(f);
      this.requests.give(batch.request); // never sent
      return;
    }
    try {
      await this.link.unary('Write', batch.request, p.opts, rawBytes);
      for (const i of batch.indexes) p.fate[i] = Fate.ANSWERED;
    } catch (e) {
      if (e instanceof P4RuntimeWriteError) {
        // The server numbers the updates it received; map them back to the caller's indexes.
        for (const f of e.failures) p.failures.push({ ...f, index: batch.indexes[f.index] });
        for (const i of batch.indexes) p.fate[i] = Fate.ANSWERED;
      } else if (e instanceof P4RuntimeError && REQUEST_CHECKS.includes(e.code)) {
        // Refused whole before any update was looked at (spec §12): none took effect.
        for (const i of batch.indexes) p.failures.push(requestRefusal(i, e));
        for (const i of batch.indexes) p.fate[i] = Fate.ANSWERED;
        p.fatal ??= e;
      } else {
        for (const i of batch.indexes) p.fate[i] = Fate.UNKNOWN;
        p.fatal ??= e as Error;
      }
    } finally {
      // The call is over, answered or not: nothing reads the request any more. (Reused after
      // refusals too, or a write with refusals in every batch would make garbage per request.)
      this.requests.give(batch.request);
    }
  }

  /**
   * The WriteRequest of updates [from, to); an update that fails to encode becomes a failure,
   * not a throw. `indexes` maps the request's updates back to positions in `updates`.
   */
  private encodeBatch(updates: readonly Update[], from: number, to: number, atomicity: number) {
    const link = this.link;
    return this.writers.use((req) => {
      req.begin(link.deviceId, link.electionId, link.role, atomicity);
      const indexes: number[] = [];
      const failures: UpdateFailure[] = [];
      const schema = link.schema;
      for (let i = from; i < to; i++) {
        // Table entries of the common shape go straight to the wire; the rest, and every
        // update that shape's checks refuse, are encoded (and their errors worded) here.
        if (req.addEntry(updates[i], schema)) {
          indexes.push(i);
          continue;
        }
        try {
          req.add(encodeUpdate(link, updates[i]));
          indexes.push(i);
        } catch (e) {
          if (!(e instanceof P4SchemaError || e instanceof P4ValueError || e instanceof TypeError))
            throw e;
          failures.push(clientFailure(i, grpc.status.INVALID_ARGUMENT, e.message));
        }
      }
      return { request: req.finish(this.requests), indexes, failures };
    });
  }
}

/** Identity serializer for requests that are already bytes. */
const rawBytes = (b: Buffer): Buffer => b;

const UPDATE_TYPES = {
  insert: p4.v1.Update.Type.INSERT,
  modify: p4.v1.Update.Type.MODIFY,
  delete: p4.v1.Update.Type.DELETE,
} as const;

function encodeUpdate(link: ClientLink, u: Update): p4.v1.IUpdate {
  const type = UPDATE_TYPES[u.type];
  if (!type)
    throw new TypeError(`update type must be insert, modify or delete, got '${String(u.type)}'`);
  return { type, entity: link.encodeEntity(u.entity) };
}

/** A failure found before sending (the update never reached the device). */
function clientFailure(index: number, code: number, message: string): UpdateFailure {
  return { index, code, codeName: codeName(code), message, space: 'ssa-fabric-client' };
}

/** The updates of a withheld atomic batch that were themselves fine. */
function abortedOthers(indexes: number[]): UpdateFailure[] {
  return indexes.map((i) =>
    clientFailure(
      i,
      grpc.status.ABORTED,
      'not sent: another update of its atomic batch is invalid',
    ),
  );
}
