/**
 * The generated P4Runtime protobuf code (static encoders) and its reflection twin (for the text
 * format), with the 64-bit and 128-bit conversions every caller needs.
 */
import * as protobuf from 'protobufjs';
import Long from 'long';
import { p4, google } from '../generated/proto';
import descriptor from '../generated/proto.json';

export { p4, google, Long };

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);

/** Reflection types, by the names the text format and golden tests need. */
export const protoRoot = {
  root,
  P4Info: root.lookupType('p4.config.v1.P4Info'),
  Entity: root.lookupType('p4.v1.Entity'),
  Update: root.lookupType('p4.v1.Update'),
  WriteRequest: root.lookupType('p4.v1.WriteRequest'),
  ReadRequest: root.lookupType('p4.v1.ReadRequest'),
  ReadResponse: root.lookupType('p4.v1.ReadResponse'),
  TableEntry: root.lookupType('p4.v1.TableEntry'),
  StreamMessageRequest: root.lookupType('p4.v1.StreamMessageRequest'),
  StreamMessageResponse: root.lookupType('p4.v1.StreamMessageResponse'),
  lookup(name: string): protobuf.Type {
    return root.lookupType(name);
  },
};

/** A 64-bit protobuf integer in any of the forms protobufjs produces or accepts. */
export type Int64 = number | Long | string | null | undefined;

/** A protobuf 64-bit integer as an unsigned bigint. */
export function toBigInt(v: Int64): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return BigInt(v);
  return BigInt.asUintN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
}

/** A bigint (0 <= v < 2^64) as an unsigned Long for the generated encoders. */
export function toLong(v: bigint | number): Long {
  const b = BigInt.asUintN(64, BigInt(v));
  return new Long(Number(b & 0xffffffffn) | 0, Number(b >> 32n) | 0, true);
}

/** A 128-bit election id as the `Uint128 { high, low }` message. */
export function toUint128(v: bigint): p4.v1.IUint128 {
  if (v < 0n || v >= 1n << 128n) throw new RangeError(`election id ${v} does not fit in 128 bits`);
  return { high: toLong(v >> 64n), low: toLong(v & 0xffffffffffffffffn) };
}

/** A `Uint128` message as a bigint (absent = 0). */
export function fromUint128(v: p4.v1.IUint128 | null | undefined): bigint {
  if (!v) return 0n;
  return (toBigInt(v.high as Int64) << 64n) | toBigInt(v.low as Int64);
}
