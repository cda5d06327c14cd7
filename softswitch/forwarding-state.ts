/**
 * The forwarding state of one P4Info: one engine object per P4 object (a Table per table with
 * its P4Info size, action profiles, counters, meters, registers, digest queues, value sets)
 * plus the packet replication engine. The P4Runtime server writes it by id; pipelines read it
 * by name, resolved once through the schema when they load.
 *
 *   const state = ForwardingState.create(schema, { clock });
 *   const table = state.table('ReflectorIngress.port_table');
 */
import type { P4Schema, P4Table } from '../p4runtime/schema';
import { ActionProfile } from './tables/action-profile';
import type { ActionSpec } from './tables/action-spec';
import { monotonicNs, type Clock } from './tables/clock';
import { CounterArray } from './tables/counters';
import { DigestQueue } from './tables/digests';
import { MeterArray } from './tables/meters';
import { PacketReplicationEngine } from './tables/pre';
import { RegisterArray } from './tables/registers';
import { Table } from './tables/table';
import type { ActionCall, FieldSpec, MeterUnit } from './tables/types';
import { ValueSet } from './value-set';

/** p4c's table size when a program does not say; used when the P4Info size is 0. */
export const DEFAULT_TABLE_SIZE = 1024;

export interface ForwardingStateOptions {
  clock?: Clock;
  /** Limits of the packet replication engine. */
  maxMulticastGroups?: number;
  maxCloneSessions?: number;
}

/** Every engine object of one P4Info, by P4Info id, plus the PRE. */
export class ForwardingState {
  readonly tables = new Map<number, Table>();
  readonly actionProfiles = new Map<number, ActionProfile>();
  readonly counters = new Map<number, CounterArray>();
  readonly meters = new Map<number, MeterArray>();
  readonly registers = new Map<number, RegisterArray>();
  readonly digests = new Map<number, DigestQueue>();
  readonly valueSets = new Map<number, ValueSet>();
  readonly pre: PacketReplicationEngine;
  readonly clock: Clock;

  private constructor(
    readonly schema: P4Schema,
    opts: ForwardingStateOptions,
  ) {
    this.clock = opts.clock ?? monotonicNs;
    this.pre = new PacketReplicationEngine({
      maxMulticastGroups: opts.maxMulticastGroups,
      maxCloneSessions: opts.maxCloneSessions,
    });
  }

  /** Instantiates the engine objects of `schema` (which checkP4Info has accepted). */
  static create(schema: P4Schema, opts: ForwardingStateOptions = {}): ForwardingState {
    const s = new ForwardingState(schema, opts);
    const clock = s.clock;
    for (const p of schema.actionProfiles.all()) {
      const raw = schema.p4info.action_profiles.find((x) => x.preamble?.id === p.id);
      const firstTable = p.tableIds.map((id) => schema.tables.findId(id)).find((t) => t);
      s.actionProfiles.set(
        p.id,
        new ActionProfile({
          name: p.name,
          id: p.id,
          size: p.size,
          withSelector: p.withSelector,
          maxGroupSize: p.maxGroupSize,
          groupSizeSemantics: raw?.sum_of_members ? 'sumOfMembers' : 'sumOfWeights',
          // Tables sharing a profile must list the same actions (spec §9.2.1).
          actions: firstTable ? tableActions(schema, firstTable, false) : undefined,
        }),
      );
    }
    for (const t of schema.tables.all()) {
      const direct = t.directResourceIds;
      const meter = schema.directMeters.all().find((m) => direct.includes(m.id));
      s.tables.set(
        t.id,
        new Table({
          name: t.name,
          id: t.id,
          fields: t.fields.list.map((f): FieldSpec => ({
            name: f.name,
            id: f.id,
            bitwidth: f.bitwidth,
            matchKind: f.kind!,
          })),
          size: t.size > 0 ? t.size : DEFAULT_TABLE_SIZE,
          directCounter: schema.directCounters.all().some((c) => direct.includes(c.id)),
          directMeter: meter ? meterUnit(meter.unit) : undefined,
          idleTimeout: t.idleTimeout,
          actionProfile: t.implementationId ? s.actionProfiles.get(t.implementationId) : undefined,
          actions: t.implementationId ? undefined : tableActions(schema, t, true),
          defaultAction: tableDefault(schema, t),
          constDefaultAction: t.constDefaultActionId !== 0,
          clock,
        }),
      );
    }
    for (const c of schema.counters.all()) s.counters.set(c.id, new CounterArray(c.name, c.size));
    for (const m of schema.meters.all())
      s.meters.set(m.id, new MeterArray(m.name, m.size, meterUnit(m.unit)));
    for (const r of schema.registers.all()) {
      const cell = registerCell(schema, r.id);
      if (cell) s.registers.set(r.id, new RegisterArray(r.name, r.size, cell.bitwidth));
    }
    for (const d of schema.digests.all())
      s.digests.set(d.id, new DigestQueue(d.id, undefined, { clock }));
    for (const v of schema.valueSets.all()) {
      const fields = v.match.list.map((f): FieldSpec => ({
        name: f.name,
        id: f.id,
        bitwidth: f.bitwidth,
        matchKind: f.kind!,
      }));
      s.valueSets.set(v.id, new ValueSet(v.name, fields, v.size));
    }
    return s;
  }

  /** The table named `name` (full name, alias or unique suffix); throws with a suggestion. */
  table(name: string): Table {
    return this.tables.get(this.schema.tables.get(name).id)!;
  }

  /** The action profile or selector named `name`. */
  actionProfile(name: string): ActionProfile {
    return this.actionProfiles.get(this.schema.actionProfiles.get(name).id)!;
  }

  /** The indexed counter named `name`. */
  counter(name: string): CounterArray {
    return this.counters.get(this.schema.counters.get(name).id)!;
  }

  /** The indexed meter named `name`. */
  meter(name: string): MeterArray {
    return this.meters.get(this.schema.meters.get(name).id)!;
  }

  /** The register named `name`. */
  register(name: string): RegisterArray {
    return this.registers.get(this.schema.registers.get(name).id)!;
  }

  /** The digest queue of the digest named `name`. */
  digest(name: string): DigestQueue {
    return this.digests.get(this.schema.digests.get(name).id)!;
  }

  /** The parser value set named `name`. */
  valueSet(name: string): ValueSet {
    return this.valueSets.get(this.schema.valueSets.get(name).id)!;
  }

  /** The id of the action named `name`, for pipelines that switch on the action of a hit. */
  actionId(name: string): number {
    return this.schema.actions.get(name).id;
  }
}

/** The engine's view of a table's actions (direct tables check calls against it). */
function tableActions(schema: P4Schema, t: P4Table, withScope: boolean): ActionSpec[] {
  return t.actionRefs.map((r) => {
    const a = schema.actions.findId(r.id)!;
    const scope =
      r.scope === 'table_only'
        ? 'TABLE_ONLY'
        : r.scope === 'default_only'
          ? 'DEFAULT_ONLY'
          : 'TABLE_AND_DEFAULT';
    return {
      id: a.id,
      name: a.name,
      params: a.params.list.map((p) => ({ name: p.name, bitwidth: p.bitwidth })),
      scope: withScope ? scope : undefined,
    };
  });
}

/** The default action a table starts with; none for indirect tables (their default is const NoAction). */
export function tableDefault(schema: P4Schema, t: P4Table): ActionCall | undefined {
  return t.implementationId ? undefined : initialDefault(schema, t);
}

/**
 * The table's default action as the program sets it: P4Info `initial_default_action`, else a
 * const default action without parameters, else NoAction when the table lists it, else none.
 */
export function initialDefault(schema: P4Schema, t: P4Table): ActionCall | undefined {
  const raw = schema.p4info.tables.find((x) => x.preamble?.id === t.id);
  const init = raw?.initial_default_action;
  const id = init?.action_id || t.constDefaultActionId;
  if (id) {
    const action = schema.actions.findId(id);
    if (!action) return undefined;
    const args = init?.arguments ?? [];
    const params = action.params.list.map((p) => {
      const value = args.find((a) => a.param_id === p.id)?.value ?? new Uint8Array();
      return fullWidth(value, p.bitwidth);
    });
    return { actionId: id, params };
  }
  const noAction = t.actionRefs
    .map((r) => schema.actions.findId(r.id))
    .find((a) => a?.name === 'NoAction');
  return noAction ? { actionId: noAction.id, params: [] } : undefined;
}

/** p4c writes initial default arguments full width; tolerate any length that fits. */
function fullWidth(value: Uint8Array, bitwidth: number): Uint8Array {
  const width = (bitwidth + 7) >>> 3;
  const out = new Uint8Array(width);
  const src = value.length > width ? value.subarray(value.length - width) : value;
  out.set(src, width - src.length);
  return out;
}

/** The cell type of a register when it is bit<W> or int<W> (the kinds the engine stores). */
export function registerCell(
  schema: P4Schema,
  id: number,
): { bitwidth: number; signed: boolean } | undefined {
  const bits = schema.p4info.registers.find((r) => r.preamble?.id === id)?.type_spec?.bitstring;
  if (bits?.bit?.bitwidth) return { bitwidth: bits.bit.bitwidth, signed: false };
  if (bits?.int?.bitwidth) return { bitwidth: bits.int.bitwidth, signed: true };
  return undefined;
}

function meterUnit(unit: string): MeterUnit {
  return unit === 'packets' ? 'packets' : 'bytes';
}
