import type { ActionCall, ActionRef } from './types';

function copyCall(a: ActionCall): ActionCall {
  return Object.freeze({
    actionId: a.actionId,
    params: Object.freeze(a.params.map((p) => p.slice())),
  });
}

/** An immutable private copy of `ref` (parameter bytes copied so the caller may reuse its buffers). */
export function copyActionRef(ref: ActionRef): ActionRef {
  switch (ref.kind) {
    case 'action':
      return Object.freeze({
        kind: 'action',
        actionId: ref.actionId,
        params: Object.freeze(ref.params.map((p) => p.slice())),
      });
    case 'member':
      return Object.freeze({ kind: 'member', memberId: ref.memberId });
    case 'group':
      return Object.freeze({ kind: 'group', groupId: ref.groupId });
    case 'actionSet':
      return Object.freeze({
        kind: 'actionSet',
        actions: Object.freeze(
          ref.actions.map((w) => Object.freeze({ action: copyCall(w.action), weight: w.weight })),
        ),
      });
  }
}

/** A parameter of at most 32 bits as a number; NaN for a wider or missing one. */
export function paramValue(p: Uint8Array | undefined): number {
  if (p === undefined || p.length > 4) return NaN;
  let v = 0;
  for (let b = 0; b < p.length; b++) v = v * 256 + p[b];
  return v;
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) | 0;
}

function hashCall(h: number, a: ActionCall): number {
  h = mix(h, a.actionId);
  for (const p of a.params) {
    h = mix(h, p.length | 0x10000);
    for (let i = 0; i < p.length; i++) h = mix(h, p[i]);
  }
  return h;
}

/** A number that equal action references share (collisions possible; see sameActionRef). */
export function actionRefHash(ref: ActionRef): number {
  switch (ref.kind) {
    case 'action':
      return hashCall(0x811c9dc5, ref);
    case 'member':
      return mix(mix(0x1b873593, 1), ref.memberId);
    case 'group':
      return mix(mix(0x1b873593, 2), ref.groupId);
    case 'actionSet': {
      let h = mix(0x1b873593, 3);
      for (const w of ref.actions) h = hashCall(mix(h, w.weight), w.action);
      return h;
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameCall(a: ActionCall, b: ActionCall): boolean {
  if (a.actionId !== b.actionId || a.params.length !== b.params.length) return false;
  for (let i = 0; i < a.params.length; i++) if (!sameBytes(a.params[i], b.params[i])) return false;
  return true;
}

/** True if two action references mean the same thing. */
export function sameActionRef(a: ActionRef, b: ActionRef): boolean {
  switch (a.kind) {
    case 'action':
      return b.kind === 'action' && sameCall(a, b);
    case 'member':
      return b.kind === 'member' && a.memberId === b.memberId;
    case 'group':
      return b.kind === 'group' && a.groupId === b.groupId;
    case 'actionSet':
      return (
        b.kind === 'actionSet' &&
        a.actions.length === b.actions.length &&
        a.actions.every(
          (w, i) => w.weight === b.actions[i].weight && sameCall(w.action, b.actions[i].action),
        )
      );
  }
}

/**
 * Reference-counted interning of action references: equal references share one frozen
 * object and entries store a 4-byte index, so a million routes to 16 next hops hold 16
 * action objects. Lookup is by a numeric hash plus structural comparison (no key strings
 * built per write). The objects must not be mutated (Uint8Array params cannot be frozen).
 */
export class ActionPool {
  /** Parameters per action whose numeric value is cached (see wordAt). */
  static readonly WORDS = 7;
  /** Row width of `words`: the action id, then WORDS parameters (one 64-byte cache line). */
  private static readonly ROW = 8;
  private refs: (ActionRef | undefined)[] = [];
  /**
   * The packet path's view of each index without touching the objects, one row per index: the
   * action id (-1 for members, groups and action sets), then up to WORDS parameters of at most
   * 32 bits as numbers (NaN for wider ones). A lookup costs a cache line, not a pointer chase.
   */
  private words = new Float64Array(16 * ActionPool.ROW);
  private counts: number[] = [];
  private hashes: number[] = [];
  /** Next index with the same hash, -1 at the end of a chain. */
  private nextSame: number[] = [];
  private readonly byHash = new Map<number, number>();
  private readonly free: number[] = [];
  private live = 0;

  /** Index of the shared copy of `ref`, taking one reference to it. */
  intern(ref: ActionRef): number {
    const h = actionRefHash(ref);
    const head = this.byHash.get(h);
    for (let i = head ?? -1; i >= 0; i = this.nextSame[i]) {
      if (sameActionRef(this.refs[i]!, ref)) {
        this.counts[i]++;
        return i;
      }
    }
    const i = this.free.pop() ?? this.refs.length;
    this.refs[i] = copyActionRef(ref);
    this.cacheWords(i, ref);
    this.counts[i] = 1;
    this.hashes[i] = h;
    this.nextSame[i] = head ?? -1;
    this.byHash.set(h, i);
    this.live++;
    return i;
  }

  /** The action id at index `i`, -1 when it is not a direct action. */
  idAt(i: number): number {
    return this.words[i * ActionPool.ROW];
  }

  /** Parameter `k` (< WORDS, at most 32 bits) of the direct action at index `i`, else NaN. */
  wordAt(i: number, k: number): number {
    return this.words[i * ActionPool.ROW + 1 + k];
  }

  private cacheWords(i: number, ref: ActionRef): void {
    const R = ActionPool.ROW;
    if ((i + 1) * R > this.words.length) {
      const words = new Float64Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
    }
    this.words[i * R] = ref.kind === 'action' ? ref.actionId : -1;
    for (let k = 0; k < ActionPool.WORDS; k++) {
      this.words[i * R + 1 + k] = paramValue(ref.kind === 'action' ? ref.params[k] : undefined);
    }
  }

  /** The shared action reference at index `i`. */
  get(i: number): ActionRef {
    return this.refs[i]!;
  }

  /** Takes one more reference to index `i`. */
  retain(i: number): void {
    this.counts[i]++;
  }

  /** Drops one reference to index `i`, forgetting the action at zero. */
  release(i: number): void {
    if (--this.counts[i] !== 0) return;
    const h = this.hashes[i];
    const head = this.byHash.get(h)!;
    if (head === i) {
      if (this.nextSame[i] < 0) this.byHash.delete(h);
      else this.byHash.set(h, this.nextSame[i]);
    } else {
      let p = head;
      while (this.nextSame[p] !== i) p = this.nextSame[p];
      this.nextSame[p] = this.nextSame[i];
    }
    this.refs[i] = undefined;
    this.free.push(i);
    this.live--;
  }

  /** Number of distinct actions held. */
  get distinct(): number {
    return this.live;
  }

  /** Forgets everything. */
  clear(): void {
    this.refs = [];
    this.words = new Float64Array(16 * ActionPool.ROW);
    this.counts = [];
    this.hashes = [];
    this.nextSame = [];
    this.byHash.clear();
    this.free.length = 0;
    this.live = 0;
  }
}
