/**
 * Typed errors at the gRPC boundary: P4RuntimeError for a failed call, P4RuntimeWriteError for a
 * Write whose updates failed, with each failed update's index, code and message.
 */
import { status as Code, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { google, p4 } from '../proto';

/** gRPC status code name, e.g. 3 -> 'INVALID_ARGUMENT'. */
export function codeName(code: number): string {
  return Code[code] ?? `CODE_${code}`;
}

/** A P4Runtime call that failed, with its gRPC code. */
export class P4RuntimeError extends Error {
  override name = 'P4RuntimeError';
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
  ) {
    super(`${method} failed: ${codeName(code)}: ${details}`);
  }
  get codeName(): string {
    return codeName(this.code);
  }
}

/** One update of a Write that the server refused. `index` counts from 0 over the whole call. */
export interface UpdateFailure {
  index: number;
  code: number;
  codeName: string;
  message: string;
  space: string;
}

/**
 * A Write in which some updates were refused. The updates not listed took effect, except those
 * in `notSent`: a later phase that was not sent because this phase had refusals (see write()).
 */
export class P4RuntimeWriteError extends P4RuntimeError {
  override name = 'P4RuntimeWriteError';
  constructor(
    code: number,
    details: string,
    readonly failures: UpdateFailure[],
    /** Indexes never sent: later phases, withheld because an earlier phase had refusals. */
    readonly notSent: readonly number[] = [],
  ) {
    super('Write', code, details);
    const skipped = notSent.length ? `\n${notSent.length} later update(s) not sent` : '';
    this.message = `Write failed: ${failures.length} update(s) refused\n${listed(failures)}${skipped}`;
  }
}

/**
 * A Write stopped by an error that is not a per-update refusal (DEADLINE_EXCEEDED, UNAVAILABLE,
 * CANCELLED, PERMISSION_DENIED, ...): nothing was sent after it. Every index of the call is in
 * exactly one of `applied`, `failures` (refused: by the device, per update or a whole request,
 * or before sending), `unknown` (in a request that got no answer: it may or may not have taken
 * effect) and `notSent`.
 */
export class P4RuntimeWriteAbortedError extends P4RuntimeError {
  override name = 'P4RuntimeWriteAbortedError';
  constructor(
    /** The error that stopped the write. */
    override readonly cause: P4RuntimeError | Error,
    readonly applied: readonly number[],
    readonly failures: UpdateFailure[],
    readonly unknown: readonly number[],
    readonly notSent: readonly number[],
  ) {
    const code = cause instanceof P4RuntimeError ? cause.code : Code.UNKNOWN;
    const details = cause instanceof P4RuntimeError ? cause.details : cause.message;
    super('Write', code, details);
    this.message =
      `Write stopped: ${codeName(code)}: ${details} (${applied.length} applied, ` +
      `${failures.length} refused, ${unknown.length} unknown, ${notSent.length} not sent)`;
  }
}

/**
 * A stream message refused because `queued` messages already wait in the stream's send buffer
 * (the device or the network is slower than the sender): RESOURCE_EXHAUSTED, nothing sent.
 */
export class P4RuntimeStreamFullError extends P4RuntimeError {
  override name = 'P4RuntimeStreamFullError';
  constructor(readonly queued: number) {
    super(
      'StreamChannel',
      Code.RESOURCE_EXHAUSTED,
      `${queued} messages already wait to be sent; wait for SwitchEvent.DRAIN (client.drained())`,
    );
  }
}

/**
 * A Read in which some of the requested entities failed; `failures` lists them by their index
 * in the request (the others were answered with entities).
 */
export class P4RuntimeReadError extends P4RuntimeError {
  override name = 'P4RuntimeReadError';
  constructor(
    code: number,
    details: string,
    readonly failures: UpdateFailure[],
  ) {
    super('Read', code, details);
    this.message = `Read failed: ${failures.length} request(s) refused\n${listed(failures)}`;
  }
}

/** Failures named in an error's message; the rest are in `failures`. */
const LISTED = 20;

/** The first LISTED failures, one per line, and how many more there are. */
function listed(failures: readonly UpdateFailure[]): string {
  const lines = failures.slice(0, LISTED).map((f) => `  #${f.index}: ${f.codeName}: ${f.message}`);
  if (failures.length > LISTED) lines.push(`  ... and ${failures.length - LISTED} more`);
  return lines.join('\n');
}

/** type_url of a p4.v1.Error packed in an Any. */
export const ERROR_TYPE_URL = 'type.googleapis.com/p4.v1.Error';

/**
 * The google.rpc.Status carried in the trailer `grpc-status-details-bin`, if any. A large status
 * may come as several values of the trailer (each an HTTP/2 header field, which nghttp2 caps at
 * 64 KiB): their bytes are concatenated, which is how protobuf merges a message sent in pieces.
 */
export function statusDetails(metadata: Metadata | undefined): google.rpc.Status | undefined {
  const raws = metadata?.get(STATUS_DETAILS_KEY) ?? [];
  if (raws.length === 0) return undefined;
  const bytes = raws.map((raw) => (typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw));
  return google.rpc.Status.decode(bytes.length === 1 ? bytes[0] : Buffer.concat(bytes));
}

/** The trailer of a gRPC status's details (a google.rpc.Status). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** Per-item errors of a Write or Read status (one p4.v1.Error per update or entity, in order). */
export function updateErrors(status: google.rpc.Status, offset: number): UpdateFailure[] {
  const out: UpdateFailure[] = [];
  status.details.forEach((any, i) => {
    if (any.type_url !== ERROR_TYPE_URL || !any.value) return;
    const e = p4.v1.Error.decode(any.value);
    if (e.canonical_code === Code.OK) return;
    out.push({
      index: offset + i,
      code: e.canonical_code,
      codeName: codeName(e.canonical_code),
      message: e.message,
      space: e.space,
    });
  });
  return out;
}

/**
 * Wrap a grpc-js error as a P4RuntimeError, or as a P4RuntimeWriteError / P4RuntimeReadError
 * when the status details list the failed updates or entities.
 */
export function fromServiceError(method: string, err: ServiceError, offset = 0): P4RuntimeError {
  if (method === 'Write' || method === 'Read') {
    const status = statusDetails(err.metadata);
    if (status && status.details.length > 0) {
      const failures = updateErrors(status, offset);
      return method === 'Write'
        ? new P4RuntimeWriteError(err.code, err.details, failures)
        : new P4RuntimeReadError(err.code, err.details, failures);
    }
  }
  return new P4RuntimeError(method, err.code, err.details);
}
