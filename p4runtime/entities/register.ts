/**
 * Register cells (P4Runtime v1.5.0 §9.7). A cell's value is P4Data in the register's type:
 * `bit<W>` takes any value (decoded as bigint), `int<W>` a signed number or bigint, `bool` a
 * boolean; other types (structs, headers) take the P4Data message itself.
 *
 *   new RegisterEntry({ register: 'flow_bytes', index: 7, data: 1500 })
 *   new RegisterEntry({ register: 'flow_bytes' })        // read every cell
 */
import type { EncodableEntity } from './update';
import type { P4Register, P4Schema } from '../schema';
import { p4 } from '../proto';
import {
  P4SchemaError,
  P4ValueError,
  checkIndex,
  freezeInto,
  index64,
  show,
  within,
  type Int,
} from './common';
import { decodeBits, decodeSigned, encodeBits, encodeSigned, type Value } from './values';

/** A register cell value: a bitstring value, a boolean, or a P4Data message for other types. */
export type RegisterValue = Value | boolean | p4.v1.IP4Data;

export interface RegisterEntrySpec {
  /** Register by name or id; leave out to read every register. */
  register?: string | number;
  /** Cell index; leave out for every cell (a write then sets them all). */
  index?: Int;
  data?: RegisterValue;
}

/** A cell (or all cells) of a register array. */
export class RegisterEntry implements EncodableEntity {
  declare readonly register?: string | number;
  declare readonly index?: Int;
  declare readonly data?: RegisterValue;

  constructor(spec: RegisterEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<RegisterEntrySpec>): RegisterEntry {
    return new RegisterEntry({ ...(this as RegisterEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.register === undefined) {
      if (this.index !== undefined || this.data !== undefined) {
        throw new P4SchemaError('register entry: an index or data needs a register');
      }
      return { register_entry: {} };
    }
    const reg = schema.registers.get(this.register);
    const owner = `register '${reg.name}'`;
    const out: p4.v1.IRegisterEntry = { register_id: reg.id };
    if (this.index !== undefined) out.index = { index: checkIndex(this.index, reg.size, owner) };
    if (this.data !== undefined) out.data = encodeData(schema, reg, this.data, `${owner} data`);
    return { register_entry: out };
  }

  static decode(msg: p4.v1.IRegisterEntry, schema: P4Schema): RegisterEntry {
    if (!msg.register_id) return new RegisterEntry();
    const reg = schema.registers.get(msg.register_id);
    const spec: RegisterEntrySpec = { register: reg.name };
    if (msg.index) spec.index = index64(msg.index.index);
    if (msg.data) spec.data = decodeData(schema, reg, msg.data, `register '${reg.name}' data`);
    return new RegisterEntry(spec);
  }
}

function typeSpec(schema: P4Schema, reg: P4Register): p4.config.v1.IP4DataTypeSpec {
  return schema.p4info.registers.find((r) => r.preamble?.id === reg.id)?.type_spec ?? {};
}

function isMessage(v: RegisterValue): v is p4.v1.IP4Data {
  return typeof v === 'object' && !(v instanceof Uint8Array);
}

function encodeData(
  schema: P4Schema,
  reg: P4Register,
  v: RegisterValue,
  what: string,
): p4.v1.IP4Data {
  const t = typeSpec(schema, reg);
  const bit = t.bitstring?.bit?.bitwidth;
  const int = t.bitstring?.int?.bitwidth;
  const expected = bit
    ? `a bit<${bit}> value`
    : int
      ? `an int<${int}> number`
      : t.bool
        ? 'a boolean'
        : 'a P4Data message';
  const bad = () => new P4ValueError(`${what}: ${show(v)} is not ${expected}`);
  if (bit) {
    if (typeof v === 'boolean' || isMessage(v)) throw bad();
    return { bitstring: within(`${what} (bit<${bit}>)`, () => encodeBits(v, bit)) };
  }
  if (int) {
    if (typeof v !== 'number' && typeof v !== 'bigint') throw bad();
    return { bitstring: within(`${what} (int<${int}>)`, () => encodeSigned(v, int)) };
  }
  if (t.bool) {
    if (typeof v !== 'boolean') throw bad();
    return { bool: v };
  }
  if (!isMessage(v)) throw bad();
  return v;
}

function decodeData(
  schema: P4Schema,
  reg: P4Register,
  d: p4.v1.IP4Data,
  what: string,
): RegisterValue {
  const t = typeSpec(schema, reg);
  if (t.bitstring?.bit && d.bitstring) return within(what, () => decodeBits(d.bitstring));
  if (t.bitstring?.int && d.bitstring)
    return within(what, () => decodeSigned(d.bitstring as Uint8Array));
  if (t.bool && d.bool !== undefined && d.bool !== null) return d.bool;
  return d;
}
