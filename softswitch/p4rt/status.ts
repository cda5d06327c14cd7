/**
 * The error every server-side check throws: a canonical gRPC code and a message that names the
 * field, the value and what was expected. Handlers turn it into an RPC status, a per-update
 * p4.v1.Error or a StreamError.
 */
import { status as Code } from '@grpc/grpc-js';

export { Code };

/** A P4Runtime request (or one update of it) refused with a canonical code. */
export class P4RuntimeStatus extends Error {
  override name = 'P4RuntimeStatus';
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

/** Throw a P4RuntimeStatus; typed `never` so checks read as guards. */
export function fail(code: Code, message: string): never {
  throw new P4RuntimeStatus(code, message);
}

/** Throw INVALID_ARGUMENT unless `condition` holds. */
export function check(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) fail(Code.INVALID_ARGUMENT, typeof message === 'string' ? message : message());
}

/**
 * Any thrown value as a P4RuntimeStatus. Errors we did not raise on purpose become INTERNAL, so
 * a bug is reported as a bug rather than as the client's fault.
 */
export function toStatus(e: unknown): P4RuntimeStatus {
  if (e instanceof P4RuntimeStatus) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new P4RuntimeStatus(Code.INTERNAL, message);
}

/** Name of a canonical code, for messages ('NOT_FOUND'). */
export function codeName(code: number): string {
  return Code[code] ?? `CODE_${code}`;
}
