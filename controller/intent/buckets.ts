/**
 * MSLB-F buckets (mslb.f_buckets): which B each of the 2^bits buckets of a service sends its
 * flows to. Balanced: each B gets its weighted share of buckets (largest remainder, within one
 * bucket). Stable without stored state: each bucket ranks the Bs by a hash of (B, bucket)
 * (rendezvous hashing) and takes the best one with room left, so a B joining or leaving moves
 * mostly the buckets it gains or loses, not a reshuffle of all.
 *
 *   assignBuckets(4, [{ key: 'b1', weight: 1 }, { key: 'b2', weight: 1 }]) // 2 buckets each
 */

/** A B as the bucket layout sees it. */
export interface BucketMember {
  readonly key: string;
  readonly weight: number;
}

/** FNV-1a, 32 bits: a fixed, platform-independent hash (never Math.random or Map order). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche so that keys differing in one character spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** Buckets per member: the weighted shares of `count`, largest remainder, ties by key. */
export function bucketTargets(count: number, members: readonly BucketMember[]): number[] {
  const total = members.reduce((a, m) => a + m.weight, 0);
  if (total === 0) return members.map(() => 0);
  const exact = members.map((m) => (m.weight / total) * count);
  const out = exact.map(Math.floor);
  let left = count - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, r: e - Math.floor(e), key: members[i].key }))
    .sort((a, b) => b.r - a.r || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { i } of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/** The member key of each bucket 0..count-1 (empty members: every bucket undefined). */
export function assignBuckets(
  count: number,
  members: readonly BucketMember[],
): (string | undefined)[] {
  const live = members.filter((m) => m.weight > 0);
  const room = bucketTargets(count, live);
  const out: (string | undefined)[] = [];
  for (let b = 0; b < count; b++) {
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < live.length; i++) {
      if (room[i] === 0) continue;
      const score = fnv1a(`${live[i].key}#${b}`);
      if (score > bestScore || (score === bestScore && live[i].key < live[best].key)) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) out.push(undefined);
    else {
      room[best]--;
      out.push(live[best].key);
    }
  }
  return out;
}
