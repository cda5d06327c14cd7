/**
 * Validation of a P4Info before the switch accepts it (SetForwardingPipelineConfig answers
 * INVALID_ARGUMENT when "the provided config cannot be realized"): ids unique and carrying the
 * prefix of their kind (spec §6.3 "ID Allocation for P4Info Objects"), every reference
 * resolving, widths and sizes sane, and nothing this switch cannot realize (architecture
 * match kinds, registers that are not bit<W>).
 */
import { p4 } from '../../p4runtime/proto';
import { P4Schema, type P4Action } from '../../p4runtime/schema';
import { P4SchemaError } from '../../p4runtime/names';
import { toFullWidth } from './bytestrings';
import { Code, fail } from './status';

import Prefix = p4.config.v1.P4Ids.Prefix;
import MeterType = p4.config.v1.MeterSpec.Type;

type Preambled = { preamble?: p4.config.v1.IPreamble | null };

/** Validates `p4info` and returns its schema; throws INVALID_ARGUMENT naming the first problem. */
export function checkP4Info(p4info: p4.config.v1.IP4Info): P4Schema {
  const info = p4.config.v1.P4Info.fromObject(p4info as Record<string, unknown>);
  const ids = new Map<number, string>();
  const claim = (list: Preambled[], prefix: Prefix, kind: string) => {
    for (const item of list) {
      const id = item.preamble?.id ?? 0;
      const name = item.preamble?.name ?? '';
      if (!id || !name) bad(`a ${kind} has no preamble id or name`);
      if (id >>> 24 !== prefix) {
        bad(
          `${kind} '${name}' has id 0x${hex(id)}; ${kind} ids must start with prefix 0x${hex(prefix, 2)}`,
        );
      }
      const other = ids.get(id);
      if (other) bad(`${kind} '${name}' reuses id 0x${hex(id)} of ${other}`);
      ids.set(id, `${kind} '${name}'`);
    }
  };
  claim(info.tables, Prefix.TABLE, 'table');
  claim(info.actions, Prefix.ACTION, 'action');
  claim(info.action_profiles, Prefix.ACTION_PROFILE, 'action profile');
  claim(info.counters, Prefix.COUNTER, 'counter');
  claim(info.direct_counters, Prefix.DIRECT_COUNTER, 'direct counter');
  claim(info.meters, Prefix.METER, 'meter');
  claim(info.direct_meters, Prefix.DIRECT_METER, 'direct meter');
  claim(info.controller_packet_metadata, Prefix.CONTROLLER_HEADER, 'controller header');
  claim(info.value_sets, Prefix.VALUE_SET, 'value set');
  claim(info.registers, Prefix.REGISTER, 'register');
  claim(info.digests, Prefix.DIGEST, 'digest');

  let schema: P4Schema;
  try {
    schema = new P4Schema(info);
  } catch (e) {
    if (e instanceof P4SchemaError) bad(e.message);
    throw e;
  }
  checkActions(schema);
  checkTables(schema, info);
  checkResources(schema, info);
  checkPacketMetadata(schema);
  // Registers of other than bit<W> / int<W> cells are accepted; P4Runtime access to them is
  // UNIMPLEMENTED (see entities/registers.ts).
  for (const r of schema.registers.all()) {
    if (r.size < 0) bad(`register '${r.name}' has size ${r.size}`);
  }
  for (const v of schema.valueSets.all()) {
    // p4c leaves value-set match fields unnamed (spec §9.8 example).
    checkFields(`value set '${v.name}'`, v.match.list, 'match field', false);
    if (v.size < 0) bad(`value set '${v.name}' has size ${v.size}`);
  }
  return schema;
}

function checkActions(schema: P4Schema): void {
  for (const a of schema.actions.all())
    checkFields(`action '${a.name}'`, a.params.list, 'parameter');
}

function checkTables(schema: P4Schema, info: p4.config.v1.P4Info): void {
  for (const t of schema.tables.all()) {
    const where = `table '${t.name}'`;
    checkFields(where, t.fields.list, 'match field');
    for (const f of t.fields.list) {
      if (!f.kind) {
        const kind = f.otherMatchType || 'UNSPECIFIED';
        bad(
          `${where}: match field '${f.name}' has match kind '${kind}', which this switch cannot realize`,
        );
      }
    }
    const refs = new Set<number>();
    for (const r of t.actionRefs) {
      if (!schema.actions.findId(r.id)) bad(`${where} refers to unknown action id ${r.id}`);
      if (refs.has(r.id)) bad(`${where} lists action id ${r.id} twice`);
      refs.add(r.id);
    }
    if (t.constDefaultActionId && !refs.has(t.constDefaultActionId)) {
      bad(`${where}: const default action id ${t.constDefaultActionId} is not one of its actions`);
    }
    const raw = info.tables.find((x) => x.preamble?.id === t.id);
    const initial = raw?.initial_default_action;
    if (initial) {
      const ref = t.actionRefs.find((r) => r.id === initial.action_id);
      if (!ref)
        bad(`${where}: initial default action id ${initial.action_id} is not one of its actions`);
      if (ref.scope === 'table_only') bad(`${where}: initial default action is @tableonly`);
      checkArguments(where, schema.actions.findId(ref.id)!, initial.arguments ?? []);
    }
    if (t.size < 0) bad(`${where} has size ${t.size}`);
    if (t.implementationId) {
      const prof = schema.actionProfiles.findId(t.implementationId);
      if (!prof) bad(`${where}: implementation id ${t.implementationId} is not an action profile`);
      if (!prof.tableIds.includes(t.id)) {
        bad(`${where}: action profile '${prof.name}' does not list this table in table_ids`);
      }
    }
    let counters = 0;
    let meters = 0;
    for (const id of t.directResourceIds) {
      const c = schema.directCounters.findId(id);
      const m = schema.directMeters.findId(id);
      if (!c && !m)
        bad(`${where}: direct resource id ${id} is neither a direct counter nor a direct meter`);
      if ((c ?? m)!.directTableId !== t.id)
        bad(`${where}: direct resource ${id} belongs to another table`);
      if (c) counters++;
      if (m) meters++;
    }
    if (counters > 1 || meters > 1)
      bad(`${where} has more than one direct counter or direct meter`);
  }
}

/** The arguments of an initial default action: one per parameter, each fitting its width. */
function checkArguments(
  where: string,
  action: P4Action,
  args: p4.config.v1.TableActionCall.IArgument[],
): void {
  for (const p of action.params.list) {
    const arg = args.find((a) => a.param_id === p.id);
    if (!arg) bad(`${where}: initial default action '${action.name}' has no argument '${p.name}'`);
    try {
      toFullWidth(arg.value, p.bitwidth, `${where}: initial default argument '${p.name}'`);
    } catch (e) {
      bad((e as Error).message);
    }
  }
  if (args.length !== action.params.list.length) {
    bad(`${where}: initial default action '${action.name}' has arguments it does not take`);
  }
}

function checkResources(schema: P4Schema, info: p4.config.v1.P4Info): void {
  for (const p of schema.actionProfiles.all()) {
    let actions: string | undefined;
    for (const id of p.tableIds) {
      const t = schema.tables.findId(id);
      if (!t) bad(`action profile '${p.name}' lists unknown table id ${id}`);
      if (t.implementationId !== p.id)
        bad(`action profile '${p.name}' lists table '${t.name}', which does not use it`);
      // Members serve every table of the profile, so its tables must list the same actions.
      const list = t.actionRefs
        .map((r) => r.id)
        .sort()
        .join(',');
      if (actions !== undefined && list !== actions) {
        bad(`action profile '${p.name}': its tables do not list the same actions`);
      }
      actions = list;
    }
    if (p.size < 0 || p.maxGroupSize < 0) bad(`action profile '${p.name}' has a negative size`);
  }
  for (const c of [...schema.counters.all(), ...schema.meters.all()]) {
    if (c.size < 0) bad(`'${c.name}' has size ${c.size}`);
  }
  // The engine's marker is RFC 2698 (two rates); a single-rate two-colour meter is one with
  // pir == cir, but RFC 2697's excess burst has no equivalent.
  for (const m of [...info.meters, ...info.direct_meters]) {
    if (m.spec?.type === MeterType.SINGLE_RATE_THREE_COLOR) {
      bad(
        `meter '${m.preamble?.name}': single-rate three-colour meters cannot be realized by this switch`,
      );
    }
  }
  for (const d of [...schema.directCounters.all(), ...schema.directMeters.all()]) {
    const t = schema.tables.findId(d.directTableId);
    if (!t) bad(`'${d.name}' is attached to unknown table id ${d.directTableId}`);
    if (!t.directResourceIds.includes(d.id)) bad(`'${d.name}' is not listed by table '${t.name}'`);
  }
}

function checkPacketMetadata(schema: P4Schema): void {
  for (const h of schema.packetMetadata.all()) {
    if (h.name !== 'packet_in' && h.name !== 'packet_out') {
      bad(`controller header '${h.name}': only 'packet_in' and 'packet_out' are defined`);
    }
    checkFields(`controller header '${h.name}'`, h.metadata.list, 'metadata field');
  }
}

function checkFields(
  where: string,
  fields: readonly { id: number; name: string; bitwidth: number }[],
  what: string,
  named = true,
): void {
  const seen = new Set<number>();
  for (const f of fields) {
    if (!f.id) bad(`${where}: ${what} '${f.name}' has id 0`);
    if (seen.has(f.id)) bad(`${where}: two ${what}s have id ${f.id}`);
    seen.add(f.id);
    if (named && !f.name) bad(`${where}: ${what} ${f.id} has no name`);
    if (!Number.isInteger(f.bitwidth) || f.bitwidth < 1) {
      bad(
        `${where}: ${what} '${f.name}' has bitwidth ${f.bitwidth}; only fixed-width bit<W> values are supported`,
      );
    }
  }
}

function bad(message: string): never {
  fail(Code.INVALID_ARGUMENT, `invalid P4Info: ${message}`);
}

function hex(v: number, digits = 8): string {
  return v.toString(16).padStart(digits, '0');
}
