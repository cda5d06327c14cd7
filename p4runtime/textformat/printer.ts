/**
 * Prints a message as C++ `TextFormat::Printer` with `SetExpandAny(true)` does (what p4c
 * uses for P4Info text files): fields in field-number order, two-space indent, `name: value`
 * and `name {` ... `}`, unset or default-valued implicit-presence scalars skipped, enums by
 * name, map entries sorted by key, Any expanded when its type is in the root.
 */
import * as protobuf from 'protobufjs';
import { cEscape, formatDouble, formatFloat, toBigInt64 } from './scalars';
import { fieldsByNumber, isAny, protoName, type Slot } from './reflect';

type Obj = Record<string, unknown>;

const UTF8 = new TextEncoder();

/** The text format of `message` (a message instance or plain object) of `type`. */
export function printText(message: object, type: protobuf.Type): string {
  const out: string[] = [];
  printMessage(out, '', message as Obj, type);
  return out.join('');
}

function printMessage(out: string[], indent: string, msg: Obj, type: protobuf.Type): void {
  if (isAny(type) && printAny(out, indent, msg, type)) return;
  for (const field of fieldsByNumber(type)) {
    const v = msg[field.name];
    if (v === null || v === undefined) continue;
    if (field instanceof protobuf.MapField) printMap(out, indent, field, v as Obj);
    else if (field.repeated) {
      for (const item of v as unknown[]) printField(out, indent, field, item);
    } else if (isSet(msg, field, v)) printField(out, indent, field, v);
  }
}

/** Whether C++ HasField would be true: explicit presence = set; implicit = not default. */
function isSet(msg: Obj, field: protobuf.Field, v: unknown): boolean {
  if (field.resolvedType instanceof protobuf.Type) return true;
  if (field.hasPresence) return Object.prototype.hasOwnProperty.call(msg, field.name);
  if (field.resolvedType instanceof protobuf.Enum) return enumNumber(field.resolvedType, v) !== 0;
  switch (field.type) {
    case 'string':
      return v !== '';
    case 'bytes':
      return (v as ArrayLike<number>).length > 0;
    case 'bool':
      return v === true;
    case 'float':
    case 'double': // C++ compares bits: -0 and NaN count as set.
      return Number(v) !== 0 || Object.is(Number(v), -0);
    default:
      return /64$/.test(field.type) ? toBigInt64(v, false) !== 0n : Number(v) !== 0;
  }
}

function printField(out: string[], indent: string, slot: Slot, v: unknown): void {
  const name = protoName(slot);
  if (slot.resolvedType instanceof protobuf.Type) {
    out.push(`${indent}${name} {\n`);
    printMessage(out, indent + '  ', (v ?? {}) as Obj, slot.resolvedType);
    out.push(`${indent}}\n`);
  } else {
    out.push(`${indent}${name}: ${formatScalar(slot, v)}\n`);
  }
}

/** Map entries, sorted by key as C++ does (numbers numerically, strings bytewise). */
function printMap(out: string[], indent: string, field: protobuf.MapField, map: Obj): void {
  const keySlot: Slot = { name: 'key', type: field.keyType, resolvedType: null };
  const valueSlot: Slot = { name: 'value', type: field.type, resolvedType: field.resolvedType };
  const entries = Object.keys(map).map((k) => [mapKey(field.keyType, k), map[k]] as const);
  entries.sort(([a], [b]) => compareKeys(a, b));
  const inner = indent + '  ';
  for (const [key, value] of entries) {
    out.push(`${indent}${protoName(field)} {\n`);
    out.push(`${inner}key: ${formatScalar(keySlot, key)}\n`);
    printField(out, inner, valueSlot, value ?? defaultScalar(valueSlot));
    out.push(`${indent}}\n`);
  }
}

/** A map key from its object-key spelling (protobufjs may use 8-char hashes for 64-bit keys). */
function mapKey(keyType: string, k: string): string | number | bigint | boolean {
  if (keyType === 'string') return k;
  if (keyType === 'bool') return k === 'true';
  if (/64$/.test(keyType)) {
    const unsigned = keyType === 'uint64' || keyType === 'fixed64';
    if (/^-?\d+$/.test(k)) return toBigInt64(k, unsigned);
    return toBigInt64(protobuf.util.longFromHash(k, unsigned), unsigned);
  }
  return Number(k);
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return Buffer.compare(UTF8.encode(a), UTF8.encode(b));
  }
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

function defaultScalar(slot: Slot): unknown {
  if (slot.resolvedType) return slot.resolvedType instanceof protobuf.Type ? {} : 0;
  return slot.type === 'string'
    ? ''
    : slot.type === 'bytes'
      ? new Uint8Array()
      : slot.type === 'bool'
        ? false
        : 0;
}

function formatScalar(slot: Slot, v: unknown): string {
  const rt = slot.resolvedType;
  if (rt instanceof protobuf.Enum) {
    const n = enumNumber(rt, v);
    return enumName(rt, n) ?? String(n);
  }
  switch (slot.type) {
    case 'string':
      return `"${cEscape(UTF8.encode(String(v)))}"`;
    case 'bytes':
      return `"${cEscape(toBytes(v))}"`;
    case 'bool':
      return v ? 'true' : 'false';
    case 'float':
      return formatFloat(Number(v));
    case 'double':
      return formatDouble(Number(v));
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return String(Number(v) | 0);
    case 'uint32':
    case 'fixed32':
      return String(Number(v) >>> 0);
    default: // 64-bit
      return toBigInt64(v, slot.type === 'uint64' || slot.type === 'fixed64').toString();
  }
}

function toBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'base64'); // protobufjs toObject({bytes: String})
  return Uint8Array.from(v as ArrayLike<number>);
}

function enumNumber(e: protobuf.Enum, v: unknown): number {
  if (typeof v === 'string') {
    const n = e.values[v];
    if (n === undefined) {
      throw new TypeError(`'${v}' is not a value of enum ${e.fullName.slice(1)}`);
    }
    return n;
  }
  return Number(v);
}

const firstNames = new WeakMap<protobuf.Enum, Map<number, string>>();

/** The first name declared for a number (C++ prints the first of aliased values). */
function enumName(e: protobuf.Enum, n: number): string | undefined {
  let names = firstNames.get(e);
  if (!names) {
    names = new Map();
    for (const [name, num] of Object.entries(e.values)) if (!names.has(num)) names.set(num, name);
    firstNames.set(e, names);
  }
  return names.get(n);
}

/** `[type.googleapis.com/pkg.Msg] { ... }` when the type is known and the value decodes. */
function printAny(out: string[], indent: string, msg: Obj, type: protobuf.Type): boolean {
  const [urlField, valueField] = fieldsByNumber(type);
  const url = msg[urlField.name];
  if (typeof url !== 'string') return false;
  // Released C++ (up to v34) expands only these prefixes; others print as plain fields.
  const slash = url.lastIndexOf('/');
  const prefix = url.slice(0, slash + 1);
  if (prefix !== 'type.googleapis.com/' && prefix !== 'type.googleprod.com/') return false;
  let decoded: protobuf.Message;
  let inner: protobuf.Type;
  try {
    inner = type.root.lookupType('.' + url.slice(slash + 1));
    decoded = inner.decode(toBytes(msg[valueField.name] ?? new Uint8Array()));
  } catch {
    return false; // C++ falls back to printing type_url and value
  }
  out.push(`${indent}[${url}] {\n`);
  printMessage(out, indent + '  ', decoded as unknown as Obj, inner);
  out.push(`${indent}}\n`);
  return true;
}
