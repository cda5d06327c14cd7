/**
 * What a table entry does (`p4.v1.TableAction`): a direct action call, an action profile member
 * or group, or a one-shot selector set (P4Runtime v1.5.0 §9.1.2 and §9.2.3).
 *
 *   { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } }
 *   { member: 5 }  |  { group: 7 }
 *   { oneShot: [{ action: { name: 'set_next_hop', params }, weight: 1, watchPort: 3 }] }
 */
import type { P4ActionProfile, P4Schema, P4Table } from '../schema';
import { p4 } from '../proto';
import {
  decodeActionCall,
  encodeActionCall,
  type ActionCall,
  type DecodedActionCall,
} from './action';
import {
  P4SchemaError,
  P4ValueError,
  checkWeight,
  decodePort,
  encodePort,
  profileInfo,
  uint32,
  within,
  type Port,
} from './common';

import SelectionMode = p4.v1.ActionProfileActionSet.ActionSelectionMode;
import SizeSemantics = p4.v1.ActionProfileActionSet.SizeSemantics;

/** One action of a one-shot set: weight defaults to 1; watchPort gates it on a port's liveness. */
export interface OneShotAction {
  action: ActionCall;
  weight?: number;
  watchPort?: Port;
}

export type SelectionModeName = 'hash' | 'random';
export type SizeSemanticsName = 'sum_of_weights' | 'sum_of_members';

/** A one-shot selector set; leave the modes out to use the selector's own (the default). */
export interface OneShot {
  oneShot: readonly OneShotAction[];
  selectionMode?: SelectionModeName;
  sizeSemantics?: SizeSemanticsName;
}

export type TableAction = ActionCall | { member: number } | { group: number } | OneShot;

/** Decoded form: full action names, bigint parameters, weights always present. */
export type DecodedTableAction =
  | DecodedActionCall
  | { member: number }
  | { group: number }
  | {
      oneShot: readonly { action: DecodedActionCall; weight: number; watchPort?: Port }[];
      selectionMode?: SelectionModeName;
      sizeSemantics?: SizeSemanticsName;
    };

const MODES: Record<SelectionModeName, SelectionMode> = {
  hash: SelectionMode.HASH,
  random: SelectionMode.RANDOM,
};
const SIZES: Record<SizeSemanticsName, SizeSemantics> = {
  sum_of_weights: SizeSemantics.SUM_OF_WEIGHTS,
  sum_of_members: SizeSemantics.SUM_OF_MEMBERS,
};

function nameOf<K extends string>(
  map: Record<K, number>,
  v: number | null | undefined,
): K | undefined {
  return (Object.keys(map) as K[]).find((k) => map[k] === v);
}

/** The TableAction message of `a` for `table`, checked against the table's implementation. */
export function encodeTableAction(
  schema: P4Schema,
  table: P4Table,
  a: TableAction,
  asDefault: boolean,
  owner: string,
): p4.v1.ITableAction {
  const profile = table.implementationId
    ? schema.actionProfiles.findId(table.implementationId)
    : undefined;
  if ('member' in a) {
    if (!profile) throw refusal(table, profile, owner, 'an action profile member');
    return { action_profile_member_id: positive(a.member, `${owner} member id`) };
  }
  if ('group' in a) {
    if (!profile?.withSelector) throw refusal(table, profile, owner, 'an action profile group');
    return { action_profile_group_id: positive(a.group, `${owner} group id`) };
  }
  if ('oneShot' in a) {
    if (!profile?.withSelector) throw refusal(table, profile, owner, 'a one-shot action set');
    if (!a.oneShot.length) {
      throw new P4ValueError(`${owner}: a one-shot action set needs at least one action`);
    }
    const noWeights = !!profileInfo(schema, profile.id)?.weights_disallowed;
    const set: p4.v1.IActionProfileActionSet = {
      action_profile_actions: a.oneShot.map((m, i) => {
        const where = `${owner} one-shot action #${i}`;
        const action = within(where, () => schema.tableAction(table, m.action.name, asDefault));
        const out: p4.v1.IActionProfileAction = {
          action: encodeActionCall(action, m.action, where),
          weight: checkWeight(m.weight, noWeights, `${where} weight`),
        };
        if (m.watchPort !== undefined) {
          out.watch_port = encodePort(m.watchPort, `${where} watch port`);
        }
        return out;
      }),
    };
    if (a.selectionMode) {
      set.action_selection_mode = pick(MODES, a.selectionMode, `${owner} selection mode`);
    }
    if (a.sizeSemantics) {
      set.size_semantics = pick(SIZES, a.sizeSemantics, `${owner} size semantics`);
    }
    return { action_profile_action_set: set };
  }
  if (profile) throw refusal(table, profile, owner, `action '${String(a.name)}'`);
  const action = schema.tableAction(table, a.name, asDefault); // names the table
  return { action: encodeActionCall(action, a, owner) };
}

/** The error for an action of the wrong kind for the table's implementation. */
function refusal(
  table: P4Table,
  profile: P4ActionProfile | undefined,
  owner: string,
  what: string,
): P4SchemaError {
  const kinds = profile
    ? `{ member }${profile.withSelector ? ', { group } or { oneShot }' : ''}`
    : '{ name, params }';
  return new P4SchemaError(
    `${owner}: ${what} is not valid for table '${table.name}' ` +
      (profile ? `(it uses action profile '${profile.name}')` : '(it has direct actions)') +
      `; expected ${kinds}`,
  );
}

function pick<K extends string>(map: Record<K, number>, k: K, what: string): number {
  const v = map[k];
  if (v === undefined) {
    throw new P4ValueError(`${what}: '${k}' is not one of ${Object.keys(map).join(', ')}`);
  }
  return v;
}

/** A member or group id: a non-zero uint32 (0 is the read wildcard). */
export function positive(v: number, what: string): number {
  const n = uint32(v, what);
  if (n === 0) throw new P4ValueError(`${what}: 0 is not valid (ids start at 1)`);
  return n;
}

/** A TableAction message back to its readable form. */
export function decodeTableAction(
  schema: P4Schema,
  msg: p4.v1.ITableAction,
  owner: string,
): DecodedTableAction | undefined {
  if (msg.action) return decodeActionCall(schema, msg.action, owner);
  if (msg.action_profile_member_id) return { member: msg.action_profile_member_id };
  if (msg.action_profile_group_id) return { group: msg.action_profile_group_id };
  const set = msg.action_profile_action_set;
  if (!set) return undefined;
  const out: DecodedTableAction = {
    oneShot: (set.action_profile_actions ?? []).map((m, i) => {
      const where = `${owner} one-shot action #${i}`;
      const action = decodeActionCall(schema, m.action ?? {}, where);
      const port = m.watch_port?.length ? decodePort(m.watch_port) : m.watch || undefined;
      return port === undefined
        ? { action, weight: m.weight ?? 0 }
        : { action, weight: m.weight ?? 0, watchPort: port };
    }),
  };
  const mode = nameOf(MODES, set.action_selection_mode);
  const size = nameOf(SIZES, set.size_semantics);
  if (mode) out.selectionMode = mode;
  if (size) out.sizeSemantics = size;
  return out;
}
