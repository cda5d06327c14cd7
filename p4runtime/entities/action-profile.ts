/**
 * Action profile members and groups (P4Runtime v1.5.0 §9.2): a member binds an id to an action
 * call; a group (action selectors only) lists members with weights and watch ports.
 *
 *   new ActionProfileMember({ profile: 'ecmp_selector', memberId: 1,
 *                             action: { name: 'set_next_hop', params: { port: 1, dmac: 1 } } })
 *   new ActionProfileGroup({ profile: 'ecmp_selector', groupId: 7, maxSize: 16,
 *                            members: [{ member: 1, weight: 2 }, { member: 2, watchPort: 3 }] })
 */
import type { EncodableEntity } from './update';
import type { P4Action, P4ActionProfile, P4Schema } from '../schema';
import { p4 } from '../proto';
import { decodeActionCall, encodeActionCall, type ActionCall } from './action';
import {
  P4SchemaError,
  P4ValueError,
  checkWeight,
  decodePort,
  encodePort,
  freezeInto,
  int32,
  profileInfo,
  within,
  type Port,
} from './common';
import { positive } from './table-action';

export interface ActionProfileMemberSpec {
  /** Action profile or selector; leave out to read the members of every profile. */
  profile?: string | number;
  /** Leave out (or 0) to read every member of the profile. */
  memberId?: number;
  action?: ActionCall;
}

/** An action profile member: an id bound to an action call. */
export class ActionProfileMember implements EncodableEntity {
  declare readonly profile?: string | number;
  declare readonly memberId?: number;
  declare readonly action?: ActionCall;

  constructor(spec: ActionProfileMemberSpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<ActionProfileMemberSpec>): ActionProfileMember {
    return new ActionProfileMember({ ...(this as ActionProfileMemberSpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.profile === undefined) {
      if (this.memberId || this.action) {
        throw new P4SchemaError('action profile member: a member id or action needs a profile');
      }
      return { action_profile_member: {} };
    }
    const profile = schema.actionProfiles.get(this.profile);
    const owner = `action profile '${profile.name}' member ${this.memberId ?? '(any)'}`;
    const out: p4.v1.IActionProfileMember = { action_profile_id: profile.id };
    if (this.memberId) out.member_id = positive(this.memberId, `${owner} id`);
    else if (this.action) throw wildcardWithData(`${owner} id`, 'a member with an action');
    if (this.action) {
      const action = profileAction(schema, profile, this.action.name, owner);
      out.action = encodeActionCall(action, this.action, owner);
    }
    return { action_profile_member: out };
  }

  static decode(msg: p4.v1.IActionProfileMember, schema: P4Schema): ActionProfileMember {
    if (!msg.action_profile_id) return new ActionProfileMember();
    const profile = schema.actionProfiles.get(msg.action_profile_id);
    const spec: ActionProfileMemberSpec = { profile: profile.name };
    if (msg.member_id) spec.memberId = msg.member_id;
    const owner = `action profile '${profile.name}' member ${msg.member_id ?? 0}`;
    if (msg.action) spec.action = decodeActionCall(schema, msg.action, owner);
    return new ActionProfileMember(spec);
  }
}

/** The action as a member of `profile` may use it: an action of one of the profile's tables. */
function profileAction(
  schema: P4Schema,
  profile: P4ActionProfile,
  name: string | number,
  owner: string,
): P4Action {
  const action = within(owner, () => schema.actions.get(name));
  for (const id of profile.tableIds) {
    const table = schema.tables.findId(id);
    if (table?.actionRefs.some((r) => r.id === action.id && r.scope !== 'default_only')) {
      return action;
    }
  }
  const tables = profile.tableIds.map((id) => `'${schema.tables.findId(id)?.name ?? id}'`);
  throw new P4SchemaError(
    `${owner}: action '${action.name}' is not an action of the profile's tables (${tables.join(', ')})`,
  );
}

/** One member of a group: weight defaults to 1 (0 where the selector disallows weights). */
export interface GroupMember {
  member: number;
  weight?: number;
  /** Port whose liveness gates this member (SDN port number or bytes). */
  watchPort?: Port;
}

export interface ActionProfileGroupSpec {
  /** Action selector; leave out to read the groups of every selector. */
  profile?: string | number;
  /** Leave out (or 0) to read every group of the selector. */
  groupId?: number;
  members?: readonly GroupMember[];
  /** Fixed at insert: 1..max_group_size when the selector has one, else any (0 = target max). */
  maxSize?: number;
}

/** An action selector group: members with weights and watch ports. */
export class ActionProfileGroup implements EncodableEntity {
  declare readonly profile?: string | number;
  declare readonly groupId?: number;
  declare readonly members?: readonly GroupMember[];
  declare readonly maxSize?: number;

  constructor(spec: ActionProfileGroupSpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<ActionProfileGroupSpec>): ActionProfileGroup {
    return new ActionProfileGroup({ ...(this as ActionProfileGroupSpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.profile === undefined) {
      if (this.groupId || this.members || this.maxSize) {
        throw new P4SchemaError(
          'action profile group: a group id, members or maxSize need a profile',
        );
      }
      return { action_profile_group: {} };
    }
    const profile = schema.actionProfiles.get(this.profile);
    const owner = `action profile '${profile.name}' group ${this.groupId ?? '(any)'}`;
    if (!profile.withSelector) {
      throw new P4SchemaError(`${owner}: the profile has no selector, so it has no groups`);
    }
    const out: p4.v1.IActionProfileGroup = { action_profile_id: profile.id };
    if (this.groupId) out.group_id = positive(this.groupId, `${owner} id`);
    else if (this.members?.length) throw wildcardWithData(`${owner} id`, 'a group with members');
    if (this.members) out.members = this.encodeMembers(schema, profile, owner);
    if (this.maxSize !== undefined) out.max_size = this.checkMaxSize(profile, owner);
    return { action_profile_group: out };
  }

  static decode(msg: p4.v1.IActionProfileGroup, schema: P4Schema): ActionProfileGroup {
    if (!msg.action_profile_id) return new ActionProfileGroup();
    const profile = schema.actionProfiles.get(msg.action_profile_id);
    const spec: ActionProfileGroupSpec = { profile: profile.name };
    if (msg.group_id) spec.groupId = msg.group_id;
    if (msg.members?.length) {
      spec.members = msg.members.map((m) => {
        const port = m.watch_port?.length ? decodePort(m.watch_port) : m.watch || undefined;
        const out: GroupMember = { member: m.member_id ?? 0, weight: m.weight ?? 0 };
        if (port !== undefined) out.watchPort = port;
        return out;
      });
    }
    if (msg.max_size) spec.maxSize = msg.max_size;
    return new ActionProfileGroup(spec);
  }

  private encodeMembers(
    schema: P4Schema,
    profile: P4ActionProfile,
    owner: string,
  ): p4.v1.ActionProfileGroup.IMember[] {
    const info = profileInfo(schema, profile.id);
    const noWeights = !!info?.weights_disallowed;
    const seen = new Set<number>();
    const out = (this.members ?? []).map((m, i) => {
      const where = `${owner} member #${i}`;
      const id = positive(m.member, `${where} id`);
      if (seen.has(id)) {
        throw new P4ValueError(`${where}: member ${id} is listed twice (use its weight instead)`);
      }
      seen.add(id);
      const weight = checkWeight(m.weight, noWeights, `${where} weight`);
      const member: p4.v1.ActionProfileGroup.IMember = { member_id: id, weight };
      if (m.watchPort !== undefined)
        member.watch_port = encodePort(m.watchPort, `${where} watch port`);
      return member;
    });
    const limit = this.maxSize || profile.maxGroupSize;
    if (limit > 0) {
      const byMembers = !!info?.sum_of_members;
      const size = byMembers ? out.length : out.reduce((s, m) => s + (m.weight ?? 0), 0);
      if (size > limit) {
        throw new P4ValueError(
          `${owner}: the ${byMembers ? 'member count' : 'sum of weights'} ${size} exceeds the group size ${limit}`,
        );
      }
      const maxWeight = info?.sum_of_members?.max_member_weight ?? 0;
      const heavy = out.find((m) => maxWeight > 0 && (m.weight ?? 0) > maxWeight);
      if (heavy) {
        throw new P4ValueError(
          `${owner}: member ${heavy.member_id} has weight ${heavy.weight} (max_member_weight is ${maxWeight})`,
        );
      }
    }
    if (profile.maxGroupSize > 0 && !this.maxSize) {
      throw new P4ValueError(
        `${owner}: missing maxSize (the selector's max_group_size is ${profile.maxGroupSize}, ` +
          `so a group needs maxSize 1..${profile.maxGroupSize})`,
      );
    }
    return out;
  }

  private checkMaxSize(profile: P4ActionProfile, owner: string): number {
    const n = int32(this.maxSize ?? 0, `${owner} maxSize`);
    if (profile.maxGroupSize > 0 && (n === 0 || n > profile.maxGroupSize)) {
      throw new P4ValueError(
        `${owner}: maxSize ${n} is out of range (expected 1..${profile.maxGroupSize}, the selector's max_group_size)`,
      );
    }
    return n;
  }
}

function wildcardWithData(what: string, which: string): P4ValueError {
  return new P4ValueError(`${what}: 0 (or none) is the read wildcard; ${which} needs an id >= 1`);
}
