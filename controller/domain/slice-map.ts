/**
 * A slice map: which instance holds each of the 2^s slices of a service. Slice i of every
 * IPv6 range of the service goes to the same instance. Kept as a table of holder ids
 * (sorted, unique) and one Uint32Array of ordinals into it, because maps have up to 2^20
 * slices and are rebuilt on every scaling event.
 *
 *   const m = SliceMap.fromIds('video.example', 2, ['a', 'b', 'a', undefined]);
 *   m.holderOf(1) // 'b';  m.holderOf(3) // undefined (no holder: dropped, DROP_SSA_NO_SLICE)
 */
import { NAME, int, list, name, record } from './check';
import { DomainError, joinPath } from './errors';
import { MAX_SLICE_BITS, canonicalName } from './service';

/** Ordinal of a slice without a holder. */
export const NO_HOLDER = 0xffffffff;

/** Compact form for storage: holder ids and runs [ordinal, count, ordinal, count, ...]. */
export interface EncodedSliceMap {
  readonly service: string;
  readonly sliceBits: number;
  readonly holders: readonly string[];
  /** Run-length ordinals; NO_HOLDER (4294967295) for slices without a holder. */
  readonly runs: readonly number[];
}

/** Code-unit order of ids: the same on every replica, unlike localeCompare. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An immutable slice map (the slots array is private and never handed out). */
export class SliceMap {
  private constructor(
    /** Canonical name of the service. */
    readonly service: string,
    readonly sliceBits: number,
    /** Instance ids the ordinals point into, sorted by compareIds. */
    readonly holders: readonly string[],
    private readonly slots: Uint32Array,
  ) {
    Object.freeze(this);
  }

  /**
   * Takes ownership of `slots` without copying (the planner's output). Checks sizes and
   * ordinals; the caller must not keep or change `slots`.
   */
  static adopt(
    service: string,
    sliceBits: number,
    holders: readonly string[],
    slots: Uint32Array,
    path = 'sliceMap',
  ): SliceMap {
    const svc = canonicalName(service, joinPath(path, 'service'));
    int(sliceBits, joinPath(path, 'sliceBits'), 0, MAX_SLICE_BITS);
    if (!Array.isArray(holders))
      throw new DomainError(joinPath(path, 'holders'), holders, 'an array');
    // One pass without building a path per id: maps hold up to 10,000s of holders.
    const ids = Object.freeze(holders.slice());
    for (let i = 0; i < ids.length; i++) {
      if (typeof ids[i] !== 'string' || !NAME.test(ids[i]))
        name(ids[i], joinPath(joinPath(path, 'holders'), i));
      if (i > 0 && compareIds(ids[i - 1], ids[i]) >= 0) {
        throw new DomainError(
          joinPath(joinPath(path, 'holders'), i),
          ids[i],
          `an id sorted after '${ids[i - 1]}', no duplicates`,
        );
      }
    }
    if (slots.length !== 2 ** sliceBits) {
      throw new DomainError(
        joinPath(path, 'slots'),
        slots.length,
        `2^${sliceBits} = ${2 ** sliceBits} slots`,
      );
    }
    // Read as signed: NO_HOLDER is -1 there, and the loop stays on small integers.
    const signed = new Int32Array(slots.buffer, slots.byteOffset, slots.length);
    const top = ids.length;
    for (let i = 0; i < signed.length; i++) {
      const o = signed[i];
      if (o >= top || o < -1) {
        throw new DomainError(
          joinPath(joinPath(path, 'slots'), i),
          slots[i],
          `an ordinal below ${ids.length} or NO_HOLDER`,
        );
      }
    }
    return new SliceMap(svc, sliceBits, ids, slots);
  }

  /** A map from one holder id (or undefined) per slice; ids need not be sorted. */
  static fromIds(
    service: string,
    sliceBits: number,
    ids: readonly (string | undefined)[],
    path = 'sliceMap',
  ): SliceMap {
    const holders = [...new Set(ids.filter((x): x is string => x !== undefined))].sort(compareIds);
    const ordinal = new Map(holders.map((h, i) => [h, i]));
    const slots = new Uint32Array(ids.length);
    ids.forEach((id, i) => (slots[i] = id === undefined ? NO_HOLDER : (ordinal.get(id) as number)));
    return SliceMap.adopt(service, sliceBits, holders, slots, path);
  }

  /** Rebuilds a map stored with `encode()`. */
  static decode(input: unknown, path = 'sliceMap'): SliceMap {
    const r = record(input, path);
    const sliceBits = int(r.sliceBits, joinPath(path, 'sliceBits'), 0, MAX_SLICE_BITS);
    const runs = list(r.runs, joinPath(path, 'runs'), (v, p) => int(v, p, 0, NO_HOLDER));
    const slots = new Uint32Array(2 ** sliceBits);
    let at = 0;
    for (let i = 0; i + 1 < runs.length; i += 2) {
      const end = at + runs[i + 1];
      if (end > slots.length) break;
      slots.fill(runs[i], at, end);
      at = end;
    }
    if (
      runs.length % 2 !== 0 ||
      at !== slots.length ||
      runs.reduce((s, v, i) => (i % 2 ? s + v : s), 0) !== slots.length
    ) {
      throw new DomainError(
        joinPath(path, 'runs'),
        runs.length,
        `pairs [ordinal, count] covering exactly ${slots.length} slices`,
      );
    }
    return SliceMap.adopt(r.service as string, sliceBits, r.holders as string[], slots, path);
  }

  /** 2^s. */
  get size(): number {
    return this.slots.length;
  }

  /** The id of the instance holding slice `i`, or undefined. */
  holderOf(i: number): string | undefined {
    const o = this.slots[i];
    return o === NO_HOLDER ? undefined : this.holders[o];
  }

  /** The ordinal (index into `holders`) of slice `i`'s holder, NO_HOLDER if none. */
  ordinalOf(i: number): number {
    return this.slots[i];
  }

  /** A copy of the ordinals, one per slice. */
  ordinals(): Uint32Array {
    return Uint32Array.from(this.slots);
  }

  /** Slices held per holder id (holders with none are absent). */
  counts(): Map<string, number> {
    const n = new Uint32Array(this.holders.length);
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] !== NO_HOLDER) n[this.slots[i]]++;
    const out = new Map<string, number>();
    this.holders.forEach((h, i) => n[i] > 0 && out.set(h, n[i]));
    return out;
  }

  /** True if both maps give every slice the same holder (holder tables may differ). */
  equals(other: SliceMap): boolean {
    if (other.service !== this.service || other.sliceBits !== this.sliceBits) return false;
    for (let i = 0; i < this.slots.length; i++)
      if (this.holderOf(i) !== other.holderOf(i)) return false;
    return true;
  }

  /** Run-length form for storage (see EncodedSliceMap). */
  encode(): EncodedSliceMap {
    const runs: number[] = [];
    for (let i = 0; i < this.slots.length;) {
      let j = i + 1;
      while (j < this.slots.length && this.slots[j] === this.slots[i]) j++;
      runs.push(this.slots[i], j - i);
      i = j;
    }
    return { service: this.service, sliceBits: this.sliceBits, holders: [...this.holders], runs };
  }
}
