import { assignBuckets, bucketTargets } from './buckets';
import { MAX_WEIGHTED_SLOTS, metricSlots, plainSlots, weightedSlots } from './slots';

describe('SAR NHIB slots', () => {
  it.each([
    ['3:1', [3, 1], ['a', 'a', 'a', 'b']],
    ['gcd reduced 20:10', [20, 10], ['a', 'a', 'b']],
    ['equal weights, one slot each', [5, 5, 5], ['a', 'b', 'c']],
    ['weight 0 gets no slot', [2, 0], ['a']],
  ])('weighted %s', (_n, weights, expected) => {
    const members = weights.map((weight, i) => ({ key: 'abc'[i], weight }));
    expect(weightedSlots(members)).toEqual(expected);
  });

  it('bounds weighted slots, keeping every member and the proportions within one slot', () => {
    const members = [
      { key: 'a', weight: 1000 },
      { key: 'b', weight: 333 },
      { key: 'c', weight: 1 },
    ];
    const slots = weightedSlots(members);
    expect(slots).toHaveLength(MAX_WEIGHTED_SLOTS);
    const count = (k: string) => slots.filter((s) => s === k).length;
    expect(count('c')).toBe(1);
    // 1 + share of the 61 spare slots: a 45.8, b 15.2.
    expect(count('a')).toBe(47);
    expect(count('b')).toBe(16);
  });

  it('gives each of more members than the bound one slot', () => {
    const members = Array.from({ length: 70 }, (_, i) => ({ key: `m${i}`, weight: i + 1 }));
    expect(weightedSlots(members)).toHaveLength(70);
  });

  it('puts the lowest metric in slot 0 (ties by key), leaving drained members out', () => {
    const slots = metricSlots([
      { key: 'b', weight: 1, metric: 5 },
      { key: 'a', weight: 1, metric: 5 },
      { key: 'c', weight: 1, metric: 1 },
      { key: 'd', weight: 0, metric: 0 },
    ]);
    expect(slots).toEqual(['c', 'a', 'b']);
  });

  it('gives one slot per member in key order for the other modes', () => {
    expect(
      plainSlots([
        { key: 'z', weight: 9 },
        { key: 'y', weight: 1 },
      ]),
    ).toEqual(['y', 'z']);
  });
});

describe('MSLB buckets', () => {
  const bs = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `b${i}`, weight: 1 }));

  it('fills every bucket, balanced within one', () => {
    const out = assignBuckets(256, bs(3));
    expect(out.every((b) => b !== undefined)).toBe(true);
    const counts = ['b0', 'b1', 'b2'].map((k) => out.filter((x) => x === k).length);
    expect(counts.sort()).toEqual([85, 85, 86]);
  });

  it('gives weighted shares by largest remainder', () => {
    expect(
      bucketTargets(8, [
        { key: 'a', weight: 3 },
        { key: 'b', weight: 1 },
      ]),
    ).toEqual([6, 2]);
  });

  it('is stable: a B leaving moves few buckets besides its own', () => {
    const before = assignBuckets(256, bs(4));
    const after = assignBuckets(256, bs(3));
    const lost = before.filter((b) => b === 'b3').length;
    const movedOthers = before.filter((b, i) => b !== 'b3' && after[i] !== b).length;
    // A full reshuffle would move about 3/4 of the 192 others; rendezvous keeps most.
    expect(lost).toBe(64);
    expect(movedOthers).toBeLessThan(40);
  });

  it('leaves buckets empty without a B', () => {
    expect(assignBuckets(4, [])).toEqual([undefined, undefined, undefined, undefined]);
  });
});
