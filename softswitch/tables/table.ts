import { ActionPool, paramValue } from './action-pool';
import type { ActionProfile } from './action-profile';
import { ActionCatalog, type ActionSpec } from './action-spec';
import { monotonicNs, type Clock } from './clock';
import { checkCounterData } from './counters';
import { EntryAttrs } from './entry-attrs';
import {
  checkActionRef,
  checkAttrs,
  refProfile,
  type AttrInput,
  type EntryCheckContext,
} from './entry-checks';
import { fail } from './errors';
import { makeIndex, type MatchIndex } from './match-index';
import { MatchStore } from './match-store';
import { KeySchema, type EncodedMatch } from './schema';
import type {
  ActionCall,
  ActionRef,
  CounterData,
  EntryMatch,
  FieldSpec,
  MeterColor,
  MeterUnit,
  TableEntryInput,
  TableEntryPatch,
  TableEntryView,
} from './types';

/** Handle returned by `lookup` on a miss; `actionOf`, `count` and `hit` accept it. */
export const MISS = -1;

/** Configuration of one P4 table (the server fills it from P4Info). */
export interface TableOptions {
  readonly name: string;
  readonly id?: number;
  readonly fields: readonly FieldSpec[];
  /** Maximum number of entries (P4Info `size`). */
  readonly size: number;
  readonly directCounter?: boolean;
  /** Unit of the table's direct meter, if it has one. */
  readonly directMeter?: MeterUnit;
  /** True if entries may have idle timeouts (P4Info idle_timeout_behavior NOTIFY_CONTROL). */
  readonly idleTimeout?: boolean;
  /** Set for indirect tables: entries then refer to members, groups or one-shot sets. */
  readonly actionProfile?: ActionProfile;
  /** Actions the table accepts; omitted: any well-formed call. */
  readonly actions?: readonly ActionSpec[];
  /** Initial default action; undefined means NoAction. */
  readonly defaultAction?: ActionCall;
  readonly constDefaultAction?: boolean;
  readonly clock?: Clock;
}

/**
 * One P4 table: entries stored as struct-of-arrays slots that grow by doubling up to the
 * table size, an index chosen by the key's shape, interned actions, and per-entry
 * counters / meters / idle timers. Every write validates fully before changing anything,
 * so a failed call leaves the table as it was.
 */
export class Table {
  readonly name: string;
  readonly schema: KeySchema;
  readonly capacity: number;
  private readonly store: MatchStore;
  private readonly index: MatchIndex;
  private readonly attrs: EntryAttrs;
  private readonly pool = new ActionPool();
  private readonly enc: EncodedMatch;
  private readonly ctx: EntryCheckContext;
  private readonly clock: Clock;
  private readonly free: number[] = [];
  private top = 0;
  private live = 0;
  private defaultRef: ActionRef | undefined;
  private readonly initialDefault: ActionRef | undefined;
  private readonly defaultCounter = new Float64Array(2);

  constructor(readonly options: TableOptions) {
    this.name = options.name;
    if (!Number.isInteger(options.size) || options.size < 0) {
      throw fail('INVALID_ARGUMENT', `table '${options.name}': size ${options.size} is invalid`);
    }
    this.capacity = options.size;
    this.schema = new KeySchema(options.name, options.fields);
    this.store = new MatchStore(this.schema);
    this.index = makeIndex(this.store);
    this.attrs = new EntryAttrs({
      counters: options.directCounter === true,
      meterUnit: options.directMeter,
      idleTimeout: options.idleTimeout === true,
    });
    this.enc = this.schema.newEncoded();
    this.clock = options.clock ?? monotonicNs;
    this.ctx = {
      where: `table '${options.name}'`,
      catalog: new ActionCatalog(options.actions),
      profile: options.actionProfile,
      directCounter: options.directCounter === true,
      directMeter: options.directMeter !== undefined,
      idleTimeout: options.idleTimeout === true,
    };
    this.initialDefault = this.makeDefault(options.defaultAction);
    this.defaultRef = this.initialDefault;
  }

  /** Number of entries. */
  get size(): number {
    return this.live;
  }

  /** Number of distinct interned actions (for diagnostics). */
  get distinctActions(): number {
    return this.pool.distinct;
  }

  // ---- packet path -------------------------------------------------------------------

  /** Handle of the entry matching the key at key[off .. off + schema.keyBytes), or MISS. */
  lookup(key: Uint8Array, off = 0): number {
    return this.index.lookup(key, off);
  }

  /** Action of entry `handle`; for MISS, the default action (undefined = NoAction). */
  actionOf(handle: number): ActionRef | undefined {
    return handle < 0 ? this.defaultRef : this.pool.get(this.attrs.action[handle]);
  }

  /**
   * The action id that runs for `handle` without reading the action object (hot path): the
   * default action's on a miss, 0 for NoAction, -1 for a member, group or action set.
   */
  actionIdOf(handle: number): number {
    if (handle >= 0) return this.pool.idAt(this.attrs.action[handle]);
    const d = this.defaultRef;
    return d === undefined ? 0 : d.kind === 'action' ? d.actionId : -1;
  }

  /**
   * Parameter `k` of the direct action that runs for `handle` as a number, for parameters of
   * at most 32 bits (NaN for wider ones, for k >= ActionPool.WORDS and for non-actions).
   */
  paramWord(handle: number, k: number): number {
    if (handle >= 0 && k < ActionPool.WORDS) return this.pool.wordAt(this.attrs.action[handle], k);
    const a = this.actionOf(handle);
    return paramValue(a?.kind === 'action' ? a.params[k] : undefined);
  }

  /** Adds one packet of `bytes` bytes to the direct counter of `handle` (MISS: the default entry). */
  count(handle: number, bytes: number): void {
    if (handle < 0) {
      // The default entry's counter exists before any entry (the columns grow on insert).
      if (this.ctx.directCounter) {
        this.defaultCounter[0] += bytes;
        this.defaultCounter[1] += 1;
      }
      return;
    }
    const b = this.attrs.bytes;
    if (b === undefined) return;
    b[handle] += bytes;
    this.attrs.packets![handle] += 1;
  }

  /** Records a hit on `handle` at `nowNs` for idle timeouts (no-op for MISS or non-ageing tables). */
  hit(handle: number, nowNs: number): void {
    const last = this.attrs.lastHit;
    if (last === undefined || handle < 0) return;
    last[handle] = nowNs;
    this.attrs.notified![handle] = 0;
  }

  /**
   * Lookup, then on a hit count the entry's direct counter and refresh its idle time: what the
   * pipeline does for `table.apply()`. As bmv2 does (MatchTableAbstract::apply_action counts
   * only `if (hit)`), a miss counts nothing, the default entry's counter included. Without
   * `nowNs` the table's clock is read, and only for a hit in a table with idle timeout, so
   * tables without one never pay for it.
   */
  apply(key: Uint8Array, off: number, bytes: number, nowNs?: number): number {
    const h = this.index.lookup(key, off);
    if (h < 0) return h;
    const b = this.attrs.bytes;
    if (b !== undefined) {
      b[h] += bytes;
      this.attrs.packets![h] += 1;
    }
    const last = this.attrs.lastHit;
    if (last !== undefined) {
      last[h] = nowNs ?? this.clock();
      this.attrs.notified![h] = 0;
    }
    return h;
  }

  /** Colour of a packet by the direct meter of `handle` (GREEN when unconfigured or MISS). */
  executeMeter(handle: number, bytes: number, nowNs: number): MeterColor {
    return this.attrs.executeMeter(handle, bytes, nowNs);
  }

  // ---- writes --------------------------------------------------------------------------

  /** Adds an entry; returns its handle. ALREADY_EXISTS, RESOURCE_EXHAUSTED, INVALID_ARGUMENT, NOT_FOUND. */
  insert(entry: TableEntryInput): number {
    const enc = this.encode(entry.match, entry.priority ?? 0);
    if (this.index.find(enc) >= 0) {
      throw fail(
        'ALREADY_EXISTS',
        `${this.ctx.where}: entry ${this.schema.describe(enc)} already exists`,
      );
    }
    checkActionRef(this.ctx, entry.action);
    checkAttrs(this.ctx, entry);
    if (this.live >= this.capacity) {
      throw fail('RESOURCE_EXHAUSTED', `${this.ctx.where} is full (${this.capacity} entries)`);
    }
    const slot = this.allocSlot();
    this.store.write(slot, enc);
    this.index.add(slot);
    this.attrs.action[slot] = this.pool.intern(entry.action);
    refProfile(this.ctx.profile, entry.action, 1);
    this.applyAttrs(slot, entry);
    this.live++;
    return slot;
  }

  /** Changes an existing entry (NOT_FOUND if absent); returns its handle. */
  modify(match: EntryMatch, priority: number, patch: TableEntryPatch): number {
    const slot = this.mustFind(match, priority);
    if (patch.action !== undefined) checkActionRef(this.ctx, patch.action);
    checkAttrs(this.ctx, patch);
    if (patch.action !== undefined) {
      const old = this.attrs.action[slot];
      const oldRef = this.pool.get(old);
      this.attrs.action[slot] = this.pool.intern(patch.action);
      refProfile(this.ctx.profile, patch.action, 1);
      refProfile(this.ctx.profile, oldRef, -1);
      this.pool.release(old);
    }
    this.applyAttrs(slot, patch);
    return slot;
  }

  /** Removes an entry (NOT_FOUND if absent). */
  delete(match: EntryMatch, priority = 0): void {
    this.remove(this.mustFind(match, priority));
  }

  /** Removes every entry; the default action is kept. */
  clear(): void {
    for (let s = 0; s < this.top; s++) {
      const a = this.attrs.action[s];
      if (a >= 0) refProfile(this.ctx.profile, this.pool.get(a), -1);
    }
    this.pool.clear();
    this.index.clear();
    this.attrs.clear();
    this.free.length = 0;
    this.top = 0;
    this.live = 0;
  }

  // ---- reads ---------------------------------------------------------------------------

  /** Handle of the entry with exactly this match and priority, or MISS (validates the match). */
  find(match: EntryMatch, priority = 0): number {
    return this.index.find(this.encode(match, priority));
  }

  /** The entry with exactly this match and priority, or undefined. */
  get(match: EntryMatch, priority = 0): TableEntryView | undefined {
    const h = this.find(match, priority);
    return h < 0 ? undefined : this.read(h);
  }

  /** The entry at `handle` (NOT_FOUND if the slot is free). */
  read(handle: number): TableEntryView {
    if (!this.isLive(handle))
      throw fail('NOT_FOUND', `${this.ctx.where}: no entry at handle ${handle}`);
    const a = this.attrs;
    const idle = a.idleOf(handle);
    return {
      handle,
      match: this.store.matchOf(handle),
      priority: this.store.priorityOf(handle),
      action: this.pool.get(a.action[handle]),
      idleTimeoutNs: idle,
      lastHitNs: idle > 0 ? a.lastHit![handle] : undefined,
      meterConfig: a.meterConfig(handle),
      counterData: a.counter(handle),
      controllerMetadata: a.controllerMetadata.get(handle),
      metadata: a.metadata.get(handle)?.slice(),
    };
  }

  /** Every entry, in slot order (stable while the table is not written). */
  *entries(): IterableIterator<TableEntryView> {
    for (let s = 0; s < this.top; s++) if (this.attrs.action[s] >= 0) yield this.read(s);
  }

  /** True if `handle` names a live entry. */
  isLive(handle: number): boolean {
    return (
      Number.isInteger(handle) && handle >= 0 && handle < this.top && this.attrs.action[handle] >= 0
    );
  }

  // ---- per-entry data ----------------------------------------------------------------

  /** Direct counter of `handle` (MISS: the default entry); undefined without a direct counter. */
  readCounter(handle: number): CounterData | undefined {
    if (!this.ctx.directCounter) return undefined;
    if (handle < 0) return { bytes: this.defaultCounter[0], packets: this.defaultCounter[1] };
    this.read(handle);
    return this.attrs.counter(handle);
  }

  /** Sets the direct counter of `handle` (MISS: the default entry). */
  writeCounter(handle: number, data: CounterData): void {
    if (!this.ctx.directCounter)
      throw fail('INVALID_ARGUMENT', `${this.ctx.where} has no direct counter`);
    checkCounterData(data, this.ctx.where);
    if (handle < 0) {
      this.defaultCounter[0] = data.bytes;
      this.defaultCounter[1] = data.packets;
      return;
    }
    this.read(handle);
    this.attrs.setCounter(handle, data);
  }

  /**
   * Handles of entries idle for at least their timeout at `nowNs` and not reported since
   * their last hit; they stay in the table. With `mark` (default), each idle period is
   * reported once.
   */
  idleExpired(nowNs = this.clock(), mark = true): number[] {
    return this.attrs.expired(nowNs, this.top, mark);
  }

  // ---- default action ----------------------------------------------------------------

  /** The current default action (undefined = NoAction). */
  get defaultAction(): ActionCall | undefined {
    return this.defaultRef as ActionCall | undefined;
  }

  /** True if the controller may not change the default action. */
  get defaultIsConst(): boolean {
    return this.options.constDefaultAction === true;
  }

  /** Replaces the default action (PERMISSION_DENIED if it is const). */
  setDefaultAction(action: ActionCall): void {
    this.checkDefaultWritable();
    this.defaultRef = this.makeDefault(action);
  }

  /** Restores the initial default action (P4Runtime MODIFY of the default entry without action). */
  resetDefaultAction(): void {
    this.checkDefaultWritable();
    this.defaultRef = this.initialDefault;
  }

  /** Broken internal invariants of the index (empty when healthy); for tests and debugging. */
  selfCheck(): string[] {
    return this.index.selfCheck?.() ?? [];
  }

  /** Figures about the index (e.g. trie nodes, tuples) plus the shape and entry count. */
  indexStats(): Record<string, number | string> {
    return { shape: this.schema.shape, entries: this.live, ...this.index.stats?.() };
  }

  /** Approximate bytes held by this table's typed arrays (excludes the JS objects of actions). */
  get memoryBytes(): number {
    return this.store.bytes + this.index.bytes + this.attrs.denseBytes;
  }

  // ---- internals -----------------------------------------------------------------------

  private checkDefaultWritable(): void {
    if (this.defaultIsConst) {
      throw fail(
        'PERMISSION_DENIED',
        `${this.ctx.where}: the default action is const and cannot be changed`,
      );
    }
  }

  private makeDefault(action: ActionCall | undefined): ActionRef | undefined {
    if (action === undefined) return undefined;
    this.ctx.catalog.check(action, 'default', `${this.ctx.where} default action`);
    const copy: ActionRef = Object.freeze({
      kind: 'action',
      actionId: action.actionId,
      params: Object.freeze(action.params.map((p) => p.slice())),
    });
    return copy;
  }

  private encode(match: EntryMatch, priority: number): EncodedMatch {
    this.schema.encode(match, priority, this.enc);
    return this.enc;
  }

  private mustFind(match: EntryMatch, priority: number): number {
    const enc = this.encode(match, priority);
    const slot = this.index.find(enc);
    if (slot < 0)
      throw fail(
        'NOT_FOUND',
        `${this.ctx.where}: entry ${this.schema.describe(enc)} does not exist`,
      );
    return slot;
  }

  private applyAttrs(slot: number, a: AttrInput): void {
    const attrs = this.attrs;
    const now = this.clock();
    if (a.idleTimeoutNs !== undefined) attrs.setIdle(slot, a.idleTimeoutNs ?? 0, now);
    if (a.meterConfig !== undefined) attrs.setMeter(slot, a.meterConfig ?? undefined, now);
    if (a.counterData !== undefined)
      attrs.setCounter(slot, a.counterData ?? { bytes: 0, packets: 0 });
    if (a.controllerMetadata === null) attrs.controllerMetadata.delete(slot);
    else if (a.controllerMetadata !== undefined)
      attrs.controllerMetadata.set(slot, a.controllerMetadata);
    if (a.metadata === null) attrs.metadata.delete(slot);
    else if (a.metadata !== undefined) attrs.metadata.set(slot, a.metadata.slice());
  }

  private allocSlot(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.top++;
    if (slot >= this.store.rows) {
      const rows = Math.min(this.capacity, Math.max(16, this.store.rows * 2));
      this.store.grow(rows);
      this.attrs.grow(rows);
      this.index.grow(rows);
    }
    return slot;
  }

  private remove(slot: number): void {
    this.index.remove(slot);
    const a = this.attrs.action[slot];
    refProfile(this.ctx.profile, this.pool.get(a), -1);
    this.pool.release(a);
    this.attrs.action[slot] = -1;
    this.attrs.reset(slot);
    this.free.push(slot);
    this.live--;
  }
}
