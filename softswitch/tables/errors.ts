/**
 * Typed failures of the table engine. `kind` names the gRPC status the P4Runtime server must
 * return, so the server maps an error without parsing its message.
 */
export type TableErrorKind =
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  // P4Runtime requires PERMISSION_DENIED for writes to a const default action / const table.
  | 'PERMISSION_DENIED';

/** An engine operation that was refused; nothing was changed by the failed call. */
export class TableError extends Error {
  constructor(
    readonly kind: TableErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TableError';
  }
}

/** Shorthand used across the engine: `throw fail('NOT_FOUND', ...)`. */
export function fail(kind: TableErrorKind, message: string): TableError {
  return new TableError(kind, message);
}
