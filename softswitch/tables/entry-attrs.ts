import { growTyped } from './match-store';
import { METER_CELL, cellConfig, configureCell, executeCell } from './meters';
import { MeterColor, type CounterData, type MeterConfig, type MeterUnit } from './types';

/** Which per-entry attributes a table has (from P4Info: direct counter, direct meter, idle timeout). */
export interface EntryAttrOptions {
  readonly counters: boolean;
  readonly meterUnit: MeterUnit | undefined;
  readonly idleTimeout: boolean;
}

/**
 * Per-entry attributes besides the match, indexed by slot. Common ones are dense typed
 * columns (action index; counters if the table has a direct counter); idle-timeout columns
 * are allocated on the first entry that ages; rare ones (direct meter state, controller
 * metadata) live in sparse maps so an ordinary entry pays nothing for them.
 */
export class EntryAttrs {
  /** Interned action index per slot, -1 for a free slot. */
  action = new Int32Array(0);
  bytes: Float64Array | undefined;
  packets: Float64Array | undefined;
  idleTimeout: Float64Array | undefined;
  lastHit: Float64Array | undefined;
  /** 1 once reported by expired(); cleared by a hit. */
  notified: Uint8Array | undefined;
  readonly meters = new Map<number, Float64Array>();
  readonly controllerMetadata = new Map<number, bigint>();
  readonly metadata = new Map<number, Uint8Array>();
  private rows = 0;

  constructor(readonly options: EntryAttrOptions) {}

  /** Grows the dense columns to `rows` rows. */
  grow(rows: number): void {
    if (rows <= this.rows) return;
    const old = this.rows;
    this.action = growTyped(this.action, rows, Int32Array);
    this.action.fill(-1, old);
    if (this.options.counters) {
      this.bytes = growTyped(this.bytes, rows, Float64Array);
      this.packets = growTyped(this.packets, rows, Float64Array);
    }
    if (this.idleTimeout !== undefined) this.growIdle(rows);
    this.rows = rows;
  }

  private growIdle(rows: number): void {
    this.idleTimeout = growTyped(this.idleTimeout, rows, Float64Array);
    this.lastHit = growTyped(this.lastHit, rows, Float64Array);
    this.notified = growTyped(this.notified, rows, Uint8Array);
  }

  /** Clears everything of `slot` but its action (which the table releases itself). */
  reset(slot: number): void {
    if (this.bytes !== undefined) {
      this.bytes[slot] = 0;
      this.packets![slot] = 0;
    }
    if (this.idleTimeout !== undefined) {
      this.idleTimeout[slot] = 0;
      this.lastHit![slot] = 0;
      this.notified![slot] = 0;
    }
    this.meters.delete(slot);
    this.controllerMetadata.delete(slot);
    this.metadata.delete(slot);
  }

  /** Sets the counter totals of `slot`. */
  setCounter(slot: number, data: CounterData): void {
    this.bytes![slot] = data.bytes;
    this.packets![slot] = data.packets;
  }

  /** Counter totals of `slot`, or undefined if the table has no direct counter. */
  counter(slot: number): CounterData | undefined {
    if (this.bytes === undefined) return undefined;
    return { bytes: this.bytes[slot], packets: this.packets![slot] };
  }

  /** Sets the idle timeout of `slot` (0 = never ages) and restarts its timer at `nowNs`. */
  setIdle(slot: number, timeoutNs: number, nowNs: number): void {
    if (this.idleTimeout === undefined) {
      if (timeoutNs === 0) return;
      this.growIdle(this.rows);
    }
    this.idleTimeout![slot] = timeoutNs;
    this.lastHit![slot] = nowNs;
    this.notified![slot] = 0;
  }

  /** Idle timeout of `slot` in ns (0 = never ages). */
  idleOf(slot: number): number {
    return this.idleTimeout === undefined ? 0 : this.idleTimeout[slot];
  }

  /**
   * Slots among `live` (up to `top`) whose idle time reached their timeout and that were
   * not reported since their last hit; marks them reported so each idle period is
   * reported once.
   */
  expired(nowNs: number, top: number, mark: boolean): number[] {
    const out: number[] = [];
    const t = this.idleTimeout;
    if (t === undefined) return out;
    const last = this.lastHit!;
    const notified = this.notified!;
    for (let s = 0; s < top; s++) {
      if (t[s] > 0 && notified[s] === 0 && this.action[s] >= 0 && nowNs - last[s] >= t[s]) {
        out.push(s);
        if (mark) notified[s] = 1;
      }
    }
    return out;
  }

  /** Configures (or with undefined, removes) the direct meter of `slot`. */
  setMeter(slot: number, cfg: MeterConfig | undefined, nowNs: number): void {
    if (cfg === undefined) {
      this.meters.delete(slot);
      return;
    }
    const cell = new Float64Array(METER_CELL);
    configureCell(cell, 0, cfg, nowNs);
    this.meters.set(slot, cell);
  }

  /** Direct meter configuration of `slot`, or undefined. */
  meterConfig(slot: number): MeterConfig | undefined {
    const cell = this.meters.get(slot);
    return cell === undefined ? undefined : cellConfig(cell, 0);
  }

  /** Colours a packet of `bytes` bytes by the direct meter of `slot` (GREEN if unconfigured). */
  executeMeter(slot: number, bytes: number, nowNs: number): MeterColor {
    const cell = this.meters.get(slot);
    if (cell === undefined) return MeterColor.GREEN;
    return executeCell(cell, 0, this.options.meterUnit === 'packets' ? 1 : bytes, nowNs);
  }

  /** Forgets every attribute of every slot (columns keep their size). */
  clear(): void {
    this.action.fill(-1);
    this.bytes?.fill(0);
    this.packets?.fill(0);
    this.idleTimeout?.fill(0);
    this.lastHit?.fill(0);
    this.notified?.fill(0);
    this.meters.clear();
    this.controllerMetadata.clear();
    this.metadata.clear();
  }

  /** Bytes held by the dense columns. */
  get denseBytes(): number {
    let n = this.action.byteLength;
    for (const a of [this.bytes, this.packets, this.idleTimeout, this.lastHit, this.notified]) {
      if (a !== undefined) n += a.byteLength;
    }
    return n;
  }
}
