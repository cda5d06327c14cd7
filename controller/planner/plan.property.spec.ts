/**
 * Properties of the planner over random sequences of scaling events (adds, removes, drains,
 * weight changes, slice-bit changes): balance, minimal movement and determinism, each checked
 * against a reference computed here from the maps alone.
 */
import fc from 'fast-check';
import { type InstanceState, SliceMap } from '../domain';
import { kthSmallest, planSlices, type PlanMember, type PlanResult } from './plan';

const SVC = 'video.example';

type Event =
  | { type: 'add'; weight: number }
  | { type: 'remove'; pick: number }
  | { type: 'state'; pick: number; state: InstanceState }
  | { type: 'weight'; pick: number; weight: number }
  | { type: 'slices'; s: number };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ type: fc.constant('add' as const), weight: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    type: fc.constant('state' as const),
    pick: fc.nat(),
    state: fc.constantFrom<InstanceState>('active', 'draining', 'down'),
  }),
  fc.record({
    type: fc.constant('weight' as const),
    pick: fc.nat(),
    weight: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({ type: fc.constant('slices' as const), s: fc.integer({ min: 0, max: 9 }) }),
);

const eligible = (m: PlanMember) => (m.state ?? 'active') === 'active' && m.weight > 0;

function counts(map: SliceMap): Map<string, number> {
  return map.counts();
}

/** Floor and remainder of each eligible member's exact share of n slices. */
function shares(members: PlanMember[], n: number): Map<string, { floor: number; frac: boolean }> {
  const e = members.filter(eligible);
  const total = BigInt(e.reduce((s, m) => s + m.weight, 0));
  return new Map(
    e.map((m) => {
      const a = BigInt(n) * BigInt(m.weight);
      return [m.id, { floor: Number(a / total), frac: a % total !== 0n }];
    }),
  );
}

/** Checks one planned event against the reference. */
function check(members: PlanMember[], prev: SliceMap | undefined, s: number, r: PlanResult): void {
  const n = 2 ** s;
  const got = counts(r.map);
  const sh = shares(members, n);
  // Balance: floor or ceil of the exact share; nobody else holds anything; no slice left out.
  for (const [id, c] of got) {
    const x = sh.get(id);
    expect(x).toBeDefined();
    expect(c === x?.floor || (x?.frac && c === x.floor + 1)).toBe(true);
  }
  for (const [id, x] of sh) if (x.floor > 0) expect(got.get(id)).toBeGreaterThanOrEqual(x.floor);
  const held = [...got.values()].reduce((a, b) => a + b, 0);
  expect(held).toBe(sh.size > 0 ? n : 0);

  // Movement against the previous map carried to s: same s or a split are exact, so the
  // reference is the previous holder of the enclosing slice; a merge follows the majority rule.
  let gone = 0;
  let carried: (string | undefined)[] = Array(n).fill(undefined);
  if (prev !== undefined) {
    if (s >= prev.sliceBits) {
      const d = s - prev.sliceBits;
      carried = carried.map((_, i) => prev.holderOf(i >> d));
      carried = carried.map((h) => {
        if (h !== undefined && !sh.has(h)) gone++;
        return h !== undefined && sh.has(h) ? h : undefined;
      });
    } else {
      // A merged slice goes to the eligible holder of most of its parts, ties to the lower id.
      const parts = 2 ** (prev.sliceBits - s);
      for (let j = 0; j < n; j++) {
        const votes = new Map<string, number>();
        let held = false;
        for (let c = j * parts; c < (j + 1) * parts; c++) {
          const h = prev.holderOf(c);
          if (h === undefined) continue;
          held = true;
          if (sh.has(h)) votes.set(h, (votes.get(h) ?? 0) + 1);
        }
        const ranked = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
        carried[j] = ranked[0]?.[0];
        if (carried[j] === undefined && held) gone++;
      }
    }
  }
  let moved = gone;
  const old = new Map<string, number>();
  carried.forEach((h, i) => {
    if (h === undefined) return;
    old.set(h, (old.get(h) ?? 0) + 1);
    if (r.map.holderOf(i) !== h) moved++;
  });
  let bound = gone;
  for (const [id, c] of old) bound += Math.max(0, c - (got.get(id) ?? 0));
  expect(r.moved).toBe(moved);
  expect(r.lowerBound).toBe(bound);
  expect(moved).toBe(bound);

  // The bound itself is the least any balanced map allows: a +1 (ceil) saves one move only
  // where the old count is above the floor, and there are n - sum(floors) of them to give.
  if (sh.size > 0) {
    let base = gone;
    let savers = 0;
    let spare = n;
    for (const [id, x] of sh) {
      const o = old.get(id) ?? 0;
      base += Math.max(0, o - x.floor);
      if (o > x.floor && x.frac) savers++;
      spare -= x.floor;
    }
    expect(bound).toBe(base - Math.min(spare, savers));
  }
}

function apply(members: PlanMember[], e: Event, next: () => string): PlanMember[] {
  const at = members.length === 0 ? -1 : ('pick' in e ? e.pick : 0) % members.length;
  switch (e.type) {
    case 'add':
      return [...members, { id: next(), weight: e.weight }];
    case 'remove':
      return at < 0 ? members : members.filter((_, i) => i !== at);
    case 'state':
      return members.map((m, i) => (i === at ? { ...m, state: e.state } : m));
    case 'weight':
      return members.map((m, i) => (i === at ? { ...m, weight: e.weight } : m));
    case 'slices':
      return members;
  }
}

describe('planSlices properties', () => {
  it('stays balanced, moves exactly the lower bound, and is deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 0, maxLength: 12 }),
        fc.array(event, { minLength: 1, maxLength: 25 }),
        (s0, weights, events) => {
          let counter = 0;
          // Ids with varied lengths, so code-unit order differs from insertion order.
          const next = () => `i${((counter++ * 7919) % 1000).toString(36)}-${counter}`;
          let members: PlanMember[] = weights.map((w) => ({ id: next(), weight: w }));
          let s = s0;
          let prev: SliceMap | undefined = planSlices({
            service: SVC,
            sliceBits: s,
            instances: members,
          }).map;
          for (const e of events) {
            members = apply(members, e, next);
            if (e.type === 'slices') s = e.s;
            const r = planSlices({
              service: SVC,
              sliceBits: s,
              instances: members,
              previous: prev,
            });
            check(members, prev, s, r);
            const again = planSlices({
              service: SVC,
              sliceBits: s,
              instances: [...members].reverse(),
              previous: prev,
            });
            expect(again.map.equals(r.map)).toBe(true);
            prev = r.map;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds at full size: 65,536 slices over 10,000 instances', () => {
    const members: PlanMember[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `inst-${i}`,
      weight: 1 + ((i * 31) % 9),
    }));
    const first = planSlices({ service: SVC, sliceBits: 16, instances: members });
    check(members, undefined, 16, first);
    const scaled = members
      .filter((_, i) => i % 97 !== 0)
      .map((m, i) => (i % 50 === 0 ? { ...m, weight: m.weight + 3 } : m));
    scaled.push({ id: 'inst-new', weight: 4 });
    const r = planSlices({ service: SVC, sliceBits: 16, instances: scaled, previous: first.map });
    check(scaled, first.map, 16, r);
  });
});

describe('kthSmallest', () => {
  it('finds the value of each rank, as a sort would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (xs, r0) => {
          const r = r0 % xs.length;
          const sorted = [...xs].sort((a, b) => a - b);
          expect(kthSmallest(Float64Array.from(xs), r)).toBe(sorted[r]);
        },
      ),
    );
  });
});
