import { ActionCatalog, type ActionSpec } from './action-spec';
import { fail } from './errors';
import type { ActionCall, WeightedAction } from './types';

/** Configuration of one action profile / selector (from P4Info ActionProfile). */
export interface ActionProfileOptions {
  readonly name: string;
  readonly id?: number;
  /** Maximum number of members. */
  readonly size: number;
  readonly withSelector?: boolean;
  /** Largest group allowed (0 or omitted: bounded by `size` only). */
  readonly maxGroupSize?: number;
  /** How group size is counted (P4Info SelectorSizeSemantics); default sum of weights. */
  readonly groupSizeSemantics?: 'sumOfWeights' | 'sumOfMembers';
  /** Maximum number of groups (default: `size`). */
  readonly maxGroups?: number;
  /** Actions members may use; omitted: any well-formed call. */
  readonly actions?: readonly ActionSpec[];
}

/** A member of a group with its weight (`watchPort` is stored and read back, not acted on). */
export interface GroupMember {
  readonly memberId: number;
  readonly weight: number;
  readonly watchPort?: number;
}

/** A group as read back. */
export interface GroupView {
  readonly groupId: number;
  readonly members: readonly GroupMember[];
  readonly maxSize: number;
}

interface Group {
  readonly members: readonly GroupMember[];
  readonly maxSize: number;
  readonly memberIds: Int32Array;
  /** cumulative[i] = sum of weights of members 0..i. */
  readonly cumulative: Float64Array;
  readonly total: number;
}

/**
 * An action profile: members (id -> action) and, with a selector, weighted groups of
 * members. Members and groups are reference-counted (groups and table entries hold them),
 * and deleting one still in use fails with FAILED_PRECONDITION.
 */
export class ActionProfile {
  readonly name: string;
  private readonly catalog: ActionCatalog;
  private readonly memberAction = new Map<number, ActionCall>();
  private readonly memberRefs = new Map<number, number>();
  private readonly groupsById = new Map<number, Group>();
  private readonly groupRefs = new Map<number, number>();

  constructor(readonly options: ActionProfileOptions) {
    this.name = options.name;
    this.catalog = new ActionCatalog(options.actions);
  }

  private where(what: string): string {
    return `action profile '${this.name}' ${what}`;
  }

  private checkId(id: number, what: string): void {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw fail('INVALID_ARGUMENT', `${this.where(what)}: id ${id} is not a uint32`);
    }
  }

  /** Adds member `memberId` running `action`. */
  insertMember(memberId: number, action: ActionCall): void {
    this.checkId(memberId, 'member');
    if (this.memberAction.has(memberId)) {
      throw fail('ALREADY_EXISTS', `${this.where(`member ${memberId}`)} already exists`);
    }
    this.catalog.check(action, 'member', this.where(`member ${memberId}`));
    if (this.memberAction.size >= this.options.size) {
      throw fail('RESOURCE_EXHAUSTED', `${this.where('')}is full (${this.options.size} members)`);
    }
    this.memberAction.set(memberId, freezeCall(action));
  }

  /** Replaces the action of member `memberId` (allowed while referenced). */
  modifyMember(memberId: number, action: ActionCall): void {
    if (!this.memberAction.has(memberId)) {
      throw fail('NOT_FOUND', `${this.where(`member ${memberId}`)} does not exist`);
    }
    this.catalog.check(action, 'member', this.where(`member ${memberId}`));
    this.memberAction.set(memberId, freezeCall(action));
  }

  /** Deletes member `memberId`; FAILED_PRECONDITION while a group or table entry uses it. */
  deleteMember(memberId: number): void {
    if (!this.memberAction.has(memberId)) {
      throw fail('NOT_FOUND', `${this.where(`member ${memberId}`)} does not exist`);
    }
    const refs = this.memberRefs.get(memberId) ?? 0;
    if (refs > 0) {
      throw fail(
        'FAILED_PRECONDITION',
        `${this.where(`member ${memberId}`)} is still used by ${refs} group(s) or table entr(ies)`,
      );
    }
    this.memberAction.delete(memberId);
  }

  /** The action of member `memberId`, or undefined. */
  member(memberId: number): ActionCall | undefined {
    return this.memberAction.get(memberId);
  }

  /** All members in id order. */
  members(): { memberId: number; action: ActionCall }[] {
    return [...this.memberAction.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([memberId, action]) => ({ memberId, action }));
  }

  private buildGroup(groupId: number, members: readonly GroupMember[], maxSize: number): Group {
    const what = `group ${groupId}`;
    if (!this.options.withSelector) {
      throw fail('INVALID_ARGUMENT', `${this.where('')}has no selector; groups are not supported`);
    }
    const limit = this.options.maxGroupSize ?? 0;
    if (!Number.isInteger(maxSize) || maxSize < 0 || (limit > 0 && maxSize > limit)) {
      throw fail(
        'INVALID_ARGUMENT',
        `${this.where(what)}: max size ${maxSize} exceeds the profile's max group size ${limit}`,
      );
    }
    const seen = new Set<number>();
    let total = 0;
    for (const m of members) {
      if (!this.memberAction.has(m.memberId)) {
        throw fail('NOT_FOUND', `${this.where(what)}: member ${m.memberId} does not exist`);
      }
      if (seen.has(m.memberId)) {
        throw fail('INVALID_ARGUMENT', `${this.where(what)}: member ${m.memberId} is listed twice`);
      }
      if (!Number.isInteger(m.weight) || m.weight < 1 || m.weight > 0x7fffffff) {
        throw fail(
          'INVALID_ARGUMENT',
          `${this.where(what)}: member ${m.memberId} has weight ${m.weight}; expected >= 1`,
        );
      }
      seen.add(m.memberId);
      total += m.weight;
    }
    const used = this.options.groupSizeSemantics === 'sumOfMembers' ? members.length : total;
    const cap = maxSize > 0 ? maxSize : limit > 0 ? limit : this.options.size;
    if (used > cap) {
      throw fail(
        'RESOURCE_EXHAUSTED',
        `${this.where(what)}: size ${used} exceeds the maximum ${cap}`,
      );
    }
    const cumulative = new Float64Array(members.length);
    let acc = 0;
    members.forEach((m, i) => (cumulative[i] = acc += m.weight));
    return {
      members: Object.freeze(members.map((m) => Object.freeze({ ...m }))),
      maxSize,
      memberIds: Int32Array.from(members, (m) => m.memberId),
      cumulative,
      total,
    };
  }

  private adjustMembers(group: Group, delta: number): void {
    for (const m of group.members) {
      this.memberRefs.set(m.memberId, (this.memberRefs.get(m.memberId) ?? 0) + delta);
    }
  }

  /** Adds group `groupId` with `members` (each member at most once, weight >= 1). */
  insertGroup(groupId: number, members: readonly GroupMember[], maxSize = 0): void {
    this.checkId(groupId, 'group');
    if (this.groupsById.has(groupId)) {
      throw fail('ALREADY_EXISTS', `${this.where(`group ${groupId}`)} already exists`);
    }
    const group = this.buildGroup(groupId, members, maxSize);
    const maxGroups = this.options.maxGroups ?? this.options.size;
    if (this.groupsById.size >= maxGroups) {
      throw fail('RESOURCE_EXHAUSTED', `${this.where('')}is full (${maxGroups} groups)`);
    }
    this.adjustMembers(group, +1);
    this.groupsById.set(groupId, group);
  }

  /** Replaces the members of group `groupId` (all at once). */
  modifyGroup(groupId: number, members: readonly GroupMember[], maxSize?: number): void {
    const old = this.groupsById.get(groupId);
    if (old === undefined)
      throw fail('NOT_FOUND', `${this.where(`group ${groupId}`)} does not exist`);
    const group = this.buildGroup(groupId, members, maxSize ?? old.maxSize);
    this.adjustMembers(group, +1);
    this.adjustMembers(old, -1);
    this.groupsById.set(groupId, group);
  }

  /** Deletes group `groupId`; FAILED_PRECONDITION while a table entry uses it. */
  deleteGroup(groupId: number): void {
    const group = this.groupsById.get(groupId);
    if (group === undefined)
      throw fail('NOT_FOUND', `${this.where(`group ${groupId}`)} does not exist`);
    const refs = this.groupRefs.get(groupId) ?? 0;
    if (refs > 0) {
      throw fail(
        'FAILED_PRECONDITION',
        `${this.where(`group ${groupId}`)} is still used by ${refs} table entr(ies)`,
      );
    }
    this.adjustMembers(group, -1);
    this.groupsById.delete(groupId);
  }

  /** Group `groupId` as read back, or undefined. */
  group(groupId: number): GroupView | undefined {
    const g = this.groupsById.get(groupId);
    return g === undefined ? undefined : { groupId, members: g.members, maxSize: g.maxSize };
  }

  /** All groups in id order. */
  groups(): GroupView[] {
    return [...this.groupsById.keys()].sort((a, b) => a - b).map((id) => this.group(id)!);
  }

  /**
   * Member of group `groupId` chosen by a 32-bit flow hash, each member getting `weight`
   * shares of the hash space; -1 if the group is unknown or empty.
   */
  selectMember(groupId: number, hash: number): number {
    const g = this.groupsById.get(groupId);
    if (g === undefined || g.total === 0) return -1;
    const x = (hash >>> 0) % g.total;
    const c = g.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return g.memberIds[lo];
  }

  /** Action of the member selectMember would choose, or undefined. */
  select(groupId: number, hash: number): ActionCall | undefined {
    const m = this.selectMember(groupId, hash);
    return m < 0 ? undefined : this.memberAction.get(m);
  }

  /** True if member `memberId` exists. */
  hasMember(memberId: number): boolean {
    return this.memberAction.has(memberId);
  }

  /** True if group `groupId` exists. */
  hasGroup(groupId: number): boolean {
    return this.groupsById.has(groupId);
  }

  /** Reference count of a member (groups + table entries), for diagnostics and tests. */
  memberRefCount(memberId: number): number {
    return this.memberRefs.get(memberId) ?? 0;
  }

  /** Counts a table entry's use of member `memberId` (+1 or -1). */
  refMember(memberId: number, delta: 1 | -1): void {
    this.memberRefs.set(memberId, (this.memberRefs.get(memberId) ?? 0) + delta);
  }

  /** Counts a table entry's use of group `groupId` (+1 or -1). */
  refGroup(groupId: number, delta: 1 | -1): void {
    this.groupRefs.set(groupId, (this.groupRefs.get(groupId) ?? 0) + delta);
  }
}

/** Action chosen from a one-shot action set by a 32-bit hash, weighted like a group. */
export function selectFromActionSet(
  actions: readonly WeightedAction[],
  hash: number,
): ActionCall | undefined {
  let total = 0;
  for (const a of actions) total += a.weight;
  if (total === 0) return undefined;
  let x = (hash >>> 0) % total;
  for (const a of actions) {
    if (x < a.weight) return a.action;
    x -= a.weight;
  }
  return undefined;
}

function freezeCall(action: ActionCall): ActionCall {
  return Object.freeze({
    actionId: action.actionId,
    params: Object.freeze(action.params.map((p) => p.slice())),
  });
}
