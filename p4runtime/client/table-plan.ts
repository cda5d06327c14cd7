/**
 * What writing the entries of one table takes, resolved from the schema once and kept for as
 * long as the schema lives: the table's fields in message order, each match key and action name
 * entries use, already checked against the table. Every lookup is the schema's own (the same
 * names, aliases, suffixes and ids resolve); a name that does not resolve is not kept, so the
 * entry goes the general way, which words the error.
 *
 *   const plan = tablePlan(schema, 'ipv6_routes');
 *   plan?.fieldAt('hdr.ipv6.dst_addr');            // position in plan.fields
 *   plan?.action('set_next_hop')?.byName.get('port');
 */
import type { P4Action, P4Field, P4MatchField, P4Schema, P4Table } from '../schema';

/** An action as a table's entries call it: parameters by full name and in message order. */
export interface ActionPlan {
  id: number;
  /** Action.action_id as written (tag and id; empty for id 0, which is not written). */
  idField: Uint8Array;
  params: readonly P4Field[];
  /** Param.param_id of each parameter as written. */
  paramIdFields: readonly Uint8Array[];
  /** Position in `params` of each full parameter name (the keys the common case gives). */
  byName: ReadonlyMap<string, number>;
  /** Whether parameter names are unique, so that a scan of `names` finds what byName does. */
  scan: boolean;
  /** The parameters' full names, interned (see `interned`). */
  names: readonly string[];
  /** Positions in `params` in the order the Action message lists them (by parameter id). */
  order: readonly number[];
}

/** One table, resolved. */
export class TablePlan {
  readonly id: number;
  /** TableEntry.table_id as written (tag and id; empty for id 0). */
  readonly idField: Uint8Array;
  readonly fields: readonly P4MatchField[];
  /** FieldMatch.field_id of each field as written. */
  readonly fieldIdFields: readonly Uint8Array[];
  /** Positions in `fields` in the order the TableEntry message lists them (by field id). */
  readonly order: readonly number[];
  /** Exact fields: every one must be given. */
  readonly exactFields: number;
  readonly needsPriority: boolean;
  /** Whether the table takes direct actions (no action profile). */
  readonly direct: boolean;
  /** False for a table whose field ids repeat: its entries all go the general way. */
  readonly usable: boolean;
  /** Whether a key equal to a field's full name is that field (names unique, none like an id). */
  private readonly scan: boolean;
  /** The fields' full names, interned (see `interned`). */
  private readonly names: readonly string[];
  private readonly keys = new Map<string, number>();
  private readonly actions = new Map<string | number, ActionPlan>();

  constructor(
    private readonly schema: P4Schema,
    readonly table: P4Table,
  ) {
    this.id = table.id;
    this.idField = varintField(0x08, table.id);
    this.fields = table.fields.list;
    this.fieldIdFields = this.fields.map((f) => varintField(0x08, f.id));
    this.order = byId(this.fields);
    this.exactFields = this.fields.filter((f) => f.kind === 'exact').length;
    this.needsPriority = table.needsPriority;
    this.direct = !(table.implementationId && schema.actionProfiles.findId(table.implementationId));
    this.usable = new Set(this.fields.map((f) => f.id)).size === this.fields.length;
    this.scan =
      this.fields.length <= SCAN_MAX &&
      new Set(this.fields.map((f) => f.name)).size === this.fields.length &&
      !this.fields.some((f) => isIndex(f.name));
    this.names = this.fields.map((f) => interned(f.name));
  }

  /** Position in `fields` of the field a match key names (name, unique suffix or id), or -1. */
  fieldAt(key: string): number {
    const names = this.names;
    if (this.scan) for (let i = 0; i < names.length; i++) if (names[i] === key) return i;
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    let at: number;
    try {
      at = this.fields.indexOf(this.table.fields.get(isIndex(key) ? Number(key) : key));
    } catch {
      return -1;
    }
    this.keys.set(key, at);
    return at;
  }

  /** The action by name or id, as this table may use it for a non-default entry. */
  action(name: string | number): ActionPlan | undefined {
    const known = this.actions.get(name);
    if (known) return known;
    let plan: ActionPlan;
    try {
      const action = this.schema.tableAction(this.table, name, false);
      plan = this.actions.get(action.id) ?? actionPlan(action);
    } catch {
      return undefined;
    }
    this.actions.set(name, plan);
    this.actions.set(plan.id, plan); // an action's id resolves to it too
    return plan;
  }
}

/** The plan of an action, checked by the caller against the table. */
function actionPlan(action: P4Action): ActionPlan {
  const params = action.params.list;
  const byName = new Map<string, number>();
  for (const p of params) byName.set(p.name, params.indexOf(action.params.named(p.name)!));
  return {
    id: action.id,
    idField: varintField(0x08, action.id),
    params,
    paramIdFields: params.map((p) => varintField(0x10, p.id)),
    byName,
    scan: params.length <= SCAN_MAX && byName.size === params.length,
    names: params.map((p) => interned(p.name)),
    order: byId(params),
  };
}

/** Fields or parameters looked up by a scan of their names, below a Map, up to this many. */
const SCAN_MAX = 8;

/** Position in `action.params` of the parameter whose full name is `key`, or undefined. */
export function paramAt(action: ActionPlan, key: string): number | undefined {
  if (!action.scan) return action.byName.get(key);
  const names = action.names;
  for (let i = 0; i < names.length; i++) if (names[i] === key) return i;
  return undefined;
}

/** Plans by schema, then by the table name or id entries give. */
const plans = new WeakMap<P4Schema, Map<string | number, TablePlan>>();

/** The plan of the table `table` names in `schema`, or undefined if it does not resolve. */
export function tablePlan(schema: P4Schema, table: string | number): TablePlan | undefined {
  let bySchema = plans.get(schema);
  if (!bySchema) plans.set(schema, (bySchema = new Map()));
  const known = bySchema.get(table);
  if (known) return known;
  let plan: TablePlan;
  try {
    const t = schema.tables.get(table);
    // One plan per table, whichever name reaches it.
    plan = bySchema.get(t.id) ?? new TablePlan(schema, t);
  } catch {
    return undefined;
  }
  bySchema.set(table, plan);
  bySchema.set(plan.id, plan); // a table's id resolves to it too
  return plan;
}

/** Positions of `list` ordered by id (a stable sort, as the entity encoders sort). */
function byId(list: readonly { id: number }[]): number[] {
  return list.map((_, i) => i).sort((a, b) => list[a].id - list[b].id);
}

/** A uint32 field (one-byte tag) as protobufjs writes it: nothing at all for 0. */
function varintField(tag: number, v: number): Uint8Array {
  if (v === 0) return new Uint8Array(0);
  const out = [tag];
  for (v >>>= 0; v > 127; v >>>= 7) out.push((v & 127) | 128);
  out.push(v);
  return Uint8Array.from(out);
}

/**
 * The same string, as the engine keeps property names: keys met in a `for...in` are such
 * strings, and comparing two of them is comparing two pointers (names parsed from a P4Info
 * are compared character by character otherwise).
 */
function interned(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

/** A match key that names a field by id (`'1'`), as entities tell one. */
function isIndex(key: string): boolean {
  return key.charCodeAt(0) <= 57 && /^\d+$/.test(key);
}
