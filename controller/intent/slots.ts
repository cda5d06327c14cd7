/**
 * SAR NHIB slots (docs/dataplane.md, sar.fib modes): which member fills each slot 0..members-1.
 * Weighted mode replicates members in proportion to their weights within a bounded slot count;
 * lowest-metric mode puts the lowest-metric member in slot 0; the other modes give each member
 * one slot. Members are ordered by key so every replica writes the same slots.
 *
 *   weightedSlots([{ key: 'a', weight: 3 }, { key: 'b', weight: 1 }], 64) // ['a','a','a','b']
 */

/** Slots one weighted service may use at most (sar.nhib holds 65,536 in all). */
export const MAX_WEIGHTED_SLOTS = 64;

/** A member as the slot layout sees it. */
export interface SlotMember {
  readonly key: string;
  readonly weight: number;
  readonly metric?: number;
}

const byKey = (a: SlotMember, b: SlotMember) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Weighted slots: weights divided by their gcd; if they still sum above `max`, scaled to `max`
 * by largest remainder with at least one slot each (so no member with weight > 0 is lost).
 * Members with weight 0 get none. More members than `max` each get one slot.
 */
export function weightedSlots(members: readonly SlotMember[], max = MAX_WEIGHTED_SLOTS): string[] {
  const live = members.filter((m) => m.weight > 0).sort(byKey);
  if (live.length === 0) return [];
  const g = live.reduce((acc, m) => gcd(acc, m.weight), 0);
  let counts = live.map((m) => m.weight / g);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total > max) {
    if (live.length >= max) counts = live.map(() => 1);
    else {
      // One slot each, then the rest by largest remainder of the weighted share.
      const spare = max - live.length;
      const wsum = live.reduce((a, m) => a + m.weight, 0);
      const exact = live.map((m) => (m.weight / wsum) * spare);
      counts = exact.map((e) => 1 + Math.floor(e));
      let left = max - counts.reduce((a, b) => a + b, 0);
      const order = exact
        .map((e, i) => ({ i, r: e - Math.floor(e) }))
        .sort((a, b) => b.r - a.r || a.i - b.i);
      for (const { i } of order) {
        if (left-- <= 0) break;
        counts[i]++;
      }
    }
  }
  return live.flatMap((m, i) => Array<string>(counts[i]).fill(m.key));
}

/** Lowest-metric slots: every member once, lowest metric first (ties: key), slot 0 used. */
export function metricSlots(members: readonly SlotMember[]): string[] {
  return members
    .filter((m) => m.weight > 0)
    .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0) || byKey(a, b))
    .map((m) => m.key);
}

/** One slot per member, ordered by key (random, round-robin, flow-hash). */
export function plainSlots(members: readonly SlotMember[]): string[] {
  return members
    .filter((m) => m.weight > 0)
    .sort(byKey)
    .map((m) => m.key);
}
