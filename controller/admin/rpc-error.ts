/**
 * Errors of the admin API: a standard status code, a message, and for a refused field a
 * google.rpc.BadRequest naming it, carried as a google.rpc.Status in the
 * `grpc-status-details-bin` trailer (the gRPC rich error model).
 */
import { Metadata, status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
import { Reader, Writer } from 'protobufjs/minimal';
import { CommandRefusedError } from '../commands/command';
import { TokenError } from './security/token-store';

export const BAD_REQUEST_TYPE_URL = 'type.googleapis.com/google.rpc.BadRequest';
export const DETAILS_KEY = 'grpc-status-details-bin';

/** A field refused, as google.rpc.BadRequest.FieldViolation. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** An admin API failure with its status code (and the refused field, if one is). */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly code: status,
    message: string,
    readonly violation?: FieldViolation,
  ) {
    super(message);
  }
}

/** The status code names, for audit rows and CLI messages. */
export function codeName(code: number): string {
  return status[code] ?? `CODE_${code}`;
}

/** google.rpc.Status { code, message, details: [Any(BadRequest)] }, encoded. */
export function encodeStatusDetails(
  code: number,
  message: string,
  violations: readonly FieldViolation[],
): Uint8Array {
  const badRequest = Writer.create();
  for (const v of violations) {
    badRequest.uint32((1 << 3) | 2).fork();
    badRequest.uint32((1 << 3) | 2).string(v.field);
    badRequest.uint32((2 << 3) | 2).string(v.description);
    badRequest.ldelim();
  }
  const w = Writer.create();
  w.uint32((1 << 3) | 0).int32(code);
  w.uint32((2 << 3) | 2).string(message);
  w.uint32((3 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string(BAD_REQUEST_TYPE_URL);
  w.uint32((2 << 3) | 2).bytes(badRequest.finish());
  w.ldelim();
  return w.finish();
}

/** The field violations in a `grpc-status-details-bin` value (the CLI shows them). */
export function decodeFieldViolations(bytes: Uint8Array): FieldViolation[] {
  const out: FieldViolation[] = [];
  const status = Reader.create(bytes);
  while (status.pos < status.len) {
    const tag = status.uint32();
    if (tag >>> 3 !== 3) {
      status.skipType(tag & 7);
      continue;
    }
    const any = Reader.create(status.bytes());
    let typeUrl = '';
    let value: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const t = any.uint32();
      if (t >>> 3 === 1) typeUrl = any.string();
      else if (t >>> 3 === 2) value = any.bytes();
      else any.skipType(t & 7);
    }
    if (typeUrl !== BAD_REQUEST_TYPE_URL) continue;
    const br = Reader.create(value);
    while (br.pos < br.len) {
      const t = br.uint32();
      if (t >>> 3 !== 1) {
        br.skipType(t & 7);
        continue;
      }
      const fv = Reader.create(br.bytes());
      let field = '';
      let description = '';
      while (fv.pos < fv.len) {
        const u = fv.uint32();
        if (u >>> 3 === 1) field = fv.string();
        else if (u >>> 3 === 2) description = fv.string();
        else fv.skipType(u & 7);
      }
      out.push({ field, description });
    }
  }
  return out;
}

/**
 * The AdminError for anything a call threw: refusals become INVALID_ARGUMENT, NOT_FOUND or
 * ALREADY_EXISTS by what the domain expected; the rest is INTERNAL (logged by the caller).
 */
export function toAdminError(e: unknown): AdminError {
  if (e instanceof AdminError) return e;
  if (e instanceof CommandRefusedError) {
    return new AdminError(refusalCode(e.expected), e.message, {
      field: e.field,
      description: e.message,
    });
  }
  if (e instanceof TokenError) {
    const code =
      e.reason === 'exists'
        ? status.ALREADY_EXISTS
        : e.reason === 'not-found'
          ? status.NOT_FOUND
          : status.INVALID_ARGUMENT;
    return new AdminError(code, e.message, { field: e.field, description: e.message });
  }
  if (e instanceof Error && /shutting down/.test(e.message)) {
    return new AdminError(status.UNAVAILABLE, e.message);
  }
  return new AdminError(status.INTERNAL, e instanceof Error ? e.message : String(e));
}

/** Codes by the domain's `expected` text (controller/commands/apply.ts, domain/check.ts). */
function refusalCode(expected: string): status {
  if (/^the (name|id) of an? /.test(expected)) return status.NOT_FOUND;
  if (
    /^(a name no .* has yet|an id not taken)/.test(expected) ||
    / different from .*'s$/.test(expected)
  )
    return status.ALREADY_EXISTS;
  return status.INVALID_ARGUMENT;
}

/** The RpcException Nest hands to grpc-js: code, message and the details trailer. */
export function toRpcException(e: AdminError): RpcException {
  const metadata = new Metadata();
  if (e.violation !== undefined) {
    metadata.set(DETAILS_KEY, Buffer.from(encodeStatusDetails(e.code, e.message, [e.violation])));
  }
  return new RpcException({ code: e.code, message: e.message, details: e.message, metadata });
}
