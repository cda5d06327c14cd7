import { ActionProfile, selectFromActionSet, type ActionProfileOptions } from './action-profile';
import { TableError } from './errors';
import { Rng } from './reference';
import { MISS, Table } from './table';
import type { ActionCall } from './types';

const hop = (n: number): ActionCall => ({ actionId: 7, params: [Uint8Array.of(n)] });

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TableError);
    return `${(e as TableError).kind}: ${(e as TableError).message}`;
  }
  throw new Error('expected a TableError');
}

function profile(extra: Partial<ActionProfileOptions> = {}): ActionProfile {
  const p = new ActionProfile({
    name: 'ecmp',
    size: 8,
    withSelector: true,
    maxGroupSize: 10,
    ...extra,
  });
  for (let m = 1; m <= 4; m++) p.insertMember(m, hop(m));
  return p;
}

describe('ActionProfile members and groups', () => {
  it('adds, modifies, reads and deletes members', () => {
    const p = profile();
    expect(p.member(2)).toEqual(hop(2));
    p.modifyMember(2, hop(20));
    expect(p.member(2)).toEqual(hop(20));
    p.deleteMember(2);
    expect(p.members().map((m) => m.memberId)).toEqual([1, 3, 4]);
  });

  it.each<[string, (p: ActionProfile) => void, RegExp]>([
    [
      'a duplicate member',
      (p) => p.insertMember(1, hop(1)),
      /^ALREADY_EXISTS: action profile 'ecmp' member 1 already exists/,
    ],
    ['a missing member', (p) => p.modifyMember(9, hop(1)), /^NOT_FOUND: .*member 9 does not exist/],
    [
      'too many members',
      (p) => [5, 6, 7, 8, 9].forEach((m) => p.insertMember(m, hop(m))),
      /^RESOURCE_EXHAUSTED: .*8 members/,
    ],
    [
      'a group with an unknown member',
      (p) => p.insertGroup(1, [{ memberId: 9, weight: 1 }]),
      /^NOT_FOUND: .*member 9 does not exist/,
    ],
    [
      'a member listed twice',
      (p) =>
        p.insertGroup(1, [
          { memberId: 1, weight: 1 },
          { memberId: 1, weight: 2 },
        ]),
      /listed twice/,
    ],
    [
      'a zero weight',
      (p) => p.insertGroup(1, [{ memberId: 1, weight: 0 }]),
      /^INVALID_ARGUMENT: .*weight 0/,
    ],
    [
      'a group over the max size',
      (p) =>
        p.insertGroup(1, [
          { memberId: 1, weight: 6 },
          { memberId: 2, weight: 5 },
        ]),
      /^RESOURCE_EXHAUSTED: .*size 11 exceeds the maximum 10/,
    ],
    [
      'deleting a member in a group',
      (p) => {
        p.insertGroup(1, [{ memberId: 1, weight: 1 }]);
        p.deleteMember(1);
      },
      /^FAILED_PRECONDITION: .*member 1 is still used by 1/,
    ],
    ['a missing group', (p) => p.modifyGroup(5, []), /^NOT_FOUND: .*group 5 does not exist/],
  ])('refuses %s', (_what, op, expected) => {
    const p = profile();
    expect(kindOf(() => op(p))).toMatch(expected);
  });

  it('counts group size by members when told to', () => {
    const p = profile({ groupSizeSemantics: 'sumOfMembers', maxGroupSize: 2 });
    p.insertGroup(1, [
      { memberId: 1, weight: 100 },
      { memberId: 2, weight: 100 },
    ]);
    expect(
      kindOf(() =>
        p.modifyGroup(
          1,
          [1, 2, 3].map((memberId) => ({ memberId, weight: 1 })),
        ),
      ),
    ).toMatch(/RESOURCE_EXHAUSTED/);
    expect(p.group(1)?.members).toHaveLength(2); // unchanged by the failed modify
  });

  it('tracks member references through group changes', () => {
    const p = profile();
    p.insertGroup(1, [
      { memberId: 1, weight: 1 },
      { memberId: 2, weight: 1 },
    ]);
    p.modifyGroup(1, [{ memberId: 2, weight: 3 }]);
    expect(p.memberRefCount(1)).toBe(0);
    expect(p.memberRefCount(2)).toBe(1);
    p.deleteMember(1);
    p.deleteGroup(1);
    p.deleteMember(2);
    expect(p.groups()).toEqual([]);
  });

  it('refuses groups on a profile without a selector', () => {
    const p = profile({ withSelector: false });
    expect(kindOf(() => p.insertGroup(1, [{ memberId: 1, weight: 1 }]))).toMatch(
      /^INVALID_ARGUMENT: .*no selector/,
    );
  });
});

describe('selection', () => {
  it('gives each member of a group its weight in shares of the hash space', () => {
    const p = profile();
    p.insertGroup(1, [
      { memberId: 1, weight: 1 },
      { memberId: 2, weight: 2 },
      { memberId: 4, weight: 5 },
    ]);
    const rng = new Rng(3);
    const counts = new Map<number, number>();
    const n = 80_000;
    for (let i = 0; i < n; i++) {
      const m = p.selectMember(1, rng.next());
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 4]);
    expect(counts.get(1)! / n).toBeCloseTo(1 / 8, 1);
    expect(counts.get(2)! / n).toBeCloseTo(2 / 8, 1);
    expect(Math.abs(counts.get(4)! / n - 5 / 8)).toBeLessThan(0.01);
    // The same hash always picks the same member; the action is the member's.
    expect(p.select(1, 12345)).toEqual(hop(p.selectMember(1, 12345)));
    expect(p.selectMember(1, 12345)).toBe(p.selectMember(1, 12345));
  });

  it('selects nothing from an empty or unknown group', () => {
    const p = profile();
    p.insertGroup(2, []);
    expect(p.selectMember(2, 1)).toBe(-1);
    expect(p.select(3, 1)).toBeUndefined();
  });

  it('weights one-shot action sets the same way', () => {
    const set = [
      { action: hop(1), weight: 3 },
      { action: hop(2), weight: 1 },
    ];
    const picks = [0, 1, 2, 3, 4, 5, 6, 7].map((h) => selectFromActionSet(set, h)?.params[0][0]);
    expect(picks).toEqual([1, 1, 1, 2, 1, 1, 1, 2]);
  });
});

describe('indirect tables', () => {
  const fields = [{ name: 'flow', bitwidth: 8, matchKind: 'exact' as const }];
  const key = (v: number) => [{ kind: 'exact' as const, value: Uint8Array.of(v) }];

  it('refer to members and groups, which cannot be deleted while used', () => {
    const p = profile();
    p.insertGroup(10, [{ memberId: 3, weight: 1 }]);
    const t = new Table({ name: 'ecmp_table', fields, size: 4, actionProfile: p });
    const a = t.insert({ match: key(1), action: { kind: 'member', memberId: 1 } });
    t.insert({ match: key(2), action: { kind: 'group', groupId: 10 } });
    expect(t.actionOf(a)).toEqual({ kind: 'member', memberId: 1 });
    expect(kindOf(() => p.deleteMember(1))).toMatch(/^FAILED_PRECONDITION/);
    expect(kindOf(() => p.deleteGroup(10))).toMatch(
      /^FAILED_PRECONDITION: .*group 10 is still used by 1 table/,
    );
    t.modify(key(1), 0, { action: { kind: 'member', memberId: 2 } });
    p.deleteMember(1);
    t.clear();
    p.deleteGroup(10);
    p.deleteMember(2);
    expect(t.lookup(Uint8Array.of(1))).toBe(MISS);
  });

  it('refuse unknown members, direct actions and bad action sets', () => {
    const t = new Table({ name: 'ecmp_table', fields, size: 4, actionProfile: profile() });
    expect(
      kindOf(() => t.insert({ match: key(1), action: { kind: 'member', memberId: 99 } })),
    ).toMatch(/^NOT_FOUND: table 'ecmp_table': member 99 of action profile 'ecmp' does not exist/);
    expect(
      kindOf(() => t.insert({ match: key(1), action: { kind: 'group', groupId: 99 } })),
    ).toMatch(/^NOT_FOUND/);
    expect(
      kindOf(() => t.insert({ match: key(1), action: { kind: 'action', ...hop(1) } })),
    ).toMatch(/^INVALID_ARGUMENT: .*a direct action is not allowed/);
    expect(
      kindOf(() => t.insert({ match: key(1), action: { kind: 'actionSet', actions: [] } })),
    ).toMatch(/must not be empty/);
    expect(
      kindOf(() =>
        t.insert({
          match: key(1),
          action: { kind: 'actionSet', actions: [{ action: hop(1), weight: 11 }] },
        }),
      ),
    ).toMatch(/^RESOURCE_EXHAUSTED: .*exceeds max group size 10/);
    const h = t.insert({
      match: key(1),
      action: { kind: 'actionSet', actions: [{ action: hop(1), weight: 2 }] },
    });
    expect(t.actionOf(h)).toMatchObject({ kind: 'actionSet' });
    const direct = new Table({ name: 'plain', fields, size: 1 });
    expect(
      kindOf(() => direct.insert({ match: key(1), action: { kind: 'member', memberId: 1 } })),
    ).toMatch(/direct table takes direct actions/);
  });
});
