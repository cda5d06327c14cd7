import { monotonicNs, type Clock } from './clock';
import { fail } from './errors';
import { toHex } from './key';

/** P4Runtime DigestEntry.Config, in ns and messages. */
export interface DigestConfig {
  /** Longest a message may wait before its list is sent (0: send at once). */
  readonly maxTimeoutNs: number;
  /** Most messages per list (0: no limit). */
  readonly maxListSize: number;
  /** How long a sent, unacknowledged message suppresses identical ones. */
  readonly ackTimeoutNs: number;
}

/** A batch of digest messages, each a list of full-width member values. */
export interface DigestList {
  readonly digestId: number;
  readonly listId: number;
  readonly data: readonly (readonly Uint8Array[])[];
  readonly timestampNs: number;
}

/** Options of a DigestQueue besides its P4Runtime config. */
export interface DigestQueueOptions {
  readonly clock?: Clock;
  /** Most messages waiting to be sent; more are dropped and counted. */
  readonly maxPending?: number;
}

interface Pending {
  readonly data: readonly Uint8Array[];
  readonly key: string;
  readonly atNs: number;
}

interface Outstanding {
  readonly keys: readonly string[];
  readonly expiresNs: number;
}

/**
 * Digest messages of one digest id, batched into lists as P4Runtime's DigestEntry.Config
 * says: a list goes out when it reaches max_list_size or its oldest message waited
 * max_timeout_ns; a sent message suppresses identical messages until its list is acked or
 * ack_timeout_ns passes (learning digests are thus not repeated while the controller
 * works). Nothing is generated until the queue is configured. The pipeline calls `push`,
 * the server calls `poll` at `nextDeadlineNs()` (and after pushes) and `ack`.
 */
export class DigestQueue {
  private config: DigestConfig | undefined;
  private readonly clock: Clock;
  private readonly maxPending: number;
  private pending: Pending[] = [];
  private readonly known = new Set<string>();
  private readonly outstanding = new Map<number, Outstanding>();
  private nextListId = 1;
  /** Messages dropped because the queue was full or not configured. */
  dropped = 0;
  /** Messages suppressed as duplicates of pending or unacknowledged ones. */
  suppressed = 0;

  constructor(
    readonly digestId: number,
    config?: DigestConfig,
    options: DigestQueueOptions = {},
  ) {
    this.clock = options.clock ?? monotonicNs;
    this.maxPending = options.maxPending ?? 65536;
    if (config !== undefined) this.configure(config);
  }

  /** Sets (or with undefined, removes: pending and unacked messages are forgotten) the config. */
  configure(config: DigestConfig | undefined): void {
    if (config === undefined) {
      this.config = undefined;
      this.pending = [];
      this.known.clear();
      this.outstanding.clear();
      return;
    }
    for (const k of ['maxTimeoutNs', 'maxListSize', 'ackTimeoutNs'] as const) {
      const v = config[k];
      if (!Number.isSafeInteger(v) || v < 0) {
        throw fail(
          'INVALID_ARGUMENT',
          `digest ${this.digestId}: ${k} ${v} is not a non-negative integer`,
        );
      }
    }
    this.config = { ...config };
  }

  /** The current config, or undefined when the controller has not configured this digest. */
  get currentConfig(): DigestConfig | undefined {
    return this.config;
  }

  /** Messages waiting to be sent. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Lists sent and not yet acknowledged (nor timed out at the last poll). */
  get outstandingCount(): number {
    return this.outstanding.size;
  }

  /** Queues one message (copied); false if dropped or suppressed as a duplicate. */
  push(members: readonly Uint8Array[], nowNs = this.clock()): boolean {
    if (this.config === undefined) {
      this.dropped++;
      return false;
    }
    this.expire(nowNs);
    const key = members.map(toHex).join('/');
    if (this.known.has(key)) {
      this.suppressed++;
      return false;
    }
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return false;
    }
    this.pending.push({ data: members.map((m) => m.slice()), key, atNs: nowNs });
    this.known.add(key);
    return true;
  }

  /** The next list that is due at `nowNs`, or undefined. Call again while it returns lists. */
  poll(nowNs = this.clock()): DigestList | undefined {
    const cfg = this.config;
    if (cfg === undefined) return undefined;
    this.expire(nowNs);
    if (this.pending.length === 0) return undefined;
    const full = cfg.maxListSize > 0 && this.pending.length >= cfg.maxListSize;
    const old = nowNs - this.pending[0].atNs >= cfg.maxTimeoutNs;
    if (!full && !old) return undefined;
    const n =
      cfg.maxListSize > 0 ? Math.min(cfg.maxListSize, this.pending.length) : this.pending.length;
    const batch = this.pending.splice(0, n);
    const listId = this.nextListId++;
    this.outstanding.set(listId, {
      keys: batch.map((p) => p.key),
      expiresNs: nowNs + cfg.ackTimeoutNs,
    });
    return { digestId: this.digestId, listId, data: batch.map((p) => p.data), timestampNs: nowNs };
  }

  /** Every list due at `nowNs`. */
  drain(nowNs = this.clock()): DigestList[] {
    const out: DigestList[] = [];
    for (let l = this.poll(nowNs); l !== undefined; l = this.poll(nowNs)) out.push(l);
    return out;
  }

  /** When the oldest pending message becomes due (ns), or undefined if nothing is pending. */
  nextDeadlineNs(): number | undefined {
    if (this.config === undefined || this.pending.length === 0) return undefined;
    return this.pending[0].atNs + this.config.maxTimeoutNs;
  }

  /** Acknowledges list `listId` (DigestListAck): its messages may be generated again. */
  ack(listId: number): boolean {
    const o = this.outstanding.get(listId);
    if (o === undefined) return false;
    for (const k of o.keys) this.known.delete(k);
    this.outstanding.delete(listId);
    return true;
  }

  private expire(nowNs: number): void {
    for (const [id, o] of this.outstanding) {
      if (o.expiresNs <= nowNs) {
        for (const k of o.keys) this.known.delete(k);
        this.outstanding.delete(id);
      }
    }
  }
}
