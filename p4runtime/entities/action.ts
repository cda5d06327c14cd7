/**
 * Action calls (`p4.v1.Action`): an action by name with its parameter values, shared by table
 * entries, one-shot selector sets and action profile members.
 *
 *   { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } }
 */
import type { P4Action, P4Schema } from '../schema';
import { p4 } from '../proto';
import { P4ValueError, prefixed, within } from './common';
import { decodeBits, encodeBits, type Value } from './values';

/** An action call. Decoded calls carry the full action name and bigint parameters. */
export interface ActionCall {
  name: string | number;
  /** Every parameter of the action, by name or id; leave out for an action without any. */
  params?: Readonly<Record<string, Value>>;
}

/** Decoded form of an action call. */
export interface DecodedActionCall extends ActionCall {
  name: string;
  params?: Readonly<Record<string, bigint>>;
}

/** The Action message of `call`, whose action was resolved (and scope-checked) by the caller. */
export function encodeActionCall(action: P4Action, call: ActionCall, owner: string): p4.v1.IAction {
  const given = call.params ?? {};
  const params = byExactNames(action, given) ?? checkedParams(action, given, owner);
  if (!isSorted(params)) params.sort((a, b) => (a.param_id ?? 0) - (b.param_id ?? 0));
  return { action_id: action.id, params };
}

/**
 * The parameters in one pass over the keys given, in the common case: every key a parameter's
 * full name, every parameter given, every value valid. Anything else is undefined, and goes
 * through checkedParams, which finds and words the error.
 */
function byExactNames(
  action: P4Action,
  given: Readonly<Record<string, Value>>,
): p4.v1.Action.IParam[] | undefined {
  const list = action.params.list;
  const params: p4.v1.Action.IParam[] = new Array(list.length);
  let n = 0;
  for (const key in given) {
    const v = given[key];
    if (v === undefined) continue;
    const p = action.params.named(key);
    const i = p ? list.indexOf(p) : -1;
    if (!p || params[i] !== undefined) return undefined;
    let value: Uint8Array;
    try {
      value = encodeBits(v, p.bitwidth);
    } catch {
      return undefined;
    }
    params[i] = { param_id: p.id, value };
    n++;
  }
  return n === list.length ? params : undefined;
}

/** The parameters of `given`, or the first error in the action's parameter order. */
function checkedParams(
  action: P4Action,
  given: Readonly<Record<string, Value>>,
  owner: string,
): p4.v1.Action.IParam[] {
  const list = action.params.list;
  // Sized up front: a growing array would allocate room for 16 more parameters.
  const params: p4.v1.Action.IParam[] = new Array(list.length);
  let n = 0; // parameters given; if any is missing, the call is refused below
  let missing: string[] | undefined;
  // Walk the action's parameters, then account for every key given, so that an unknown or
  // repeated one is refused by name. Error context is built only on failure.
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    const byName = given[p.name];
    const byId = given[p.id];
    if (byName !== undefined && byId !== undefined) {
      throw new P4ValueError(
        `${where(owner, action)}: parameter '${p.name}' is given twice (by name and id)`,
      );
    }
    const v = byName ?? byId;
    if (v === undefined) {
      (missing ??= []).push(`'${p.name}'`);
      continue;
    }
    let value: Uint8Array;
    try {
      value = encodeBits(v, p.bitwidth);
    } catch (e) {
      throw prefixed(e, `${where(owner, action)} parameter '${p.name}' (${p.bitwidth} bits)`);
    }
    params[n++] = { param_id: p.id, value };
  }
  let keys = 0;
  for (const key in given) if (given[key] !== undefined) keys++;
  if (keys !== n) {
    for (const key in given)
      within(owner, () => action.params.get(/^\d+$/.test(key) ? Number(key) : key));
  }
  if (missing) {
    throw new P4ValueError(
      `${where(owner, action)}: missing parameter${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')} (every parameter must be given)`,
    );
  }
  return params;
}

function where(owner: string, action: P4Action): string {
  return `${owner} action '${action.name}'`;
}

function isSorted(list: readonly p4.v1.Action.IParam[]): boolean {
  for (let i = 1; i < list.length; i++)
    if ((list[i - 1].param_id ?? 0) > (list[i].param_id ?? 0)) return false;
  return true;
}

/** An Action message back to a readable call. */
export function decodeActionCall(
  schema: P4Schema,
  msg: p4.v1.IAction,
  owner: string,
): DecodedActionCall {
  const action = within(owner, () => schema.actions.get(msg.action_id ?? 0));
  const where = `${owner} action '${action.name}'`;
  const params: Record<string, bigint> = {};
  for (const p of msg.params ?? []) {
    const param = within(owner, () => action.params.get(p.param_id ?? 0));
    params[param.name] = within(
      () => `${where} parameter '${param.name}'`,
      () => decodeBits(p.value),
    );
  }
  return Object.keys(params).length ? { name: action.name, params } : { name: action.name };
}
