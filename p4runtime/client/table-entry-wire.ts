/**
 * An Update of a TableEntry written straight from the entity to the wire, with no message
 * objects in between: the bulk of every large write. It writes exactly the bytes
 * `p4.v1.Update.encode({ type, entity: entry.encode(schema) })` writes, after the same checks
 * against the schema (names resolved through a TablePlan, canonical bytestrings, exact fields
 * given, priority as the table needs it, every action parameter given and fitting). The entry is
 * gathered and checked first, then sized, then written in one pass into reserved room.
 *
 * It takes the common shape: a table entry with a match and a direct action (or none), values
 * as numbers, bigints, strings or bytes. Anything else, and anything those checks refuse, makes
 * `write` return false with nothing written: the update then goes the general way
 * (TableEntry.encode and update-wire.ts), which encodes it or words the error. So this path
 * never decides an error.
 */
import { TableEntry } from '../entities/table-entry';
import type { P4Schema } from '../schema';
import { MatchList } from './match-list';
import { paramAt, tablePlan, type ActionPlan, type TablePlan } from './table-plan';
import { ValueArena } from './value-arena';
import { putRange, putVarint, varintSize, type WireWriter } from './wire-writer';

/** p4.v1.Update.Type of each update type (p4runtime.proto v1.5.0). */
const INSERT = 1;
const MODIFY = 2;
const DELETE = 3;

const PROTO = TableEntry.prototype;
/** The parameters of a call that gives none. */
const NO_PARAMS = Object.freeze({});

/** Writes table-entry updates; one per request writer (its scratch serves one entry at a time). */
export class TableEntryWriter {
  private readonly arena = new ValueArena();
  private readonly match = new MatchList();
  /** Per parameter position: the entry's value, then where its bytes start and end. */
  private values: unknown[] = [];
  private start = new Int32Array(8);
  private end = new Int32Array(8);
  /** The last table resolved, by schema and name: bulk writes fill one table at a time. */
  private last: { schema: P4Schema; table: string | number; plan: TablePlan } | undefined;
  private lastAction: { plan: TablePlan; name: string | number; action: ActionPlan } | undefined;

  /**
   * Append the Update `u` (a client Update) as the length-delimited field `tag` (one byte) of
   * the message `w` is writing; false, with nothing written, if it must go the general way.
   */
  write(w: WireWriter, tag: number, u: unknown, schema: P4Schema): boolean {
    if (typeof u !== 'object' || u === null) return false;
    const { type, entity } = u as { type?: unknown; entity?: unknown };
    const code =
      type === 'insert' ? INSERT : type === 'modify' ? MODIFY : type === 'delete' ? DELETE : 0;
    if (code === 0 || !isPlainEntry(entity)) return false;
    const e = entity as TableEntry;
    const { table, match, action } = e;
    if (e.isDefault || typeof match !== 'object' || match === null) return false;
    if (typeof table !== 'string' && typeof table !== 'number') return false;
    const plan = this.plan(schema, table);
    if (!plan || !plan.usable || plan.fields.length === 0) return false;
    const priority = e.priority;
    if (priority !== undefined && !isInt32(priority)) return false;
    if (plan.needsPriority ? !priority : priority) return false;

    const arena = this.arena;
    arena.reset();
    if (!this.match.gather(plan, match, arena)) return false;
    let act: ActionPlan | undefined;
    if (action !== undefined && !(act = this.gatherAction(plan, action))) return false;

    // Sizes, innermost first: Action, TableAction, TableEntry, Entity, Update.
    const actionLen = act ? this.paramsSize(act) : 0;
    const tableActionLen = act ? 1 + varintSize(actionLen) + actionLen : 0;
    const entryLen =
      plan.idField.length +
      this.match.size(plan) +
      (act ? 1 + varintSize(tableActionLen) + tableActionLen : 0) +
      (priority ? 1 + varintSize(priority) : 0);
    const entityLen = 1 + varintSize(entryLen) + entryLen;
    const updateLen = 2 + 1 + varintSize(entityLen) + entityLen;

    const buf = w.reserve(1 + varintSize(updateLen) + updateLen);
    let pos = w.pos;
    buf[pos++] = tag;
    pos = putVarint(buf, pos, updateLen);
    buf[pos++] = 0x08; // type
    buf[pos++] = code;
    buf[pos++] = 0x12; // entity
    pos = putVarint(buf, pos, entityLen);
    buf[pos++] = 0x12; // table_entry
    pos = putVarint(buf, pos, entryLen);
    pos = putRange(buf, pos, plan.idField, 0, plan.idField.length);
    pos = this.match.write(buf, pos, plan, arena);
    if (act) {
      buf[pos++] = 0x1a; // action
      pos = putVarint(buf, pos, tableActionLen);
      buf[pos++] = 0x0a; // its direct action
      pos = putVarint(buf, pos, actionLen);
      pos = this.writeParams(buf, pos, act);
    }
    if (priority) {
      buf[pos++] = 0x20;
      pos = putVarint(buf, pos, priority);
    }
    w.pos = pos;
    return true;
  }

  private resolveAction(plan: TablePlan, name: string | number): ActionPlan | undefined {
    const action = plan.action(name);
    this.lastAction = action && { plan, name, action };
    return action;
  }

  private plan(schema: P4Schema, table: string | number): TablePlan | undefined {
    const last = this.last;
    if (last && last.table === table && last.schema === schema) return last.plan;
    const plan = tablePlan(schema, table);
    this.last = plan && { schema, table, plan };
    return plan;
  }

  /**
   * A direct action call, every parameter given by its full name and fitting, the values put in
   * the arena in message order (as entities/action.ts's common case makes them).
   */
  private gatherAction(plan: TablePlan, a: unknown): ActionPlan | undefined {
    if (typeof a !== 'object' || a === null || !plan.direct) return undefined;
    if ('member' in a || 'group' in a || 'oneShot' in a) return undefined;
    const { name } = a as { name?: unknown };
    const params = (a as { params?: unknown }).params ?? NO_PARAMS;
    if (typeof name !== 'string' && typeof name !== 'number') return undefined;
    if (typeof params !== 'object') return undefined;
    const action =
      this.lastAction?.name === name && this.lastAction.plan === plan
        ? this.lastAction.action
        : this.resolveAction(plan, name);
    if (!action) return undefined;
    const list = action.params;
    if (this.start.length < list.length) {
      this.start = new Int32Array(list.length);
      this.end = new Int32Array(list.length);
    }
    const { values, start, end } = this;
    for (let i = 0; i < list.length; i++) values[i] = undefined;
    let n = 0;
    for (const key in params) {
      const v = (params as Record<string, unknown>)[key];
      if (v === undefined) continue;
      const i = paramAt(action, key);
      if (i === undefined || values[i] !== undefined) return undefined;
      values[i] = v;
      n++;
    }
    if (n !== list.length) return undefined; // a parameter missing, or given by id
    const arena = this.arena;
    const order = action.order;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const at = arena.put(values[i], list[i].bitwidth);
      values[i] = undefined;
      if (at < 0) return undefined;
      start[i] = at;
      end[i] = arena.pos;
    }
    return action;
  }

  /** Bytes of the Action message of the gathered call. */
  private paramsSize(action: ActionPlan): number {
    let total = action.idField.length;
    for (let i = 0; i < action.params.length; i++) {
      const len = this.end[i] - this.start[i];
      const param = action.paramIdFields[i].length + 1 + varintSize(len) + len;
      total += 1 + varintSize(param) + param;
    }
    return total;
  }

  /** Write the Action's fields: its id, then each Param in message order. */
  private writeParams(buf: Uint8Array, pos: number, action: ActionPlan): number {
    pos = putRange(buf, pos, action.idField, 0, action.idField.length);
    const bytes = this.arena.bytes;
    const order = action.order;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const id = action.paramIdFields[i];
      const len = this.end[i] - this.start[i];
      buf[pos++] = 0x22;
      pos = putVarint(buf, pos, id.length + 1 + varintSize(len) + len);
      pos = putRange(buf, pos, id, 0, id.length);
      buf[pos++] = 0x1a;
      pos = putVarint(buf, pos, len);
      pos = putRange(buf, pos, bytes, this.start[i], this.end[i]);
    }
    return pos;
  }
}

/**
 * A TableEntry made by its own constructor with only the fields this path reads: no subclass,
 * no own method (a spec may carry any key), no metadata, direct data or idle timeout.
 */
function isPlainEntry(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || Object.getPrototypeOf(e) !== PROTO) return false;
  for (const key in e) {
    switch (key) {
      case 'table':
      case 'match':
      case 'action':
      case 'priority':
      case 'isDefault':
      case 'isConst': // never encoded
        continue;
      default:
        return false;
    }
  }
  return true;
}

/** A priority as a number in int32 range (other forms go the general way). */
function isInt32(p: unknown): p is number {
  return typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 0x7fffffff;
}
