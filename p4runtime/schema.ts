/**
 * P4Schema: a read-only view of a P4Info, indexed by id, full name, alias and dotted suffix.
 * Every other part of the library resolves names through it (style rule: P4Info is the single
 * source of names and ids).
 *
 *   const schema = P4Schema.fromText(fs.readFileSync('p4/build/main.p4info.txt', 'utf8'));
 *   schema.tables.get('ipv6_lpm').field('hdr.ipv6.dst_addr').bitwidth  // 128
 */
import { readFileSync } from 'node:fs';
import { p4 } from '../generated/proto';
import { NameIndex, P4SchemaError, closest } from './names';
import { parseText } from './textformat';
import { protoRoot } from './proto';

import P4Info = p4.config.v1.P4Info;
import MatchType = p4.config.v1.MatchField.MatchType;
import Scope = p4.config.v1.ActionRef.Scope;

export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';
export type CounterUnit = 'unspecified' | 'bytes' | 'packets' | 'both';
export type MeterUnit = 'unspecified' | 'bytes' | 'packets';

/** A controller header field; `padding` ones (@padding) carry no information. */
export interface P4PacketField extends P4Field {
  padding: boolean;
}

/** A named, numbered, fixed-width value: match field, action parameter, packet metadata. */
export interface P4Field {
  id: number;
  name: string;
  bitwidth: number;
}

export interface P4MatchField extends P4Field {
  /** Undefined for an architecture-specific match kind (`other_match_type`). */
  kind: MatchKind | undefined;
  otherMatchType: string;
}

interface Named {
  id: number;
  name: string;
  alias: string;
}

/** Fields of a table, action or header, looked up by id or name with a suggestion on failure. */
export class FieldIndex<F extends P4Field> {
  private readonly byId = new Map<number, F>();
  private readonly byName = new Map<string, F>();
  constructor(
    private readonly owner: string,
    private readonly what: string,
    readonly list: readonly F[],
  ) {
    for (const f of list) {
      this.byId.set(f.id, f);
      this.byName.set(f.name, f);
    }
  }
  /** The field by id or name (names may also be given by unique dotted suffix). */
  get(nameOrId: string | number): F {
    const f = this.find(nameOrId);
    if (f) return f;
    if (typeof nameOrId === 'number') {
      throw new P4SchemaError(`${this.owner} has no ${this.what} with id ${nameOrId}`);
    }
    const hint = closest(nameOrId, this.byName.keys());
    throw new P4SchemaError(
      `${this.owner} has no ${this.what} named '${nameOrId}'` +
        (hint ? `. Did you mean '${hint}'?` : ''),
    );
  }
  /** The field or undefined. */
  find(nameOrId: string | number): F | undefined {
    if (typeof nameOrId === 'number') return this.byId.get(nameOrId);
    const exact = this.byName.get(nameOrId);
    if (exact) return exact;
    const matches = this.list.filter((f) => f.name.endsWith('.' + nameOrId));
    return matches.length === 1 ? matches[0] : undefined;
  }
  /** The field with exactly this full name, or undefined (no suffixes, no ids). */
  named(name: string): F | undefined {
    return this.byName.get(name);
  }
}

export interface P4Table extends Named {
  fields: FieldIndex<P4MatchField>;
  actionRefs: { id: number; scope: 'table_and_default' | 'table_only' | 'default_only' }[];
  constDefaultActionId: number;
  /** Action profile or selector id, 0 for a table with direct actions. */
  implementationId: number;
  directResourceIds: number[];
  size: number;
  idleTimeout: boolean;
  isConstTable: boolean;
  /** Tables with a ternary, range or optional field order entries by priority. */
  needsPriority: boolean;
}

export interface P4Action extends Named {
  params: FieldIndex<P4Field>;
}

export interface P4ActionProfile extends Named {
  tableIds: number[];
  withSelector: boolean;
  size: number;
  maxGroupSize: number;
}

export interface P4Counter extends Named {
  unit: CounterUnit;
  size: number;
}
export interface P4DirectCounter extends Named {
  unit: CounterUnit;
  directTableId: number;
}
export interface P4Meter extends Named {
  unit: MeterUnit;
  size: number;
}
export interface P4DirectMeter extends Named {
  unit: MeterUnit;
  directTableId: number;
}
export interface P4PacketMetadata extends Named {
  metadata: FieldIndex<P4PacketField>;
}
export interface P4ValueSet extends Named {
  match: FieldIndex<P4MatchField>;
  size: number;
}
export interface P4Register extends Named {
  /** Width of one cell when the register holds a bit<W>, else 0. */
  bitwidth: number;
  size: number;
}
export interface P4Digest extends Named {
  typeSpec: p4.config.v1.IP4DataTypeSpec;
}

const MATCH_KINDS: Partial<Record<number, MatchKind>> = {
  [MatchType.EXACT]: 'exact',
  [MatchType.LPM]: 'lpm',
  [MatchType.TERNARY]: 'ternary',
  [MatchType.RANGE]: 'range',
  [MatchType.OPTIONAL]: 'optional',
};
const SCOPES = {
  [Scope.TABLE_AND_DEFAULT]: 'table_and_default',
  [Scope.TABLE_ONLY]: 'table_only',
  [Scope.DEFAULT_ONLY]: 'default_only',
} as const;
const COUNTER_UNITS: CounterUnit[] = ['unspecified', 'bytes', 'packets', 'both'];
const METER_UNITS: MeterUnit[] = ['unspecified', 'bytes', 'packets'];

function named(pre: p4.config.v1.IPreamble | null | undefined, kind: string): Named {
  if (!pre || !pre.id || !pre.name)
    throw new P4SchemaError(`${kind} without a preamble id and name`);
  return { id: pre.id, name: pre.name, alias: pre.alias || pre.name };
}

function matchFields(owner: string, list: p4.config.v1.IMatchField[] | null | undefined) {
  const fields = (list ?? []).map((m) => ({
    id: m.id ?? 0,
    name: m.name ?? '',
    bitwidth: m.bitwidth ?? 0,
    kind: MATCH_KINDS[m.match_type ?? 0],
    otherMatchType: m.other_match_type ?? '',
  }));
  return new FieldIndex<P4MatchField>(owner, 'match field', fields);
}

function num(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** Indexed P4Info. Build once per pipeline; it never changes. */
export class P4Schema {
  readonly tables: NameIndex<P4Table>;
  readonly actions: NameIndex<P4Action>;
  readonly actionProfiles: NameIndex<P4ActionProfile>;
  readonly counters: NameIndex<P4Counter>;
  readonly directCounters: NameIndex<P4DirectCounter>;
  readonly meters: NameIndex<P4Meter>;
  readonly directMeters: NameIndex<P4DirectMeter>;
  readonly packetMetadata: NameIndex<P4PacketMetadata>;
  readonly valueSets: NameIndex<P4ValueSet>;
  readonly registers: NameIndex<P4Register>;
  readonly digests: NameIndex<P4Digest>;

  constructor(readonly p4info: P4Info) {
    const i = p4info;
    this.tables = new NameIndex(
      'table',
      i.tables.map((t) => {
        const base = named(t.preamble, 'table');
        const fields = matchFields(`table '${base.name}'`, t.match_fields);
        return {
          ...base,
          fields,
          actionRefs: (t.action_refs ?? []).map((r) => ({
            id: r.id ?? 0,
            scope: SCOPES[(r.scope ?? 0) as Scope] ?? 'table_and_default',
          })),
          constDefaultActionId: t.const_default_action_id ?? 0,
          implementationId: t.implementation_id ?? 0,
          directResourceIds: t.direct_resource_ids ?? [],
          size: num(t.size),
          idleTimeout: (t.idle_timeout_behavior ?? 0) !== 0,
          isConstTable: !!t.is_const_table,
          needsPriority: fields.list.some(
            (f) => f.kind === 'ternary' || f.kind === 'range' || f.kind === 'optional',
          ),
        };
      }),
    );
    this.actions = new NameIndex(
      'action',
      i.actions.map((a) => {
        const base = named(a.preamble, 'action');
        const params = (a.params ?? []).map((p) => ({
          id: p.id ?? 0,
          name: p.name ?? '',
          bitwidth: p.bitwidth ?? 0,
        }));
        return { ...base, params: new FieldIndex(`action '${base.name}'`, 'parameter', params) };
      }),
    );
    this.actionProfiles = new NameIndex(
      'action profile',
      i.action_profiles.map((p) => ({
        ...named(p.preamble, 'action profile'),
        tableIds: p.table_ids ?? [],
        withSelector: !!p.with_selector,
        size: num(p.size),
        maxGroupSize: p.max_group_size ?? 0,
      })),
    );
    this.counters = new NameIndex(
      'counter',
      i.counters.map((c) => ({
        ...named(c.preamble, 'counter'),
        unit: COUNTER_UNITS[c.spec?.unit ?? 0] ?? 'unspecified',
        size: num(c.size),
      })),
    );
    this.directCounters = new NameIndex(
      'direct counter',
      i.direct_counters.map((c) => ({
        ...named(c.preamble, 'direct counter'),
        unit: COUNTER_UNITS[c.spec?.unit ?? 0] ?? 'unspecified',
        directTableId: c.direct_table_id ?? 0,
      })),
    );
    this.meters = new NameIndex(
      'meter',
      i.meters.map((m) => ({
        ...named(m.preamble, 'meter'),
        unit: METER_UNITS[m.spec?.unit ?? 0] ?? 'unspecified',
        size: num(m.size),
      })),
    );
    this.directMeters = new NameIndex(
      'direct meter',
      i.direct_meters.map((m) => ({
        ...named(m.preamble, 'direct meter'),
        unit: METER_UNITS[m.spec?.unit ?? 0] ?? 'unspecified',
        directTableId: m.direct_table_id ?? 0,
      })),
    );
    this.packetMetadata = new NameIndex(
      'controller packet metadata',
      i.controller_packet_metadata.map((c) => {
        const base = named(c.preamble, 'controller packet metadata');
        const md = (c.metadata ?? []).map((m) => ({
          id: m.id ?? 0,
          name: m.name ?? '',
          bitwidth: m.bitwidth ?? 0,
          padding: (m.annotations ?? []).some((a) => a.trim() === '@padding'),
        }));
        return { ...base, metadata: new FieldIndex(`header '${base.name}'`, 'metadata', md) };
      }),
    );
    this.valueSets = new NameIndex(
      'value set',
      i.value_sets.map((v) => {
        const base = named(v.preamble, 'value set');
        return {
          ...base,
          match: matchFields(`value set '${base.name}'`, v.match),
          size: v.size ?? 0,
        };
      }),
    );
    this.registers = new NameIndex(
      'register',
      i.registers.map((r) => ({
        ...named(r.preamble, 'register'),
        bitwidth: r.type_spec?.bitstring?.bit?.bitwidth ?? 0,
        size: r.size ?? 0,
      })),
    );
    this.digests = new NameIndex(
      'digest',
      i.digests.map((d) => ({ ...named(d.preamble, 'digest'), typeSpec: d.type_spec ?? {} })),
    );
  }

  /** Parse a P4Info in protobuf text format (what p4c writes with --p4runtime-files x.txt). */
  static fromText(text: string): P4Schema {
    return new P4Schema(parseText(text, protoRoot.P4Info) as P4Info);
  }

  /** Decode a binary P4Info. */
  static fromBinary(bytes: Uint8Array): P4Schema {
    return new P4Schema(P4Info.decode(bytes));
  }

  /** Load a P4Info file; `.txt`/`.pb.txt`/`.p4info` are text, `.bin`/`.pb` are binary. */
  static fromFile(path: string): P4Schema {
    const data = readFileSync(path);
    return /\.(bin|pb)$/.test(path)
      ? P4Schema.fromBinary(data)
      : P4Schema.fromText(data.toString('utf8'));
  }

  /** The action as it may be used by this table (throws if the table does not list it). */
  tableAction(table: P4Table, nameOrId: string | number, asDefault = false): P4Action {
    const action = this.actions.get(nameOrId);
    let ref: P4Table['actionRefs'][number] | undefined;
    for (const r of table.actionRefs) {
      if (r.id === action.id) {
        ref = r;
        break;
      }
    }
    if (!ref) {
      const allowed = table.actionRefs.map((r) => this.actions.findId(r.id)?.name ?? r.id);
      throw new P4SchemaError(
        `action '${action.name}' is not an action of table '${table.name}' (it has: ${allowed.join(', ')})`,
      );
    }
    if (asDefault && ref.scope === 'table_only') {
      throw new P4SchemaError(`action '${action.name}' cannot be the default of '${table.name}'`);
    }
    if (!asDefault && ref.scope === 'default_only') {
      throw new P4SchemaError(`action '${action.name}' is default-only in table '${table.name}'`);
    }
    return action;
  }
}
