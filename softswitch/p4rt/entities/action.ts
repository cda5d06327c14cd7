/**
 * Actions between P4Runtime messages and the engine (spec §9.1.2 "Action Specification" and
 * §9.2.4 "One Shot Action Selector Programming"): an action must be one of the table's, in the
 * right scope (PERMISSION_DENIED otherwise), with exactly one value per parameter; indirect
 * tables take member ids, group ids or one-shot action sets according to their
 * implementation (INVALID_ARGUMENT for the wrong kind).
 */
import type { P4Action, P4ActionProfile, P4Table } from '../../../p4runtime/schema';
import { p4 } from '../../../p4runtime/proto';
import type { ActionCall, ActionRef } from '../../tables/types';
import { toCanonical, toFullWidth } from '../bytestrings';
import { Code, fail } from '../status';
import type { EntityContext } from './common';

import Mode = p4.v1.ActionProfileActionSet.ActionSelectionMode;
import Semantics = p4.v1.ActionProfileActionSet.SizeSemantics;

/** Where an action is used: in an entry (or a member), or as a table's default action. */
export type ActionUse = 'entry' | 'default';

/**
 * An Action message as an ActionCall of `table`. Throws INVALID_ARGUMENT for an unknown
 * action or one the table does not list, PERMISSION_DENIED for an action outside its scope.
 */
export function actionIn(
  ctx: EntityContext,
  table: P4Table,
  action: p4.v1.IAction,
  use: ActionUse,
): ActionCall {
  const where = `table '${table.name}'`;
  const id = action.action_id ?? 0;
  const a = ctx.schema.actions.findId(id);
  if (!a) fail(Code.INVALID_ARGUMENT, `${where}: action id ${id} is not in the P4Info`);
  const ref = table.actionRefs.find((r) => r.id === id);
  if (!ref) {
    const allowed = table.actionRefs
      .map((r) => ctx.schema.actions.findId(r.id)?.name ?? r.id)
      .join(', ');
    fail(
      Code.INVALID_ARGUMENT,
      `${where}: action '${a.name}' is not one of its actions (${allowed})`,
    );
  }
  if (use === 'default' && ref.scope === 'table_only') {
    fail(
      Code.PERMISSION_DENIED,
      `${where}: action '${a.name}' is @tableonly and cannot be the default action`,
    );
  }
  if (use === 'entry' && ref.scope === 'default_only') {
    fail(
      Code.PERMISSION_DENIED,
      `${where}: action '${a.name}' is @defaultonly and cannot be used in an entry`,
    );
  }
  return { actionId: id, params: paramsIn(a, action.params) };
}

function paramsIn(
  a: P4Action,
  given: readonly p4.v1.Action.IParam[] | null | undefined,
): Uint8Array[] {
  const where = `action '${a.name}'`;
  const values = new Map<number, Uint8Array>();
  for (const p of given ?? []) {
    const id = p.param_id ?? 0;
    const spec = a.params.find(id);
    if (!spec) {
      const known = a.params.list.map((x) => `${x.id} (${x.name})`).join(', ') || 'none';
      fail(
        Code.INVALID_ARGUMENT,
        `${where} has no parameter id ${id}; its parameters are ${known}`,
      );
    }
    if (values.has(id))
      fail(Code.INVALID_ARGUMENT, `${where}: parameter '${spec.name}' is given twice`);
    values.set(id, toFullWidth(p.value, spec.bitwidth, `${where} parameter '${spec.name}'`));
  }
  return a.params.list.map((spec) => {
    const v = values.get(spec.id);
    if (!v)
      fail(Code.INVALID_ARGUMENT, `${where}: parameter '${spec.name}' (id ${spec.id}) is missing`);
    return v;
  });
}

/** An ActionCall as an Action message, parameters canonical in P4Info order. */
export function actionOut(ctx: EntityContext, call: ActionCall): p4.v1.IAction {
  const a = ctx.schema.actions.findId(call.actionId);
  return {
    action_id: call.actionId,
    params: (a?.params.list ?? []).map((spec, i) => ({
      param_id: spec.id,
      value: toCanonical(call.params[i]),
    })),
  };
}

/** The action profile implementing `table`, if it is indirect. */
export function profileOf(ctx: EntityContext, table: P4Table): P4ActionProfile | undefined {
  return table.implementationId
    ? ctx.schema.actionProfiles.findId(table.implementationId)
    : undefined;
}

/** A TableAction message as the engine's ActionRef for an entry of `table`. */
export function tableActionIn(
  ctx: EntityContext,
  table: P4Table,
  ta: p4.v1.ITableAction,
): ActionRef {
  const where = `table '${table.name}'`;
  const kind = (ta as p4.v1.TableAction).type ?? kindOf(ta);
  const profile = profileOf(ctx, table);
  if (!profile) {
    if (kind !== 'action') {
      fail(
        Code.INVALID_ARGUMENT,
        `${where} is a direct table: its entries take an action, not ${kind ?? 'nothing'}`,
      );
    }
    const call = actionIn(ctx, table, ta.action!, 'entry');
    return { kind: 'action', actionId: call.actionId, params: call.params };
  }
  const via = `${where} is implemented by ${profile.withSelector ? 'action selector' : 'action profile'} '${profile.name}'`;
  switch (kind) {
    case 'action_profile_member_id':
      return { kind: 'member', memberId: ta.action_profile_member_id ?? 0 };
    case 'action_profile_group_id':
      if (!profile.withSelector) fail(Code.INVALID_ARGUMENT, `${via}: it has no groups`);
      return { kind: 'group', groupId: ta.action_profile_group_id ?? 0 };
    case 'action_profile_action_set':
      if (!profile.withSelector)
        fail(Code.INVALID_ARGUMENT, `${via}: one-shot action sets need a selector`);
      return actionSetIn(ctx, table, profile, ta.action_profile_action_set!);
    default:
      return fail(
        Code.INVALID_ARGUMENT,
        `${via}: an entry takes a member id, group id or action set, not ${kind ?? 'nothing'}`,
      );
  }
}

function actionSetIn(
  ctx: EntityContext,
  table: P4Table,
  profile: P4ActionProfile,
  set: p4.v1.IActionProfileActionSet,
): ActionRef {
  const where = `table '${table.name}' one-shot action set`;
  if ((set.action_selection_mode ?? 0) !== Mode.DEFAULT_MODE_DETERMINED_BY_ACTION_SELECTOR) {
    fail(Code.UNIMPLEMENTED, `${where}: per-group action selection modes are not supported`);
  }
  if ((set.size_semantics ?? 0) !== Semantics.DEFAULT_SIZE_DETERMINED_BY_ACTION_SELECTOR) {
    fail(Code.UNIMPLEMENTED, `${where}: per-group size semantics are not supported`);
  }
  const noWeights = weightsDisallowed(ctx, profile);
  const actions = (set.action_profile_actions ?? []).map((a, i) => {
    if ((a.watch_port && a.watch_port.length > 0) || a.watch) {
      fail(
        Code.UNIMPLEMENTED,
        `${where}: action ${i} has a watch port; watch ports are not supported in one-shot sets`,
      );
    }
    const weight = a.weight ?? 0;
    if (noWeights && weight !== 0)
      fail(
        Code.INVALID_ARGUMENT,
        `${where}: action ${i} has weight ${weight}; weights are disallowed`,
      );
    if (!noWeights && weight < 1)
      fail(Code.INVALID_ARGUMENT, `${where}: action ${i} has weight ${weight}; expected >= 1`);
    if (!a.action) fail(Code.INVALID_ARGUMENT, `${where}: action ${i} has no action`);
    return { action: actionIn(ctx, table, a.action, 'entry'), weight: noWeights ? 1 : weight };
  });
  return { kind: 'actionSet', actions };
}

/** The engine's ActionRef of an entry of `table` as a TableAction message. */
export function tableActionOut(
  ctx: EntityContext,
  table: P4Table,
  ref: ActionRef,
): p4.v1.ITableAction {
  switch (ref.kind) {
    case 'action':
      return { action: actionOut(ctx, ref) };
    case 'member':
      return { action_profile_member_id: ref.memberId };
    case 'group':
      return { action_profile_group_id: ref.groupId };
    case 'actionSet': {
      const profile = profileOf(ctx, table);
      const noWeights = profile ? weightsDisallowed(ctx, profile) : false;
      return {
        action_profile_action_set: {
          action_profile_actions: ref.actions.map((w) => ({
            action: actionOut(ctx, w.action),
            weight: noWeights ? 0 : w.weight,
          })),
        },
      };
    }
  }
}

/** P4Info `weights_disallowed` of a profile (the schema does not index it). */
export function weightsDisallowed(ctx: EntityContext, profile: P4ActionProfile): boolean {
  return !!ctx.schema.p4info.action_profiles.find((p) => p.preamble?.id === profile.id)
    ?.weights_disallowed;
}

function kindOf(ta: p4.v1.ITableAction): string | undefined {
  for (const k of [
    'action',
    'action_profile_member_id',
    'action_profile_group_id',
    'action_profile_action_set',
  ] as const) {
    if (ta[k] !== undefined && ta[k] !== null) return k;
  }
  return undefined;
}
