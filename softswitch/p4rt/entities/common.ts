/**
 * What every entity handler of the server shares: the context it works in, the undo closures
 * that make batches atomic, the mapping of table-engine errors to P4Runtime codes, and the
 * small checks the spec states once for all indexed externs.
 */
import type { P4Schema } from '../../../p4runtime/schema';
import { Long, p4, toBigInt, toLong, type Int64 } from '../../../p4runtime/proto';
import type { ForwardingState } from '../../forwarding-state';
import { TableError } from '../../tables/errors';
import type { CounterData } from '../../tables/types';
import { Code, P4RuntimeStatus, fail } from '../status';

import UpdateType = p4.v1.Update.Type;

export { UpdateType };

/** Reverts one applied update; run in reverse order to roll a batch back. */
export type Undo = () => void;

/** Server-side facts the engine does not keep, per forwarding state. */
export class Bookkeeping {
  /** controller_metadata / metadata of default entries, by table id. */
  readonly defaultMetadata = new Map<
    number,
    { controllerMetadata?: bigint; metadata?: Uint8Array }
  >();
  /** One-shot (action set) entries per action profile id: the profile is then in one-shot mode. */
  readonly oneShots = new Map<number, number>();
  /** Opaque `metadata` of multicast groups, by group id. */
  readonly multicastMetadata = new Map<number, Uint8Array>();
}

const books = new WeakMap<ForwardingState, Bookkeeping>();

/** The state an entity handler reads and writes. */
export interface EntityContext {
  readonly schema: P4Schema;
  readonly state: ForwardingState;
  readonly book: Bookkeeping;
}

/** The entity context of a forwarding state (one Bookkeeping per state, created on first use). */
export function contextOf(state: ForwardingState): EntityContext {
  let book = books.get(state);
  if (!book) books.set(state, (book = new Bookkeeping()));
  return { schema: state.schema, state, book };
}

const ENGINE_CODES: Record<TableError['kind'], Code> = {
  ALREADY_EXISTS: Code.ALREADY_EXISTS,
  NOT_FOUND: Code.NOT_FOUND,
  RESOURCE_EXHAUSTED: Code.RESOURCE_EXHAUSTED,
  INVALID_ARGUMENT: Code.INVALID_ARGUMENT,
  FAILED_PRECONDITION: Code.FAILED_PRECONDITION,
  PERMISSION_DENIED: Code.PERMISSION_DENIED,
};

/** Runs an engine call, turning its TableError into the P4Runtime status of the same kind. */
export function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TableError) throw new P4RuntimeStatus(ENGINE_CODES[e.kind], e.message);
    throw e;
  }
}

/** Name of an update type for messages ('INSERT'). */
export function typeName(type: UpdateType): string {
  return UpdateType[type] ?? `update type ${type}`;
}

/** Throws INVALID_ARGUMENT for an update type the entity does not accept. */
export function onlyModify(type: UpdateType, what: string): void {
  if (type !== UpdateType.MODIFY) {
    fail(Code.INVALID_ARGUMENT, `${what} can only be modified; ${typeName(type)} is not allowed`);
  }
}

/** Throws INVALID_ARGUMENT unless the update type is INSERT, MODIFY or DELETE. */
export function checkUpdateType(type: UpdateType): void {
  if (type !== UpdateType.INSERT && type !== UpdateType.MODIFY && type !== UpdateType.DELETE) {
    fail(Code.INVALID_ARGUMENT, `update type ${type} is not INSERT, MODIFY or DELETE`);
  }
}

/**
 * An index of a counter, meter or register array: INVALID_ARGUMENT if negative, OUT_OF_RANGE
 * if past the array (spec §9.4.2, §9.5.2, §9.7).
 */
export function checkIndex(index: Int64, size: number, what: string): number {
  const v = BigInt.asIntN(64, toBigInt(index));
  if (v < 0n) fail(Code.INVALID_ARGUMENT, `${what}: index ${v} is negative`);
  if (v >= BigInt(size))
    fail(Code.OUT_OF_RANGE, `${what}: index ${v} is past the last cell ${size - 1}`);
  return Number(v);
}

/**
 * The cells an indexed entry names: its index (checked against `size`), or every cell when the
 * index is unset (a wildcard read, or a write to all cells as the spec allows).
 */
export function cellsOf(
  index: { index?: Int64 } | null | undefined,
  size: number,
  what: string,
): number[] {
  return index ? [checkIndex(index.index, size, what)] : Array.from({ length: size }, (_, i) => i);
}

/** A non-negative int64 of a message as a JS number (counts and rates); INVALID_ARGUMENT otherwise. */
export function nonNegative(v: Int64, what: string): number {
  const n = BigInt.asIntN(64, toBigInt(v));
  if (n < 0n) fail(Code.INVALID_ARGUMENT, `${what} ${n} is negative`);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) fail(Code.OUT_OF_RANGE, `${what} ${n} exceeds 2^53-1`);
  return Number(n);
}

/** CounterData of a message as the engine's (both counts non-negative). */
export function counterIn(d: p4.v1.ICounterData, what: string): CounterData {
  return {
    bytes: nonNegative(d.byte_count as Int64, `${what}: byte_count`),
    packets: nonNegative(d.packet_count as Int64, `${what}: packet_count`),
  };
}

/** The engine's CounterData as a message. */
export function counterOut(d: CounterData): p4.v1.ICounterData {
  return { byte_count: int64(d.bytes), packet_count: int64(d.packets) };
}

/** A non-negative JS number as a signed protobuf int64. */
export function int64(v: number | bigint): Long {
  return toLong(BigInt(v)).toSigned();
}

/** The value of a uint32 id field (0 when unset). */
export function idOf(v: number | null | undefined): number {
  return v ?? 0;
}
