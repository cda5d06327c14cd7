import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainError, DomainState, SliceMap } from '../domain';
import { changedSlices } from './diff';
import { planService, planSlices, type PlanMember } from './plan';
import { projectSlices } from './project';

const SVC = 'video.example';

/** Holder ids per slice as a compact string ('aabb', '.' for none), for readable tables. */
const show = (m: SliceMap) =>
  Array.from({ length: m.size }, (_, i) => m.holderOf(i) ?? '.').join('');
const map = (text: string) =>
  SliceMap.fromIds(
    SVC,
    Math.log2(text.length),
    [...text].map((c) => (c === '.' ? undefined : c)),
  );
const plan = (sliceBits: number, instances: PlanMember[], previous?: string) =>
  planSlices({
    service: SVC,
    sliceBits,
    instances,
    previous: previous ? map(previous) : undefined,
  });

describe('planSlices', () => {
  it.each<[string, number, PlanMember[], string | undefined, string, number]>([
    // what, s, instances, previous map, expected map, moved
    [
      'first plan, equal weights',
      2,
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      undefined,
      'aabb',
      0,
    ],
    [
      'first plan, input order does not matter',
      2,
      [
        { id: 'b', weight: 1 },
        { id: 'a', weight: 1 },
      ],
      undefined,
      'aabb',
      0,
    ],
    [
      '2:1 on 4 slices: the larger remainder gets the ceil',
      2,
      [
        { id: 'a', weight: 2 },
        { id: 'b', weight: 1 },
      ],
      undefined,
      'aaab',
      0,
    ],
    [
      'an instance added takes one slice from each',
      3,
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
        { id: 'c', weight: 1 },
        { id: 'd', weight: 1 },
      ],
      'aaaabbbb',
      'aaccbbdd',
      4,
    ],
    [
      'a removed instance: only its slices move',
      2,
      [
        { id: 'a', weight: 1 },
        { id: 'c', weight: 1 },
      ],
      'abca',
      'acca',
      1,
    ],
    [
      'a drained instance holds nothing',
      2,
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1, state: 'draining' },
      ],
      'aabb',
      'aaaa',
      2,
    ],
    [
      'weight 0 holds nothing',
      1,
      [
        { id: 'a', weight: 0 },
        { id: 'b', weight: 5 },
      ],
      'ab',
      'bb',
      1,
    ],
    [
      'nobody eligible: every slice without holder',
      1,
      [{ id: 'a', weight: 1, state: 'down' }],
      'aa',
      '..',
      2,
    ],
    [
      'holes are filled without counting as moves',
      2,
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      'a..b',
      'aabb',
      0,
    ],
    [
      'a weight change moves only the excess',
      2,
      [
        { id: 'a', weight: 3 },
        { id: 'b', weight: 1 },
      ],
      'abab',
      'abaa',
      1,
    ],
    [
      'an over-share keeps its lowest slices',
      2,
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      'bbbb',
      'bbaa',
      2,
    ],
  ])('%s', (_what, s, instances, previous, expected, moved) => {
    const r = plan(s, instances, previous);
    expect(show(r.map)).toBe(expected);
    expect(r.moved).toBe(moved);
    expect(r.lowerBound).toBe(moved);
  });

  it('splits without moving an address, and a merge back restores the map', () => {
    const members = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 2 },
      { id: 'c', weight: 1 },
    ];
    const base = plan(3, members).map;
    const split = planSlices({ service: SVC, sliceBits: 5, instances: members, previous: base });
    expect(split.moved).toBe(0);
    for (let i = 0; i < split.map.size; i++)
      expect(split.map.holderOf(i)).toBe(base.holderOf(i >> 2));
    const merged = planSlices({
      service: SVC,
      sliceBits: 3,
      instances: members,
      previous: split.map,
    });
    expect(merged.moved).toBe(0);
    expect(merged.map.equals(base)).toBe(true);
  });

  it('merges to the majority holder of each slice pair, ties to the lower id', () => {
    expect(show(projectSlices(map('aabbabba'), 2))).toBe('abaa');
    expect(show(projectSlices(map('abba'), 0))).toBe('a');
    expect(show(projectSlices(map('abba'), 1, ['b']))).toBe('bb');
  });

  it('is the same map for the same input, whatever the order of instances', () => {
    const members = Array.from({ length: 50 }, (_, i) => ({ id: `i${i}`, weight: 1 + (i % 7) }));
    const a = plan(10, members).map;
    const b = plan(10, [...members].reverse()).map;
    expect(a.equals(b)).toBe(true);
  });

  it.each<[string, Partial<Parameters<typeof planSlices>[0]>, string]>([
    ['slice bits past 20', { sliceBits: 21 }, 'sliceBits'],
    ['a negative weight', { instances: [{ id: 'a', weight: -1 }] }, 'instances[0].weight'],
    ['a fractional weight', { instances: [{ id: 'a', weight: 1.5 }] }, 'instances[0].weight'],
    [
      'a repeated id',
      {
        instances: [
          { id: 'a', weight: 1 },
          { id: 'a', weight: 2 },
        ],
      },
      'instances',
    ],
    [
      'the map of another service',
      { previous: SliceMap.fromIds('other.example', 0, ['a']) },
      'previous.service',
    ],
  ])('refuses %s', (_what, change, field) => {
    let err: unknown;
    try {
      planSlices({ service: SVC, sliceBits: 2, instances: [{ id: 'a', weight: 1 }], ...change });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).field).toBe(field);
  });

  it('plans a service of a DomainState from its instances and map', () => {
    const state = DomainState.create(EXAMPLE);
    const r = planService(state, SVC);
    // video-a weight 2, video-b weight 1 on 4 slices: the stored map is already balanced.
    expect(r.map.equals(state.sliceMap(SVC) as SliceMap)).toBe(true);
    expect(r.map.holderOf(3)).toBe('video-b');
    expect(r.moved).toBe(0);
    expect(() => planService(state, 'nope.example')).toThrow(DomainError);
  });
});

describe('changedSlices', () => {
  it('lists the slices whose holder changed', () => {
    expect(Array.from(changedSlices(map('aabb'), map('abab')))).toEqual([1, 2]);
    expect(Array.from(changedSlices(map('aabb'), map('aabb')))).toEqual([]);
    expect(Array.from(changedSlices(map('aab.'), map('aabb')))).toEqual([3]);
  });

  it('lists every slice with no previous map or other slice bits', () => {
    expect(Array.from(changedSlices(undefined, map('ab')))).toEqual([0, 1]);
    expect(Array.from(changedSlices(map('aabb'), map('ab')))).toEqual([0, 1]);
  });
});
