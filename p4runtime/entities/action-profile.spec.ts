import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { P4SchemaError, P4ValueError } from './common';
import {
  ActionProfileGroup,
  ActionProfileMember,
  type ActionProfileGroupSpec,
  type ActionProfileMemberSpec,
} from './action-profile';

const schema = kitchenSink();
const SELECTOR = 0x11000002;
const PROFILE = 0x11000001;

describe('ActionProfileMember', () => {
  it.each<[string, ActionProfileMemberSpec, object]>([
    ['every member of every profile', {}, {}],
    ['every member of one profile', { profile: 'ecmp_selector' }, { action_profile_id: SELECTOR }],
    [
      'one member',
      { profile: 'nexthop_profile', memberId: 3 },
      { action_profile_id: PROFILE, member_id: 3 },
    ],
    [
      'a member with its action',
      {
        profile: 'nexthop_profile',
        memberId: 3,
        action: { name: 'set_next_hop', params: { port: 5, dmac: 0x10 } },
      },
      {
        action_profile_id: PROFILE,
        member_id: 3,
        action: {
          action_id: 0x01000003,
          params: [
            { param_id: 1, value: Uint8Array.of(5) },
            { param_id: 2, value: Uint8Array.of(0x10) },
          ],
        },
      },
    ],
  ])('encodes %s', (_what, spec, expected) => {
    expect(new ActionProfileMember(spec).encode(schema)).toEqual({
      action_profile_member: expected,
    });
  });

  it('round trips', () => {
    const m = new ActionProfileMember({
      profile: 'MyIngress.ecmp_selector',
      memberId: 1,
      action: { name: 'MyIngress.set_next_hop', params: { port: 1n, dmac: 2n } },
    });
    expect(
      ActionProfileMember.decode(m.encode(schema).action_profile_member ?? {}, schema),
    ).toEqual(m);
  });

  it.each<[string, ActionProfileMemberSpec, string]>([
    [
      'an unknown profile',
      { profile: 'nexthop_profle' },
      "no action profile named 'nexthop_profle'",
    ],
    [
      'an action of none of its tables',
      { profile: 'nexthop_profile', memberId: 1, action: { name: 'learn' } },
      "action profile 'MyIngress.nexthop_profile' member 1: action 'MyIngress.learn' is not an action of the profile's tables ('MyIngress.nexthop')",
    ],
    [
      'a default-only action',
      { profile: 'nexthop_profile', memberId: 1, action: { name: 'NoAction' } },
      "action 'NoAction' is not an action of the profile's tables",
    ],
    [
      'a member id without a profile',
      { memberId: 1 },
      'action profile member: a member id or action needs a profile',
    ],
  ])('refuses %s', (_what, spec, message) => {
    expect(() => new ActionProfileMember(spec).encode(schema)).toThrow(P4SchemaError);
    expect(() => new ActionProfileMember(spec).encode(schema)).toThrow(message);
  });

  it('refuses member id 0 with data and parameters that do not fit', () => {
    const bad = new ActionProfileMember({
      profile: 'nexthop_profile',
      memberId: 1,
      action: { name: 'set_next_hop', params: { port: 1, dmac: 1n << 48n } },
    });
    expect(() => bad.encode(schema)).toThrow(
      "action profile 'MyIngress.nexthop_profile' member 1 action 'MyIngress.set_next_hop' parameter 'dmac' (48 bits): value 0x1000000000000 does not fit in 48 bits",
    );
    expect(() => bad.encode(schema)).toThrow(P4ValueError);
  });
});

describe('ActionProfileGroup', () => {
  const group: ActionProfileGroupSpec = {
    profile: 'ecmp_selector',
    groupId: 7,
    maxSize: 16,
    members: [
      { member: 1, weight: 2 },
      { member: 2, watchPort: 3 },
      { member: 3, watchPort: Uint8Array.of(0, 4) },
    ],
  };

  it('encodes members with weights (default 1) and watch ports as SDN port bytestrings', () => {
    expect(new ActionProfileGroup(group).encode(schema)).toEqual({
      action_profile_group: {
        action_profile_id: SELECTOR,
        group_id: 7,
        members: [
          { member_id: 1, weight: 2 },
          { member_id: 2, weight: 1, watch_port: Uint8Array.of(3) },
          { member_id: 3, weight: 1, watch_port: Uint8Array.of(0, 4) },
        ],
        max_size: 16,
      },
    });
  });

  it('encodes read wildcards', () => {
    expect(new ActionProfileGroup().encode(schema)).toEqual({ action_profile_group: {} });
    expect(new ActionProfileGroup({ profile: SELECTOR }).encode(schema)).toEqual({
      action_profile_group: { action_profile_id: SELECTOR },
    });
  });

  it('round trips', () => {
    const g = new ActionProfileGroup({
      profile: 'MyIngress.ecmp_selector',
      groupId: 7,
      maxSize: 8,
      members: [
        { member: 1, weight: 2 },
        { member: 2, weight: 1, watchPort: 3 },
      ],
    });
    expect(ActionProfileGroup.decode(g.encode(schema).action_profile_group ?? {}, schema)).toEqual(
      g,
    );
  });

  it.each<[string, ActionProfileGroupSpec, string]>([
    [
      'a profile without selector',
      { profile: 'nexthop_profile', groupId: 1 },
      "action profile 'MyIngress.nexthop_profile' group 1: the profile has no selector, so it has no groups",
    ],
    [
      'a member listed twice',
      { ...group, members: [{ member: 1 }, { member: 1 }] },
      "action profile 'MyIngress.ecmp_selector' group 7 member #1: member 1 is listed twice (use its weight instead)",
    ],
    [
      'a weight of 0',
      { ...group, members: [{ member: 1, weight: 0 }] },
      'group 7 member #0 weight: 0 is not valid (expected > 0)',
    ],
    [
      'weights above the group size',
      {
        ...group,
        maxSize: 4,
        members: [
          { member: 1, weight: 3 },
          { member: 2, weight: 2 },
        ],
      },
      'group 7: the sum of weights 5 exceeds the group size 4',
    ],
    [
      'maxSize above max_group_size',
      { ...group, maxSize: 17 },
      "group 7: maxSize 17 is out of range (expected 1..16, the selector's max_group_size)",
    ],
    [
      'no maxSize where the selector has a max_group_size',
      { ...group, maxSize: undefined },
      "group 7: missing maxSize (the selector's max_group_size is 16, so a group needs maxSize 1..16)",
    ],
    [
      'group id 0 with members',
      { ...group, groupId: 0 },
      "action profile 'MyIngress.ecmp_selector' group 0 id: 0 (or none) is the read wildcard; a group with members needs an id >= 1",
    ],
  ])('refuses %s', (_what, spec, message) => {
    expect(() => new ActionProfileGroup(spec).encode(schema)).toThrow(message);
  });
});
