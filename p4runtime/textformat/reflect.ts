/** The bits of protobufjs reflection the text format needs, resolved and cached per type. */
import * as protobuf from 'protobufjs';

/** Where a value goes: a message field, or a map entry's `key` / `value`. */
export interface Slot {
  name: string;
  type: string;
  resolvedType: protobuf.Type | protobuf.Enum | null;
  protoName?: string;
}

interface TypeInfo {
  byNumber: protobuf.Field[];
  byName: Map<string, protobuf.Field>;
}

const cache = new WeakMap<protobuf.Type, TypeInfo>();
const resolvedRoots = new WeakSet<protobuf.Root>();

function info(type: protobuf.Type): TypeInfo {
  let i = cache.get(type);
  if (!i) {
    // Presence and open/closed enums come from editions features, set by resolveAll.
    if (!resolvedRoots.has(type.root)) {
      type.root.resolveAll();
      resolvedRoots.add(type.root);
    }
    const fields = type.fieldsArray.map((f) => f.resolve());
    const byName = new Map<string, protobuf.Field>();
    for (const f of fields) byName.set(f.name, f);
    // The .proto spelling wins when a root was loaded with camelCase names.
    for (const f of fields) byName.set(protoName(f), f);
    i = { byNumber: fields.slice().sort((a, b) => a.id - b.id), byName };
    cache.set(type, i);
  }
  return i;
}

/** The type's fields in field-number order (resolved). */
export function fieldsByNumber(type: protobuf.Type): protobuf.Field[] {
  return info(type).byNumber;
}

/** The field spelled `name` in text (its .proto name, or the JS name), if any. */
export function lookupField(type: protobuf.Type, name: string): protobuf.Field | undefined {
  return info(type).byName.get(name);
}

/** Every field name a text may use, for did-you-mean hints. */
export function fieldNames(type: protobuf.Type): string[] {
  return info(type).byNumber.map(protoName);
}

/** The name as written in the .proto file. */
export function protoName(slot: Slot): string {
  return slot.protoName ?? slot.name;
}

/** The full name without the leading dot: `p4.config.v1.P4Info`. */
export function fullName(t: protobuf.ReflectionObject): string {
  return t.fullName.replace(/^\./, '');
}

/** True for google.protobuf.Any, which the text format may write expanded. */
export function isAny(type: protobuf.Type): boolean {
  return type.fullName === '.google.protobuf.Any';
}
