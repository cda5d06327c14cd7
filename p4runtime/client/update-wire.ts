/**
 * p4.v1.Update written straight to the wire, byte for byte what protobufjs's generated
 * `p4.v1.Update.encode` writes for the same object (field numbers from p4runtime.proto v1.5.0).
 * Table entries, the bulk of every large write, are written here field by field; other entities
 * are handed to their generated encoder. The `!= null` checks stand for protobufjs's
 * has-own-property tests wherever a prototype default (null, 0, empty) would not be written
 * anyway; oneof members written even when 0 are tested as own properties (see `own`).
 */
import { google, p4 } from '../proto';
import type { WireWriter } from './wire-writer';

import v1 = p4.v1;

/** A 64-bit field as protobufjs accepts it; absent or zero fields are not written. */
type Int64Field = number | string | { low: number; high: number } | null | undefined;

/** Append the fields of `u` (the content of an Update message, without tag or length). */
export function writeUpdate(w: WireWriter, u: v1.IUpdate): void {
  if (u.type != null && u.type !== 0) w.int32(0x08, u.type);
  if (u.entity != null) {
    const at = w.fork(0x12);
    writeEntity(w, u.entity);
    w.ldelim(at);
  }
  if (u.$unknowns != null) unknowns(w, u.$unknowns);
}

/** Entity is a oneof: table entries are written here, other entities by protobufjs. */
function writeEntity(w: WireWriter, e: v1.IEntity): void {
  if (e.extern_entry != null) delegate(w, 1, v1.ExternEntry, e.extern_entry);
  if (e.table_entry != null) {
    const at = w.fork(0x12);
    writeTableEntry(w, e.table_entry);
    w.ldelim(at);
  }
  if (e.action_profile_member != null) {
    delegate(w, 3, v1.ActionProfileMember, e.action_profile_member);
  }
  if (e.action_profile_group != null) delegate(w, 4, v1.ActionProfileGroup, e.action_profile_group);
  if (e.meter_entry != null) delegate(w, 5, v1.MeterEntry, e.meter_entry);
  if (e.direct_meter_entry != null) delegate(w, 6, v1.DirectMeterEntry, e.direct_meter_entry);
  if (e.counter_entry != null) delegate(w, 7, v1.CounterEntry, e.counter_entry);
  if (e.direct_counter_entry != null) delegate(w, 8, v1.DirectCounterEntry, e.direct_counter_entry);
  if (e.packet_replication_engine_entry != null) {
    delegate(w, 9, v1.PacketReplicationEngineEntry, e.packet_replication_engine_entry);
  }
  if (e.value_set_entry != null) delegate(w, 10, v1.ValueSetEntry, e.value_set_entry);
  if (e.register_entry != null) delegate(w, 11, v1.RegisterEntry, e.register_entry);
  if (e.digest_entry != null) delegate(w, 12, v1.DigestEntry, e.digest_entry);
  if (e.$unknowns != null) unknowns(w, e.$unknowns);
}

function writeTableEntry(w: WireWriter, t: v1.ITableEntry): void {
  if (t.table_id != null && t.table_id !== 0) w.uint32(0x08, t.table_id);
  const match = t.match;
  if (match != null && match.length) {
    for (let i = 0; i < match.length; i++) {
      const at = w.fork(0x12);
      writeFieldMatch(w, match[i]);
      w.ldelim(at);
    }
  }
  if (t.action != null) {
    const at = w.fork(0x1a);
    writeTableAction(w, t.action);
    w.ldelim(at);
  }
  if (t.priority != null && t.priority !== 0) w.int32(0x20, t.priority);
  int64(w, 0x28, t.controller_metadata);
  if (t.meter_config != null) writeMeterConfig(w, 0x32, t.meter_config);
  if (t.counter_data != null) writeCounterData(w, 0x3a, t.counter_data);
  if (t.is_default_action != null && t.is_default_action !== false) {
    w.bool(0x40, t.is_default_action);
  }
  int64(w, 0x48, t.idle_timeout_ns);
  if (t.time_since_last_hit != null) {
    const at = w.fork(0x52);
    int64(w, 0x08, t.time_since_last_hit.elapsed_ns);
    if (t.time_since_last_hit.$unknowns != null) unknowns(w, t.time_since_last_hit.$unknowns);
    w.ldelim(at);
  }
  bytes(w, 0x5a, t.metadata);
  if (t.meter_counter_data != null) {
    const d = t.meter_counter_data;
    const at = w.fork(0x62);
    if (d.green != null) writeCounterData(w, 0x0a, d.green);
    if (d.yellow != null) writeCounterData(w, 0x12, d.yellow);
    if (d.red != null) writeCounterData(w, 0x1a, d.red);
    if (d.$unknowns != null) unknowns(w, d.$unknowns);
    w.ldelim(at);
  }
  if (t.is_const != null && t.is_const !== false) w.bool(0x68, t.is_const);
  if (t.$unknowns != null) unknowns(w, t.$unknowns);
}

function writeFieldMatch(w: WireWriter, m: v1.IFieldMatch): void {
  if (m.field_id != null && m.field_id !== 0) w.uint32(0x08, m.field_id);
  let at: number;
  if (m.exact != null) {
    at = w.fork(0x12);
    bytes(w, 0x0a, m.exact.value);
    if (m.exact.$unknowns != null) unknowns(w, m.exact.$unknowns);
    w.ldelim(at);
  }
  if (m.ternary != null) {
    at = w.fork(0x1a);
    bytes(w, 0x0a, m.ternary.value);
    bytes(w, 0x12, m.ternary.mask);
    if (m.ternary.$unknowns != null) unknowns(w, m.ternary.$unknowns);
    w.ldelim(at);
  }
  if (m.lpm != null) {
    at = w.fork(0x22);
    bytes(w, 0x0a, m.lpm.value);
    if (m.lpm.prefix_len != null && m.lpm.prefix_len !== 0) w.int32(0x10, m.lpm.prefix_len);
    if (m.lpm.$unknowns != null) unknowns(w, m.lpm.$unknowns);
    w.ldelim(at);
  }
  if (m.range != null) {
    at = w.fork(0x32);
    bytes(w, 0x0a, m.range.low);
    bytes(w, 0x12, m.range.high);
    if (m.range.$unknowns != null) unknowns(w, m.range.$unknowns);
    w.ldelim(at);
  }
  if (m.optional != null) {
    at = w.fork(0x3a);
    bytes(w, 0x0a, m.optional.value);
    if (m.optional.$unknowns != null) unknowns(w, m.optional.$unknowns);
    w.ldelim(at);
  }
  if (m.other != null) delegate(w, 100, google.protobuf.Any, m.other);
  if (m.$unknowns != null) unknowns(w, m.$unknowns);
}

function writeTableAction(w: WireWriter, a: v1.ITableAction): void {
  if (a.action != null) {
    const at = w.fork(0x0a);
    writeAction(w, a.action);
    w.ldelim(at);
  }
  // Members of a oneof: written when set, even to 0.
  if (a.action_profile_member_id != null && own(a, 'action_profile_member_id')) {
    w.uint32(0x10, a.action_profile_member_id);
  }
  if (a.action_profile_group_id != null && own(a, 'action_profile_group_id')) {
    w.uint32(0x18, a.action_profile_group_id);
  }
  if (a.action_profile_action_set != null) {
    const set = a.action_profile_action_set;
    const at = w.fork(0x22);
    const list = set.action_profile_actions;
    if (list != null && list.length) {
      for (let i = 0; i < list.length; i++) {
        const one = w.fork(0x0a);
        writeProfileAction(w, list[i]);
        w.ldelim(one);
      }
    }
    if (set.action_selection_mode != null && set.action_selection_mode !== 0) {
      w.int32(0x10, set.action_selection_mode);
    }
    if (set.size_semantics != null && set.size_semantics !== 0) w.int32(0x18, set.size_semantics);
    if (set.$unknowns != null) unknowns(w, set.$unknowns);
    w.ldelim(at);
  }
  if (a.$unknowns != null) unknowns(w, a.$unknowns);
}

function writeProfileAction(w: WireWriter, p: v1.IActionProfileAction): void {
  if (p.action != null) {
    const at = w.fork(0x0a);
    writeAction(w, p.action);
    w.ldelim(at);
  }
  if (p.weight != null && p.weight !== 0) w.int32(0x10, p.weight);
  if (p.watch != null && own(p, 'watch')) w.int32(0x18, p.watch);
  if (p.watch_port != null && own(p, 'watch_port')) w.bytes(0x22, p.watch_port);
  if (p.$unknowns != null) unknowns(w, p.$unknowns);
}

function writeAction(w: WireWriter, a: v1.IAction): void {
  if (a.action_id != null && a.action_id !== 0) w.uint32(0x08, a.action_id);
  const params = a.params;
  if (params != null && params.length) {
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const at = w.fork(0x22);
      if (p.param_id != null && p.param_id !== 0) w.uint32(0x10, p.param_id);
      bytes(w, 0x1a, p.value);
      if (p.$unknowns != null) unknowns(w, p.$unknowns);
      w.ldelim(at);
    }
  }
  if (a.$unknowns != null) unknowns(w, a.$unknowns);
}

function writeCounterData(w: WireWriter, tag: number, d: v1.ICounterData): void {
  const at = w.fork(tag);
  int64(w, 0x08, d.byte_count);
  int64(w, 0x10, d.packet_count);
  if (d.$unknowns != null) unknowns(w, d.$unknowns);
  w.ldelim(at);
}

function writeMeterConfig(w: WireWriter, tag: number, c: v1.IMeterConfig): void {
  const at = w.fork(tag);
  int64(w, 0x08, c.cir);
  int64(w, 0x10, c.cburst);
  int64(w, 0x18, c.pir);
  int64(w, 0x20, c.pburst);
  int64(w, 0x28, c.eburst);
  if (c.$unknowns != null) unknowns(w, c.$unknowns);
  w.ldelim(at);
}

/**
 * A oneof member that is written even when 0 or empty: it counts only as the message's own
 * property, since reflection-built messages (the text format's) carry 0 on their prototype.
 */
function own(m: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** A proto3 64-bit field: written unless absent or zero. */
function int64(w: WireWriter, tag: number, v: Int64Field): void {
  if (v == null) return;
  if (typeof v === 'object' ? v.low || v.high : v !== 0) w.int64(tag, v);
}

/** A proto3 bytes field: written unless absent or empty. */
function bytes(w: WireWriter, tag: number, v: Uint8Array | string | null | undefined): void {
  if (v != null && v.length) w.bytes(tag, v);
}

/** Unknown fields kept by a decoded message: protobufjs writes them back last. */
function unknowns(w: WireWriter, list: readonly Uint8Array[]): void {
  for (let i = 0; i < list.length; i++) w.raw(list[i]);
}

/** A message field encoded by its generated encoder (what protobufjs's fork/ldelim writes). */
function delegate<T>(
  w: WireWriter,
  field: number,
  type: { encode(m: T): { finish(): Uint8Array } },
  m: T,
): void {
  const bytes = type.encode(m).finish();
  w.varint((field << 3) | 2);
  w.varint(bytes.length);
  w.raw(bytes);
}
