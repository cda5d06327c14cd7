/**
 * WriteRequest bytes assembled update by update in one reused buffer. Each update is written to
 * the wire as soon as its entity is encoded, so the entity's message objects die young instead of
 * a whole batch's object graph living until the request is serialized, and no Writer, copy or
 * intermediate array is made per update.
 *
 *   const req = new WriteRequestWriter();
 *   req.begin(1n, 10n, '', 0);
 *   req.add({ type: p4.v1.Update.Type.INSERT, entity: { table_entry } });
 *   const bytes = req.finish();
 */
import { p4, toLong, toUint128 } from '../proto';
import type { P4Schema } from '../schema';
import type { RequestPool } from './request-pool';
import { TableEntryWriter } from './table-entry-wire';
import { writeUpdate } from './update-wire';
import { WireWriter } from './wire-writer';

/** Tag of p4.v1.WriteRequest.updates: field 4, length-delimited (specification v1.5.0). */
const UPDATES_TAG = (4 << 3) | 2;

/** A buffer grown past this by one huge request is not kept for the next one. */
const KEEP_BYTES = 4 * 1024 * 1024;

/** The encoded WriteRequest without its updates. */
export function writeRequestHeader(
  deviceId: bigint,
  electionId: bigint,
  role: string,
  atomicity: number,
): Uint8Array {
  return p4.v1.WriteRequest.encode({
    device_id: toLong(deviceId),
    election_id: toUint128(electionId),
    ...(role ? { role } : {}),
    ...(atomicity ? { atomicity } : {}),
  }).finish();
}

/** One update as bytes, exactly as `p4.v1.Update.encode(update).finish()` writes it. */
export function encodeUpdateBytes(update: p4.v1.IUpdate): Uint8Array {
  const w = new WireWriter(128);
  writeUpdate(w, update);
  return w.finish();
}

/**
 * Builds one WriteRequest at a time: header fields, then each update as field 4 (protobuf allows
 * fields in any order). Synchronous from begin to finish, so one instance serves a whole client.
 */
export class WriteRequestWriter {
  private w = new WireWriter(64 * 1024);
  private readonly entries = new TableEntryWriter();
  /** The last header and what it was made of: it changes only with the election id. */
  private header: {
    deviceId: bigint;
    electionId: bigint;
    role: string;
    atomicity: number;
    bytes: Uint8Array;
  } = { deviceId: -1n, electionId: -1n, role: '', atomicity: 0, bytes: new Uint8Array() };
  /** Updates added since begin. */
  count = 0;

  /** Start a request with its header fields. */
  begin(deviceId: bigint, electionId: bigint, role: string, atomicity: number): void {
    if (this.w.capacity > KEEP_BYTES) this.w = new WireWriter(64 * 1024);
    this.w.reset();
    this.count = 0;
    const h = this.header;
    if (
      h.deviceId !== deviceId ||
      h.electionId !== electionId ||
      h.role !== role ||
      h.atomicity !== atomicity
    ) {
      const bytes = writeRequestHeader(deviceId, electionId, role, atomicity);
      this.header = { deviceId, electionId, role, atomicity, bytes };
    }
    this.w.raw(this.header.bytes);
  }

  /** Append one update; if it cannot be encoded, it throws and leaves nothing behind. */
  add(update: p4.v1.IUpdate): void {
    const mark = this.w.pos;
    try {
      const at = this.w.fork(UPDATES_TAG);
      writeUpdate(this.w, update);
      this.w.ldelim(at);
    } catch (e) {
      this.w.truncate(mark);
      throw e;
    }
    this.count++;
  }

  /**
   * Append `update` (a client Update) if it is a table entry TableEntryWriter writes straight
   * from the entity; false, with nothing written, if it must be encoded and given to `add`.
   */
  addEntry(update: unknown, schema: P4Schema | undefined): boolean {
    if (!schema) return false;
    const mark = this.w.pos;
    try {
      if (this.entries.write(this.w, UPDATES_TAG, update, schema)) {
        this.count++;
        return true;
      }
    } catch {
      // Whatever went wrong, the general path meets it again and reports it.
    }
    this.w.truncate(mark);
    return false;
  }

  /**
   * The request's bytes (a copy: the buffer is reused by the next request), in memory from
   * `pool` when one is given (give them back to it once their call is over).
   */
  finish(pool?: RequestPool): Buffer {
    return pool ? this.w.finishInto(pool.take(this.w.pos)) : this.w.finish();
  }
}

/**
 * Lends request writers: one is kept and reused from batch to batch; a nested use (an entity
 * whose encode() itself writes) gets a fresh one rather than the one being filled.
 */
export class WriterPool {
  private spare: WriteRequestWriter | undefined = new WriteRequestWriter();

  /** Run `fn` with a writer of its own. */
  use<T>(fn: (req: WriteRequestWriter) => T): T {
    const req = this.spare ?? new WriteRequestWriter();
    this.spare = undefined;
    try {
      return fn(req);
    } finally {
      this.spare = req;
    }
  }
}
