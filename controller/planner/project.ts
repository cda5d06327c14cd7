/**
 * A previous slice map carried to new slice bits, before any rebalancing. Splitting (s grows by
 * d) is exact: slice i becomes slices i·2^d .. i·2^d + 2^d - 1, all with i's holder, so no address
 * changes hands. Merging (s shrinks by d) can keep only one holder per merged slice: the one
 * holding most of its 2^d parts among `keep` (the instances still eligible), ties to the lowest
 * id, so the fewest addresses change hands.
 */
import { DomainError, MAX_SLICE_BITS, NO_HOLDER, SliceMap, compareIds } from '../domain';

// A module constant: the index's re-exports are getters, too slow inside per-slice loops.
const NONE: number = NO_HOLDER;

/** Holders of the previous map as ordinals of the new member table (NO_HOLDER if gone). */
export function translate(previous: SliceMap, members: readonly string[]): Uint32Array {
  const out = new Uint32Array(previous.holders.length).fill(NONE);
  // Both tables are sorted by compareIds: one merge-join pass.
  let j = 0;
  previous.holders.forEach((h, i) => {
    while (j < members.length && members[j] < h) j++;
    if (j < members.length && members[j] === h) out[i] = j;
  });
  return out;
}

/**
 * Ordinals (into `members`) per slice at `sliceBits`, from `previous` at any slice bits.
 * Slices whose holder is not a member get NO_HOLDER. `prevSlots` is previous.ordinals().
 */
export function projectOrdinals(
  previous: SliceMap,
  sliceBits: number,
  members: readonly string[],
  prevSlots: Uint32Array = previous.ordinals(),
): Uint32Array {
  const tr = translate(previous, members);
  const n = 2 ** sliceBits;
  const out = new Uint32Array(n);
  const d = sliceBits - previous.sliceBits;
  if (d >= 0) {
    for (let i = 0; i < n; i++) {
      const o = prevSlots[i >> d];
      out[i] = o === NONE ? NONE : tr[o];
    }
    return out;
  }
  const parts = 2 ** -d;
  const votes = new Uint32Array(members.length);
  const touched: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let c = j * parts; c < (j + 1) * parts; c++) {
      const o = prevSlots[c];
      const m = o === NONE ? NONE : tr[o];
      if (m === NONE) continue;
      if (votes[m]++ === 0) touched.push(m);
    }
    let best = NONE;
    for (const m of touched) {
      if (best === NONE || votes[m] > votes[best] || (votes[m] === votes[best] && m < best)) {
        best = m;
      }
    }
    for (const m of touched) votes[m] = 0;
    touched.length = 0;
    out[j] = best;
  }
  return out;
}

/** `previous` carried to `sliceBits` (see the file comment); holders outside `keep` drop out. */
export function projectSlices(
  previous: SliceMap,
  sliceBits: number,
  keep?: readonly string[],
): SliceMap {
  const members = keep === undefined ? previous.holders : [...new Set(keep)].sort(compareIds);
  if (sliceBits < 0 || sliceBits > MAX_SLICE_BITS || !Number.isInteger(sliceBits)) {
    throw new DomainError('sliceBits', sliceBits, `an integer 0..${MAX_SLICE_BITS}`);
  }
  return SliceMap.adopt(
    previous.service,
    sliceBits,
    members,
    projectOrdinals(previous, sliceBits, members),
  );
}
