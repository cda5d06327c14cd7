/**
 * What every entity shares: immutability, error context, 64-bit and port conversions, and the
 * counter / meter data shapes used by tables, counters and meters alike.
 */
import { P4SchemaError } from '../names';
import type { P4Schema } from '../schema';
import { Long, p4, toBigInt, toLong, type Int64 } from '../proto';
import { P4ValueError, decodeBits, encodeBits } from './values';

export { P4SchemaError, P4ValueError };

/** A 64-bit count or duration as given by the caller. */
export type Int = number | bigint;

/**
 * An SDN port (P4Runtime's 32-bit port number space, e.g. 0xfffffffd for the CPU) or the raw
 * bytes of a translated port. Decoded ports are numbers when they fit in 32 bits.
 */
export type Port = number | bigint | Uint8Array;

/** Bytes and packets of a counter cell. Decoded data always carries both, as bigint. */
export interface CounterData {
  bytes?: Int;
  packets?: Int;
}

/** trTCM / srTCM parameters of a meter cell (rates per second, bursts in the meter's unit). */
export interface MeterConfig {
  cir: Int;
  cburst: Int;
  pir: Int;
  pburst: Int;
  /** srTCM only; leave out for a two-rate meter. */
  eburst?: Int;
}

/** Per-colour counts of a meter cell (v1.4.0). */
export interface MeterCounterData {
  green?: CounterData;
  yellow?: CounterData;
  red?: CounterData;
}

/**
 * A deep-frozen copy of a plain value; byte arrays are copied (typed arrays cannot be frozen).
 * A value already frozen is taken as it is (with() shares what an entry holds, no recopy).
 */
export function frozen<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (Object.isFrozen(v)) return v;
  if (Array.isArray(v)) return Object.freeze(v.map(frozen)) as T;
  if (Object.getPrototypeOf(v) !== Object.prototype) return v; // entities freeze themselves
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = frozen(x);
  }
  return Object.freeze(out) as T;
}

/** Assign the defined fields of `fields` to `self` (deep-frozen), then freeze `self`. */
export function freezeInto<T extends object>(self: T, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined) (self as Record<string, unknown>)[k] = frozen(v);
  }
  Object.freeze(self);
}

/**
 * Run `fn`, prefixing the message of any P4ValueError / P4SchemaError with `where` (a function
 * when building the text costs: encoders call this per field).
 */
export function within<T>(where: string | (() => string), fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw prefixed(e, typeof where === 'string' ? where : where());
  }
}

/**
 * What `within` throws for `e` caught at `at`. Hot encoders catch inline and throw this, so that
 * no closure is made per value on the path that does not fail.
 */
export function prefixed(e: unknown, at: string): unknown {
  if (e instanceof P4ValueError) return new P4ValueError(`${at}: ${e.message}`, e.code);
  if (e instanceof P4SchemaError) return new P4SchemaError(`${at}: ${e.message}`);
  return e;
}

/** A value in an error message: bytes as hex, strings quoted, bigints without the `n`. */
export function show(v: unknown): string {
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  } catch {
    return String(v);
  }
}

/** A non-negative 64-bit integer for an int64/uint64 field, or a P4ValueError naming `what`. */
export function int64(v: Int, what: string): Long {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new P4ValueError(`${what}: ${show(v)} is not an integer (expected 0 to 2^63-1)`);
  }
  const b = BigInt(v);
  if (b < 0n || b >= 1n << 63n) {
    throw new P4ValueError(`${what}: ${show(v)} is out of range (expected 0 to 2^63-1)`);
  }
  return toLong(b);
}

/** A 32-bit unsigned id or count (`uint32`), or a P4ValueError naming `what`. */
export function uint32(v: Int, what: string): number {
  if ((typeof v === 'number' && !Number.isInteger(v)) || v < 0 || v > 0xffffffff) {
    throw new P4ValueError(`${what}: ${show(v)} is out of range (expected 0 to 4294967295)`);
  }
  return Number(v);
}

/** A non-negative `int32` (priority, weight, size), or a P4ValueError naming `what`. */
export function int32(v: Int, what: string): number {
  if ((typeof v === 'number' && !Number.isInteger(v)) || v < 0 || v > 0x7fffffff) {
    throw new P4ValueError(`${what}: ${show(v)} is out of range (expected 0 to 2147483647)`);
  }
  return Number(v);
}

/** A decoded 64-bit field. */
export function big(v: Int64 | null): bigint {
  return toBigInt(v);
}

/** A decoded 64-bit index as a number (indices stay far below 2^53). */
export function index64(v: Int64 | null): number {
  return Number(toBigInt(v));
}

/** An SDN port as its bytestring: numbers canonical over 32 bits, bytes as given. */
export function encodePort(port: Port, what: string): Uint8Array {
  if (port instanceof Uint8Array) {
    if (port.length === 0) throw new P4ValueError(`${what}: an empty port bytestring`);
    return new Uint8Array(port);
  }
  return within(what, () => encodeBits(port, 32));
}

/** A port bytestring as a number when it fits in 32 bits, else the bytes. */
export function decodePort(bytes: Uint8Array | null | undefined): Port {
  const b = bytes ?? new Uint8Array();
  const n = decodeBits(b);
  return n <= 0xffffffffn ? Number(n) : new Uint8Array(b);
}

/** The CounterData message; fields left out stay unset (a read asks for them with `{}`). */
export function encodeCounterData(d: CounterData, what: string): p4.v1.ICounterData {
  const out: p4.v1.ICounterData = {};
  if (d.bytes !== undefined) out.byte_count = int64(d.bytes, `${what} bytes`);
  if (d.packets !== undefined) out.packet_count = int64(d.packets, `${what} packets`);
  return out;
}

/** A CounterData message as bigints, both counts always present. */
export function decodeCounterData(d: p4.v1.ICounterData): Required<CounterData> {
  return { bytes: big(d.byte_count as Int64), packets: big(d.packet_count as Int64) };
}

/** The MeterSpec.Type of a meter or direct meter (0, two-rate three-colour, when unknown). */
export function meterType(schema: P4Schema, id: number): number {
  const i = schema.p4info;
  const m =
    i.meters.find((x) => x.preamble?.id === id) ??
    i.direct_meters.find((x) => x.preamble?.id === id);
  return m?.spec?.type ?? 0;
}

/** The P4Info message of an action profile, for the fields P4Schema does not index. */
export function profileInfo(schema: P4Schema, id: number): p4.config.v1.IActionProfile | undefined {
  return schema.p4info.action_profiles.find((p) => p.preamble?.id === id);
}

/**
 * A member weight (spec §9.2.2): > 0, default 1; where the selector disallows weights, only 0
 * (the default there).
 */
export function checkWeight(weight: number | undefined, disallowed: boolean, what: string): number {
  const w = int32(weight ?? (disallowed ? 0 : 1), what);
  if (disallowed ? w !== 0 : w === 0) {
    throw new P4ValueError(
      `${what}: ${w} is not valid (expected ${disallowed ? '0: the selector disallows weights' : '> 0'})`,
    );
  }
  return w;
}

/** Meter kinds as P4Info's MeterSpec.Type numbers them. */
const METER_TYPES = ['two-rate three-colour', 'single-rate three-colour', 'single-rate two-colour'];

/**
 * The MeterConfig message, checked against the meter's type (spec §9.4): a two-rate meter takes
 * no eburst; single-rate meters need pir = cir and pburst = cburst, two-colour ones no eburst.
 */
export function encodeMeterConfig(c: MeterConfig, what: string, type = 0): p4.v1.IMeterConfig {
  const out: p4.v1.IMeterConfig = {};
  for (const k of ['cir', 'cburst', 'pir', 'pburst', 'eburst'] as const) {
    const v = c[k];
    if (v === undefined) {
      if (k === 'eburst') continue;
      throw new P4ValueError(
        `${what}: missing '${k}' (a meter config needs cir, cburst, pir and pburst)`,
      );
    }
    out[k] = int64(v, `${what} ${k}`);
  }
  const kind = `a ${METER_TYPES[type] ?? 'two-rate three-colour'} meter`;
  const eburst = c.eburst !== undefined && BigInt(c.eburst) !== 0n;
  if (eburst && type !== 1) {
    throw new P4ValueError(`${what}: eburst ${show(c.eburst)} given, but ${kind} takes none`);
  }
  if (type === 1 || type === 2) {
    if (BigInt(c.pir) !== BigInt(c.cir) || BigInt(c.pburst) !== BigInt(c.cburst)) {
      throw new P4ValueError(
        `${what}: ${kind} needs pir = cir and pburst = cburst (got cir ${show(c.cir)}, pir ${show(c.pir)}, ` +
          `cburst ${show(c.cburst)}, pburst ${show(c.pburst)})`,
      );
    }
  }
  return out;
}

/** A MeterConfig message as bigints (eburst only when set). */
export function decodeMeterConfig(c: p4.v1.IMeterConfig): MeterConfig {
  const out: MeterConfig = {
    cir: big(c.cir as Int64),
    cburst: big(c.cburst as Int64),
    pir: big(c.pir as Int64),
    pburst: big(c.pburst as Int64),
  };
  const e = big(c.eburst as Int64);
  if (e !== 0n) out.eburst = e;
  return out;
}

const COLOURS = ['green', 'yellow', 'red'] as const;

/** The MeterCounterData message: one CounterData per colour given. */
export function encodeMeterCounterData(d: MeterCounterData, what: string): p4.v1.IMeterCounterData {
  const out: p4.v1.IMeterCounterData = {};
  for (const c of COLOURS) {
    const v = d[c];
    if (v !== undefined) out[c] = encodeCounterData(v, `${what} ${c}`);
  }
  return out;
}

/** A MeterCounterData message, the colours it carries. */
export function decodeMeterCounterData(d: p4.v1.IMeterCounterData): MeterCounterData {
  const out: MeterCounterData = {};
  for (const c of COLOURS) {
    const v = d[c];
    if (v) out[c] = decodeCounterData(v);
  }
  return out;
}

/** Bytes given as a Uint8Array or a UTF-8 string (metadata cookies). */
export function opaqueBytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? new TextEncoder().encode(v) : new Uint8Array(v);
}

/** The index of a cell, checked against an array of `size` cells (0: size unknown). */
export function checkIndex(index: Int, size: number, what: string): Long {
  const l = int64(index, `${what} index`);
  if (size > 0 && BigInt(index) >= BigInt(size)) {
    throw new P4ValueError(
      `${what}: index ${show(index)} is out of range (size ${size}, expected 0 to ${size - 1})`,
    );
  }
  return l;
}
