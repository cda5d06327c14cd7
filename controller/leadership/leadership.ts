/**
 * Per-switch leadership of one controller replica (docs/controller.md, Leadership and HA).
 * Every `renewMs` a round in the database (LeaseStore) renews this replica's leases and takes
 * free ones up to its fair share. For each switch the replica then holds an election id:
 * the leader's (from the lease generation) where it holds the lease, a backup's otherwise, so
 * the switch makes the lease holder primary; sessions stay connected either way.
 *
 * Besides the switch's own arbitration, a local deadline guards writes: a lease counts as held
 * only until `leaseMs - marginMs` after the start of the round that renewed it, by this
 * process's monotonic clock. A replica that was paused (SIGSTOP), or whose rounds fail, stops
 * writing before its lease can have been taken over, and steps down at once when it resumes.
 *
 *   const l = new Leadership({ store, replica: 'ctl-a', leaseMs: 2000, switches: () => names });
 *   l.on(LeadershipEvent.CHANGED, (e) => pool.get(e.switch)?.client.setElectionId(e.electionId));
 *   l.isLeader('s1');
 */
import { EventEmitter } from 'node:events';
import { backupElectionId, leaderElectionId } from './election';
import type { LeaseStore, RoundResult } from './lease-store';

export enum LeadershipEvent {
  /** This replica's election id for a switch changed (payload: ElectionChange). */
  CHANGED = 'changed',
  /** A round failed (payload: Error); the next one retries. */
  ERROR = 'leadership_error',
}

/** Payload of LeadershipEvent.CHANGED. */
export interface ElectionChange {
  readonly switch: string;
  readonly leader: boolean;
  readonly generation: number;
  readonly electionId: bigint;
}

export interface LeadershipOptions {
  readonly store: Pick<LeaseStore, 'round' | 'releaseAll'>;
  /** This replica's id, unique among replicas (e.g. host name and process id). */
  readonly replica: string;
  /** Lease duration, ms. */
  readonly leaseMs: number;
  /** Period of the rounds (default leaseMs / 3). */
  readonly renewMs?: number;
  /** Safety margin below the lease for local clocks and round trips (default leaseMs / 4). */
  readonly marginMs?: number;
  /** Every switch of the domain, by name. */
  readonly switches: () => readonly string[];
  /** Monotonic milliseconds (default performance.now). */
  readonly monotonic?: () => number;
  /**
   * Rounds before the first lease is taken (default 1): replicas that start together see
   * each other's heartbeats first, so the first one does not take every switch.
   */
  readonly settleRounds?: number;
}

/** See the file comment. */
export class Leadership extends EventEmitter {
  private held = new Map<string, number>();
  private generations = new Map<string, number>();
  /** Monotonic time until which the held leases may be used. */
  private validUntil = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rounds = 0;
  private stopped = true;
  private readonly monotonic: () => number;

  constructor(private readonly opts: LeadershipOptions) {
    super();
    this.monotonic = opts.monotonic ?? (() => performance.now());
  }

  get replica(): string {
    return this.opts.replica;
  }

  /** True while this replica holds a lease of `sw` that it may still use. */
  isLeader(sw: string): boolean {
    return this.held.has(sw) && this.monotonic() < this.validUntil;
  }

  /** Switches this replica leads now. */
  leading(): string[] {
    return this.monotonic() < this.validUntil ? [...this.held.keys()].sort() : [];
  }

  /** The election id this replica must use for `sw`. */
  electionId(sw: string): bigint {
    const g = this.generations.get(sw) ?? 0;
    return this.isLeader(sw) ? leaderElectionId(g) : backupElectionId(g, this.opts.replica);
  }

  /** Starts the rounds (the first one at once). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the rounds and gives the leases up (they are free at once for the others). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    const had = [...this.held.keys()];
    this.held.clear();
    this.validUntil = -Infinity;
    for (const sw of had) this.announce(sw);
    await this.opts.store.releaseAll(this.opts.replica);
  }

  /** One round now (tests drive it directly). */
  round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.doRound().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.round().finally(() => this.schedule(this.opts.renewMs ?? this.opts.leaseMs / 3));
    }, ms);
    this.timer.unref();
  }

  private async doRound(): Promise<void> {
    // Resumed after a pause past the deadline: step down before anything else runs.
    this.expireIfLate();
    const started = this.monotonic();
    let r: RoundResult;
    try {
      r = await this.opts.store.round({
        replica: this.opts.replica,
        switches: this.opts.switches(),
        leaseMs: this.opts.leaseMs,
        held: this.held,
        takeNone: this.rounds < (this.opts.settleRounds ?? 1),
      });
    } catch (e) {
      this.emit(LeadershipEvent.ERROR, e as Error);
      this.expireIfLate();
      return;
    }
    this.rounds++;
    const known = new Set([...this.generations.keys(), ...this.held.keys()]);
    const before = new Map([...known].map((sw) => [sw, this.electionId(sw)] as const));
    this.held = new Map(r.held);
    this.generations = new Map(r.generations);
    const margin = this.opts.marginMs ?? this.opts.leaseMs / 4;
    this.validUntil = started + this.opts.leaseMs - margin;
    for (const sw of new Set([...this.generations.keys(), ...known])) {
      if (before.get(sw) !== this.electionId(sw)) this.announce(sw);
    }
  }

  /** Drops every lease whose local deadline passed, telling the sessions. */
  private expireIfLate(): void {
    if (this.held.size === 0 || this.monotonic() < this.validUntil) return;
    const had = [...this.held.keys()];
    this.held.clear();
    for (const sw of had) this.announce(sw);
  }

  private announce(sw: string): void {
    this.emit(LeadershipEvent.CHANGED, {
      switch: sw,
      leader: this.isLeader(sw),
      generation: this.generations.get(sw) ?? 0,
      electionId: this.electionId(sw),
    } satisfies ElectionChange);
  }
}
