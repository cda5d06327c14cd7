/**
 * ActionProfileMember and ActionProfileGroup writes and reads (spec §9.2): members bind an id
 * to an action of the tables the profile implements; groups (selectors only) bind an id to
 * weighted members. Deleting one still in use is FAILED_PRECONDITION (the engine counts uses).
 */
import type { P4ActionProfile } from '../../../p4runtime/schema';
import type { p4 } from '../../../p4runtime/proto';
import type { ActionProfile, GroupMember } from '../../tables/action-profile';
import { toCanonical, toNumber } from '../bytestrings';
import { Code, fail } from '../status';
import { actionIn, actionOut, weightsDisallowed } from './action';
import { UpdateType, engine, type EntityContext, type Undo } from './common';

function profileOf(
  ctx: EntityContext,
  id: number | null | undefined,
): { info: P4ActionProfile; profile: ActionProfile } {
  const info = ctx.schema.actionProfiles.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `action profile id ${id ?? 0} is not in the P4Info`);
  return { info, profile: ctx.state.actionProfiles.get(info.id)! };
}

function notOneShot(ctx: EntityContext, info: P4ActionProfile): void {
  if ((ctx.book.oneShots.get(info.id) ?? 0) > 0) {
    fail(
      Code.INVALID_ARGUMENT,
      `selector '${info.name}' is programmed with one-shot action sets; members and groups cannot be mixed in`,
    );
  }
}

/** Applies one ActionProfileMember update; returns how to undo it. */
export function writeMember(
  ctx: EntityContext,
  type: UpdateType,
  m: p4.v1.IActionProfileMember,
): Undo {
  const { info, profile } = profileOf(ctx, m.action_profile_id);
  const id = m.member_id ?? 0;
  const what = `action profile '${info.name}' member ${id}`;
  if (id === 0) fail(Code.INVALID_ARGUMENT, `${what}: 0 is not a valid member id`);
  const old = profile.member(id);
  if (type === UpdateType.DELETE) {
    if (!old) fail(Code.NOT_FOUND, `${what} does not exist`);
    engine(() => profile.deleteMember(id));
    return () => profile.insertMember(id, old);
  }
  notOneShot(ctx, info);
  if (!m.action) fail(Code.INVALID_ARGUMENT, `${what}: the action must be set`);
  const table = ctx.schema.tables.findId(info.tableIds[0]);
  if (!table)
    fail(
      Code.INVALID_ARGUMENT,
      `${what}: the profile implements no table, so no action is allowed`,
    );
  const call = actionIn(ctx, table, m.action, 'entry');
  if (type === UpdateType.INSERT) {
    engine(() => profile.insertMember(id, call));
    return () => profile.deleteMember(id);
  }
  if (!old) fail(Code.NOT_FOUND, `${what} does not exist`);
  engine(() => profile.modifyMember(id, call));
  return () => profile.modifyMember(id, old);
}

/** Applies one ActionProfileGroup update; returns how to undo it. */
export function writeGroup(
  ctx: EntityContext,
  type: UpdateType,
  g: p4.v1.IActionProfileGroup,
): Undo {
  const { info, profile } = profileOf(ctx, g.action_profile_id);
  const id = g.group_id ?? 0;
  const what = `action profile '${info.name}' group ${id}`;
  if (!info.withSelector)
    fail(Code.INVALID_ARGUMENT, `${what}: '${info.name}' is not a selector and has no groups`);
  if (id === 0) fail(Code.INVALID_ARGUMENT, `${what}: 0 is not a valid group id`);
  const old = profile.group(id);
  if (type === UpdateType.DELETE) {
    if (!old) fail(Code.NOT_FOUND, `${what} does not exist`);
    engine(() => profile.deleteGroup(id));
    return () => profile.insertGroup(id, old.members, old.maxSize);
  }
  notOneShot(ctx, info);
  const members = membersIn(ctx, info, g, what);
  const maxSize = g.max_size ?? 0;
  if (maxSize < 0) fail(Code.INVALID_ARGUMENT, `${what}: max_size ${maxSize} is negative`);
  if (type === UpdateType.INSERT) {
    engine(() => profile.insertGroup(id, members, maxSize));
    return () => profile.deleteGroup(id);
  }
  if (!old) fail(Code.NOT_FOUND, `${what} does not exist`);
  if (maxSize !== old.maxSize) {
    fail(
      Code.INVALID_ARGUMENT,
      `${what}: max_size cannot change (it is ${old.maxSize}, got ${maxSize})`,
    );
  }
  engine(() => profile.modifyGroup(id, members, maxSize));
  return () => profile.modifyGroup(id, old.members, old.maxSize);
}

function membersIn(
  ctx: EntityContext,
  info: P4ActionProfile,
  g: p4.v1.IActionProfileGroup,
  what: string,
): GroupMember[] {
  const noWeights = weightsDisallowed(ctx, info);
  return (g.members ?? []).map((m) => {
    const memberId = m.member_id ?? 0;
    const weight = m.weight ?? 0;
    if (noWeights && weight !== 0)
      fail(
        Code.INVALID_ARGUMENT,
        `${what}: member ${memberId} has weight ${weight}; weights are disallowed`,
      );
    if (!noWeights && weight < 1)
      fail(
        Code.INVALID_ARGUMENT,
        `${what}: member ${memberId} has weight ${weight}; expected >= 1`,
      );
    const out: GroupMember = { memberId, weight: noWeights ? 1 : weight };
    const port = watchPortIn(m, `${what} member ${memberId}`);
    return port === undefined ? out : { ...out, watchPort: port };
  });
}

/** A member's watch port (SDN port bytes, or the deprecated int32 `watch`), if any. */
function watchPortIn(m: p4.v1.ActionProfileGroup.IMember, what: string): number | undefined {
  if (m.watch_port && m.watch_port.length > 0) {
    if (
      m.watch_port.length > 4 &&
      m.watch_port.subarray(0, m.watch_port.length - 4).some((b) => b !== 0)
    ) {
      fail(Code.INVALID_ARGUMENT, `${what}: watch_port does not fit in 32 bits`);
    }
    return toNumber(m.watch_port.subarray(Math.max(0, m.watch_port.length - 4)));
  }
  return m.watch ? m.watch >>> 0 : undefined;
}

/** Emits the members an ActionProfileMember read selects (0 ids are wildcards). */
export function readMembers(
  ctx: EntityContext,
  m: p4.v1.IActionProfileMember,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = m.action_profile_id
    ? [profileOf(ctx, m.action_profile_id).info]
    : ctx.schema.actionProfiles.all();
  for (const info of infos) {
    const profile = ctx.state.actionProfiles.get(info.id)!;
    const list = m.member_id
      ? [{ memberId: m.member_id, action: profile.member(m.member_id) }]
      : profile.members();
    for (const { memberId, action } of list) {
      if (!action) continue;
      emit({
        action_profile_member: {
          action_profile_id: info.id,
          member_id: memberId,
          action: actionOut(ctx, action),
        },
      });
    }
  }
}

/** Emits the groups an ActionProfileGroup read selects (0 ids are wildcards). */
export function readGroups(
  ctx: EntityContext,
  g: p4.v1.IActionProfileGroup,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = g.action_profile_id
    ? [profileOf(ctx, g.action_profile_id).info]
    : ctx.schema.actionProfiles.all();
  for (const info of infos) {
    if (!info.withSelector) continue;
    const profile = ctx.state.actionProfiles.get(info.id)!;
    const noWeights = weightsDisallowed(ctx, info);
    const list = g.group_id ? [profile.group(g.group_id)] : profile.groups();
    for (const view of list) {
      if (!view) continue;
      emit({
        action_profile_group: {
          action_profile_id: info.id,
          group_id: view.groupId,
          max_size: view.maxSize,
          members: view.members.map((m) => ({
            member_id: m.memberId,
            weight: noWeights ? 0 : m.weight,
            ...(m.watchPort === undefined
              ? {}
              : { watch_port: toCanonical(portBytes(m.watchPort)) }),
          })),
        },
      });
    }
  }
}

function portBytes(port: number): Uint8Array {
  return Uint8Array.of(port >>> 24, (port >>> 16) & 0xff, (port >>> 8) & 0xff, port & 0xff);
}
