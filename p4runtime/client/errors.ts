/**
 * Typed errors at the gRPC boundary: P4RuntimeError for a failed call, P4RuntimeWriteError for a
 * Write whose updates failed, with each failed update's index, code and message.
 */
import { Metadata, status as Code, type ServiceError } from '@grpc/grpc-js';
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

/** A Write in which some updates failed; the others took effect (CONTINUE_ON_ERROR). */
export class P4RuntimeWriteError extends P4RuntimeError {
  override name = 'P4RuntimeWriteError';
  constructor(
    code: number,
    details: string,
    readonly failures: UpdateFailure[],
  ) {
    super('Write', code, details);
    const list = failures.map((f) => `  #${f.index}: ${f.codeName}: ${f.message}`).join('\n');
    this.message = `Write failed: ${failures.length} update(s) refused\n${list}`;
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
    const list = failures.map((f) => `  #${f.index}: ${f.codeName}: ${f.message}`).join('\n');
    this.message = `Read failed: ${failures.length} request(s) refused\n${list}`;
  }
}

const ERROR_TYPE_URL = 'type.googleapis.com/p4.v1.Error';

/** The google.rpc.Status carried in the trailer `grpc-status-details-bin`, if any. */
export function statusDetails(metadata: Metadata | undefined): google.rpc.Status | undefined {
  const raw = metadata?.get('grpc-status-details-bin')?.[0];
  if (!raw) return undefined;
  return google.rpc.Status.decode(typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw);
}

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

/** A status trailer (for the server side) that lists one p4.v1.Error per update. */
export function writeErrorMetadata(errors: p4.v1.IError[]): Metadata {
  const status = google.rpc.Status.encode({
    code: Code.UNKNOWN,
    message: 'one or more updates failed',
    details: errors.map((e) => ({
      type_url: ERROR_TYPE_URL,
      value: p4.v1.Error.encode(e).finish(),
    })),
  }).finish();
  const md = new Metadata();
  md.set('grpc-status-details-bin', Buffer.from(status));
  return md;
}
