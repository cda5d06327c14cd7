/**
 * The slice planner: one slice map per service, 2^s slices, each instance within one slice of
 * its exact weighted share, and a scaling event moving the fewest slices possible.
 *
 *   const { map, moved, lowerBound } = planSlices({ service: 'video.example', sliceBits: 16,
 *     instances: state.instancesOf('video.example'), previous: state.sliceMap('video.example') });
 *
 * Pure and deterministic: ties are broken by instance id (code-unit order), never by hash or
 * iteration order, so every replica computes the same map. Docs: docs/controller.md.
 */
import {
  DomainError,
  MAX_SLICE_BITS,
  SliceMap,
  joinPath,
  type DomainState,
  type InstanceState,
} from '../domain';
import { carry } from './project';

// Ordinals in Int32Arrays, -1 for no holder (see project.ts); SliceMap gets a Uint32Array
// view of the same buffer, where -1 reads as NO_HOLDER.
const NONE = -1;

/** What the planner needs of an instance; Instance values fit. */
export interface PlanMember {
  readonly id: string;
  readonly weight: number;
  /** Only 'active' instances (the default) with weight > 0 hold slices. */
  readonly state?: InstanceState;
}

/** What planSlices takes: the service, its slice bits, its instances, its current map. */
export interface PlanInput {
  readonly service: string;
  readonly sliceBits: number;
  readonly instances: readonly PlanMember[];
  /** The current map (any slice bits), or undefined for a first plan. */
  readonly previous?: SliceMap;
}

/** A new map with the slices it moved and the least any balanced map would move. */
export interface PlanResult {
  readonly map: SliceMap;
  /** Slices whose holder changed from the previous map carried to the new slice bits. */
  readonly moved: number;
  /** The fewest moves any balanced map allows: sum over holders of max(0, old - new). */
  readonly lowerBound: number;
}

/** Largest weight, as the ANNOUNCE weight field (wire §1); keeps N·w and sums exact doubles. */
const MAX_WEIGHT = 65_535;

/** Eligible members sorted by id, with their weights; checks ids and weights. */
function eligible(instances: readonly PlanMember[]): { ids: string[]; weights: Float64Array } {
  const picked: PlanMember[] = [];
  for (let i = 0; i < instances.length; i++) {
    const m = instances[i];
    if (typeof m.id !== 'string' || m.id === '') {
      throw new DomainError(joinPath(joinPath('instances', i), 'id'), m.id, 'an instance id');
    }
    if (!Number.isInteger(m.weight) || m.weight < 0 || m.weight > MAX_WEIGHT) {
      const at = joinPath(joinPath('instances', i), 'weight');
      throw new DomainError(at, m.weight, `an integer 0..${MAX_WEIGHT}`);
    }
    if ((m.state ?? 'active') === 'active' && m.weight > 0) picked.push(m);
  }
  // Code-unit order (what compareIds does), the same on every replica; DomainState already
  // lists instances in it, so the sort is usually skipped.
  let sorted = true;
  for (let i = 1; i < picked.length && sorted; i++) sorted = picked[i - 1].id < picked[i].id;
  if (!sorted) picked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < picked.length; i++) {
    if (picked[i - 1].id === picked[i].id) {
      throw new DomainError('instances', picked[i].id, 'unique instance ids');
    }
  }
  return { ids: picked.map((m) => m.id), weights: Float64Array.from(picked, (m) => m.weight) };
}

/**
 * Targets: floor(N·w/W) each, and the R remaining slices as +1 to instances whose share is not
 * whole. Those that already hold more than their floor come first (each such +1 saves a move),
 * then the larger remainder, then the lower ordinal.
 */
export function targets(n: number, weights: Float64Array, old: Uint32Array): Uint32Array {
  const k = weights.length;
  let total = 0;
  for (let i = 0; i < k; i++) total += weights[i];
  const t = new Uint32Array(k);
  const rem = new Float64Array(k);
  let given = 0;
  for (let i = 0; i < k; i++) {
    const a = n * weights[i];
    let f = Math.floor(a / total);
    // a / total is rounded; make f the exact floor.
    if (f * total > a) f--;
    else if ((f + 1) * total <= a) f++;
    t[i] = f;
    rem[i] = a - f * total;
    given += f;
  }
  let extra = n - given;
  if (extra === 0) return t;
  // Group A (holds more than its floor) before group B; inside a group, larger remainder first.
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < k; i++) if (rem[i] > 0) (old[i] > t[i] ? a : b).push(i);
  for (const i of pickTop(a, rem, Math.min(extra, a.length))) t[i]++;
  extra -= Math.min(extra, a.length);
  for (const i of pickTop(b, rem, extra)) t[i]++;
  return t;
}

/** The `count` members of `from` (ascending) with the largest `rem`, ties to the lower ordinal. */
function pickTop(from: number[], rem: Float64Array, count: number): number[] {
  if (count <= 0) return [];
  if (count >= from.length) return from;
  const values = new Float64Array(from.length);
  for (let j = 0; j < from.length; j++) values[j] = rem[from[j]];
  const threshold = kthSmallest(values, from.length - count);
  const out: number[] = [];
  for (const i of from) if (rem[i] > threshold) out.push(i);
  for (let j = 0; j < from.length && out.length < count; j++) {
    if (rem[from[j]] === threshold) out.push(from[j]);
  }
  return out;
}

/** The value of rank `r` (0 = smallest) of `a`, by quickselect (reorders `a`; O(n) on average). */
export function kthSmallest(a: Float64Array, r: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i++] = a[j];
        a[j--] = x;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r];
  }
  return a[r];
}

/** Plans the slice map of a service (see the file comment); never changes its inputs. */
export function planSlices(input: PlanInput): PlanResult {
  const s = input.sliceBits;
  if (!Number.isInteger(s) || s < 0 || s > MAX_SLICE_BITS) {
    throw new DomainError('sliceBits', s, `an integer 0..${MAX_SLICE_BITS}`);
  }
  const prev = input.previous;
  if (prev !== undefined && prev.service !== input.service) {
    throw new DomainError('previous.service', prev.service, `the map of '${input.service}'`);
  }
  const n = 2 ** s;
  const { ids, weights } = eligible(input.instances);
  const k = ids.length;
  // The previous map at the new slice bits, as ordinals of the eligible members; slices
  // whose holder is no longer eligible are unheld there and counted in `gone`.
  const { slots, old, gone } =
    prev === undefined
      ? { slots: new Int32Array(n).fill(NONE), old: new Uint32Array(k), gone: 0 }
      : carry(prev, s, ids);
  if (k === 0) {
    const map = SliceMap.adopt(input.service, s, [], new Uint32Array(slots.buffer));
    return { map, moved: gone, lowerBound: gone };
  }
  const t = targets(n, weights, old);
  let lowerBound = gone;
  for (let i = 0; i < k; i++) if (old[i] > t[i]) lowerBound += old[i] - t[i];

  // Keep each holder's lowest slices up to its target; the rest, and unheld slices, are free.
  // A freed slice that had a holder moves: it never returns to that holder, which is at its
  // target, while only holders below target receive.
  const kept = new Uint32Array(k);
  const free = new Int32Array(n);
  let nFree = 0;
  let moved = gone;
  for (let i = 0; i < n; i++) {
    const o = slots[i];
    if (o === NONE) free[nFree++] = i;
    else if (kept[o] < t[o]) kept[o]++;
    else {
      free[nFree++] = i;
      moved++;
    }
  }
  // Free slices in ascending order fill the holders below target in ordinal (id) order.
  let m = 0;
  for (let f = 0; f < nFree; f++) {
    while (kept[m] >= t[m]) m++;
    slots[free[f]] = m;
    kept[m]++;
  }
  const map = SliceMap.adopt(input.service, s, ids, new Uint32Array(slots.buffer));
  return { map, moved, lowerBound };
}

/** Plans service `name` of `state` from its instances and its current map. */
export function planService(state: DomainState, name: string): PlanResult {
  const service = state.service(name);
  if (service === undefined) throw new DomainError('service', name, 'the name of a service');
  return planSlices({
    service: service.name,
    sliceBits: service.sliceBits,
    instances: state.instancesOf(service.name),
    previous: state.sliceMap(service.name),
  });
}
