/** Which slices change holder between two maps of a service: one ssa.slices MODIFY each. */
import { DomainError, type SliceMap } from '../domain';

/**
 * Indexes of the slices of `next` whose holder differs from `prev`, ascending. With no `prev`,
 * or other slice bits (every slice prefix changes), every slice of `next` is listed.
 */
export function changedSlices(prev: SliceMap | undefined, next: SliceMap): Uint32Array {
  if (prev !== undefined && prev.service !== next.service) {
    throw new DomainError('prev.service', prev.service, `a map of '${next.service}'`);
  }
  if (prev === undefined || prev.sliceBits !== next.sliceBits) {
    return Uint32Array.from({ length: next.size }, (_, i) => i);
  }
  // Compare ids through a holder-table translation, not per-slice strings.
  const same = new Uint32Array(prev.holders.length);
  const index = new Map(next.holders.map((h, i) => [h, i]));
  prev.holders.forEach((h, i) => (same[i] = index.get(h) ?? 0xffffffff));
  const out: number[] = [];
  const before = prev.ordinals();
  const after = next.ordinals();
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    const mapped = a === 0xffffffff ? 0xffffffff : same[a];
    if (mapped !== b) out.push(i);
  }
  return Uint32Array.from(out);
}
