/**
 * A previous slice map carried to new slice bits, before any rebalancing. Splitting (s grows by
 * d) is exact: slice i becomes slices i·2^d .. i·2^d + 2^d - 1, all with i's holder, so no address
 * changes hands. Merging (s shrinks by d) can keep only one holder per merged slice: the one
 * holding most of its 2^d parts among the members (the instances still eligible), ties to the
 * lowest id, so the fewest addresses change hands.
 */
import { DomainError, MAX_SLICE_BITS, SliceMap, compareIds } from '../domain';

// Inside the planner ordinals live in Int32Arrays with -1 for "no holder": the same bits as
// SliceMap's Uint32Array and NO_HOLDER, but small integers that V8 keeps unboxed.
const NONE = -1;

/** The carried map: ordinals of the members per slice, counts per member, slices given up. */
export interface Carried {
  readonly slots: Int32Array;
  /** Slices each member holds in `slots`. */
  readonly old: Uint32Array;
  /** Slices (at the new slice bits) whose previous holder is not a member any more. */
  readonly gone: number;
}

/** An Int32Array view of a copy of a map's ordinals (NO_HOLDER reads as -1). */
export function signedOrdinals(map: SliceMap): Int32Array {
  const u = map.ordinals();
  return new Int32Array(u.buffer, u.byteOffset, u.length);
}

/** Holders of the previous map as ordinals of the new member table (-1 if gone). */
export function translate(previous: SliceMap, members: readonly string[]): Int32Array {
  const holders = previous.holders;
  const out = new Int32Array(holders.length).fill(NONE);
  // Both tables are sorted in code-unit order: one merge-join pass.
  let j = 0;
  for (let i = 0; i < holders.length && j < members.length; i++) {
    const h = holders[i];
    if (members[j] !== h) {
      while (j < members.length && members[j] < h) j++;
      if (j === members.length || members[j] !== h) continue;
    }
    out[i] = j++;
  }
  return out;
}

/** Carries `previous` to `sliceBits` over `members` (sorted ids); see the file comment. */
export function carry(previous: SliceMap, sliceBits: number, members: readonly string[]): Carried {
  const prevSlots = signedOrdinals(previous);
  const tr = translate(previous, members);
  const n = 2 ** sliceBits;
  const slots = new Int32Array(n);
  const old = new Uint32Array(members.length);
  let gone = 0;
  const d = sliceBits - previous.sliceBits;
  if (d >= 0) {
    for (let i = 0; i < n; i++) {
      const o = prevSlots[i >> d];
      const m = o === NONE ? NONE : tr[o];
      slots[i] = m;
      if (m !== NONE) old[m]++;
      else if (o !== NONE) gone++;
    }
    return { slots, old, gone };
  }
  const parts = 2 ** -d;
  const votes = new Uint32Array(members.length);
  const touched: number[] = [];
  for (let j = 0; j < n; j++) {
    let held = false;
    for (let c = j * parts; c < (j + 1) * parts; c++) {
      const o = prevSlots[c];
      if (o === NONE) continue;
      held = true;
      const m = tr[o];
      if (m !== NONE && votes[m]++ === 0) touched.push(m);
    }
    let best = NONE;
    for (const m of touched) {
      if (best === NONE || votes[m] > votes[best] || (votes[m] === votes[best] && m < best)) {
        best = m;
      }
    }
    for (const m of touched) votes[m] = 0;
    touched.length = 0;
    slots[j] = best;
    if (best !== NONE) old[best]++;
    else if (held) gone++;
  }
  return { slots, old, gone };
}

/** `previous` carried to `sliceBits`; holders outside `keep` (default: all) drop out. */
export function projectSlices(
  previous: SliceMap,
  sliceBits: number,
  keep?: readonly string[],
): SliceMap {
  const members = keep === undefined ? previous.holders : [...new Set(keep)].sort(compareIds);
  if (sliceBits < 0 || sliceBits > MAX_SLICE_BITS || !Number.isInteger(sliceBits)) {
    throw new DomainError('sliceBits', sliceBits, `an integer 0..${MAX_SLICE_BITS}`);
  }
  const { slots } = carry(previous, sliceBits, members);
  return SliceMap.adopt(previous.service, sliceBits, members, new Uint32Array(slots.buffer));
}
