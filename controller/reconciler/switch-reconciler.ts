/**
 * The reconciler of one switch: read what the switch holds (p4runtime/reconcile readState),
 * diff it against the intent on canonical bytestrings, and write the difference in a safe
 * order (order.ts). One run at a time; requests that arrive during a run are folded into one
 * more run after it. A failed run leaves the switch reported diverged with its error and is
 * retried with backoff until one succeeds; nothing is ever written back to the domain.
 *
 *   const r = new SwitchReconciler(session, () => ({ version, entities }), { onChange });
 *   await r.request('version');   // resolves when this request (and any folded in) has run
 */
import * as grpc from '@grpc/grpc-js';
import { DEFAULT_BATCH_SIZE, P4RuntimeWriteError, type Update } from '../../p4runtime';
import type { AnyEntity } from '../../p4runtime/reconcile';
import { diff, readState } from '../../p4runtime/reconcile';
import type { SwitchSession } from '../switches';
import { countUpdates, orderPhases } from './order';
import { withoutUnchanged } from './unchanged';

/** Why a run happens. */
export type RunReason =
  | 'version'
  | 'connect'
  | 'reconnect'
  | 'primary'
  | 'restart'
  | 'periodic'
  | 'epoch'
  | 'retry'
  | 'manual';

/** What a switch is, seen from the reconciler. */
export interface SwitchStatus {
  readonly switchName: string;
  readonly state: 'converged' | 'converging' | 'diverged';
  /** The domain version last written (converged) or being written. */
  readonly version: number;
  /** The domain version the switch last converged to; 0 before its first success. */
  readonly applied: number;
  /** Why it is diverged. */
  readonly error?: string;
  /** Failed runs in a row. */
  readonly failures: number;
}

/** What one run changed on a switch (emitted when it wrote anything). */
export interface ChangeEvent {
  readonly switchName: string;
  readonly version: number;
  readonly reason: RunReason;
  readonly inserted: number;
  readonly modified: number;
  readonly deleted: number;
  /** True when a periodic run found the switch changed behind the controller's back. */
  readonly drift: boolean;
  readonly ms: number;
}

/** Where a run is between two write batches (for tests that send packets meanwhile). */
export interface BatchPoint {
  readonly switchName: string;
  readonly phase: number;
  readonly batch: number;
  readonly updates: readonly Update[];
}

/** The desired state of a switch at one domain version. */
export interface Desired {
  readonly version: number;
  readonly entities: readonly AnyEntity[];
  /** Changes whenever the intent does (a new state, a new time-hop epoch). */
  readonly serial: number;
}

export interface SwitchReconcilerOptions {
  readonly onChange?: (e: ChangeEvent) => void;
  readonly onStatus?: (s: SwitchStatus) => void;
  /** Called after every write batch; a run waits for it (tests send packets here). */
  readonly betweenBatches?: (p: BatchPoint) => Promise<void> | void;
  /** Updates per batch when betweenBatches is set (default 1000). */
  readonly batchSize?: number;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Deadline of one run's calls, ms. */
  readonly timeoutMs?: number;
  /**
   * Read the switch on every run (default false): a run for a new domain version then diffs
   * against what the last successful run left on the switch, skipping the read. Runs after a
   * connect, reconnect, restart, failure, and the periodic drift check always read.
   */
  readonly readEveryRun?: boolean;
  /** Leadership (controller/leadership): false while this replica must not write. */
  readonly mayWrite?: () => boolean;
}

/** Restart outranks the others: a folded request keeps the strongest reason. */
const RANK: Record<RunReason, number> = {
  restart: 3,
  reconnect: 2,
  connect: 2,
  primary: 2,
  version: 1,
  manual: 1,
  epoch: 1,
  retry: 0,
  periodic: 0,
};

/** Reconciles one switch (see the file comment). */
export class SwitchReconciler {
  private pending: RunReason | undefined;
  private looping = false;
  private done: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The last run found a table full: the next one deletes before it writes. */
  private tableFull = false;
  /** What the switch holds since the last successful run, if nothing has happened since. */
  private known: readonly AnyEntity[] | undefined;
  /** The intent serial of the last successful run. */
  private written: number | undefined;
  private current: SwitchStatus;
  /** Entities put right by periodic runs (drift repaired). */
  drifted = 0;

  constructor(
    readonly session: SwitchSession,
    private readonly desired: () => Desired | undefined,
    private readonly opts: SwitchReconcilerOptions = {},
  ) {
    this.current = {
      switchName: session.name,
      state: 'converging',
      version: 0,
      applied: 0,
      failures: 0,
    };
  }

  get status(): SwitchStatus {
    return this.current;
  }

  /** Asks for a run; resolves when the runs up to and including this request have finished. */
  request(reason: RunReason): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pending === undefined || RANK[reason] > RANK[this.pending]) this.pending = reason;
    if (!this.looping) {
      this.looping = true;
      this.done = this.loop();
    }
    return this.done;
  }

  /**
   * The session went down or became backup: what the switch holds is forgotten (the next run
   * reads it) and the switch is reported diverged until the session is ready again.
   */
  sessionLost(): void {
    this.known = undefined;
    if (this.session.ready || this.closed) return;
    this.setStatus({
      state: 'diverged',
      version: this.current.version,
      error: `not connected as primary (session ${this.session.state})`,
      failures: this.current.failures,
    });
  }

  /** The session could not be brought up (e.g. the pipeline was refused): diverged. */
  sessionFailed(err: Error): void {
    this.known = undefined;
    this.setStatus({
      state: 'diverged',
      version: this.current.version,
      error: err.message,
      failures: this.current.failures + 1,
    });
  }

  /**
   * Stops for good: no retry, no new run, and the run in progress is aborted (its calls are
   * cancelled, no status follows). Resolves once that run has ended.
   */
  close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.closing.abort(new Error(`the reconciler of '${this.session.name}' is closing`));
    return this.looping ? this.done.catch(() => undefined) : Promise.resolve();
  }

  /** Aborted by close(): cancels the calls of the run in progress. */
  private readonly closing = new AbortController();

  private async loop(): Promise<void> {
    try {
      while (this.pending !== undefined && !this.closed) {
        const reason = this.pending;
        this.pending = undefined;
        await this.run(reason);
      }
    } finally {
      this.looping = false;
    }
  }

  private setStatus(s: Omit<SwitchStatus, 'switchName' | 'applied'>): void {
    if (this.closed) return; // a run cut short by close() reports nothing
    const applied = s.state === 'converged' ? s.version : this.current.applied;
    this.current = { switchName: this.session.name, ...s, applied };
    this.opts.onStatus?.(this.current);
  }

  private async run(reason: RunReason): Promise<void> {
    const failures = this.current.failures;
    let want: Desired | undefined;
    try {
      want = this.desired();
    } catch (e) {
      // The intent cannot be compiled (an IntentError): nothing is written, the switch keeps
      // what it holds, and a later state has to fix the domain. No retry: the same state
      // would fail the same way.
      this.setStatus({
        state: 'diverged',
        version: this.current.version,
        error: (e as Error).message,
        failures: failures + 1,
      });
      return;
    }
    if (want === undefined) return;
    if (!this.session.ready) {
      // Nothing can be written; the session's READY brings the next run.
      const st = this.session.state;
      if (st === 'idle' || st === 'connecting') {
        this.setStatus({ state: 'converging', version: want.version, failures });
        return;
      }
      this.setStatus({
        state: 'diverged',
        version: want.version,
        error: `not connected as primary (session ${this.session.state})`,
        failures,
      });
      return;
    }
    if (this.opts.mayWrite?.() === false) {
      // Primary on the switch but not the lease holder (e.g. promoted when the leader's
      // stream ended): only the leader writes; leadership requests a run when it leads.
      this.setStatus({
        state: 'diverged',
        version: want.version,
        error: 'not the leader of this switch (its lease is held by another replica)',
        failures,
      });
      return;
    }
    this.setStatus({ state: 'converging', version: want.version, failures });
    const started = Date.now();
    try {
      const client = this.session.client;
      const schema = client.schema;
      if (schema === undefined) throw new Error('the session has no pipeline schema');
      const call = {
        signal: AbortSignal.any([
          AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
          this.closing.signal,
        ]),
      };
      const trust =
        !this.opts.readEveryRun &&
        (reason === 'version' || reason === 'manual' || reason === 'epoch');
      const known = trust ? this.known : undefined;
      this.known = undefined;
      // Against what the last run left, identical spellings are equal: diff only the rest.
      const sides = known
        ? withoutUnchanged(want.entities, known)
        : { desired: want.entities, known: await readState(client, schema, call) };
      const phases = orderPhases(diff(sides.desired, sides.known, schema), {
        deletesFirst: this.tableFull,
      });
      if (this.opts.betweenBatches === undefined) {
        if (phases.length > 0) await client.writePhases(phases, call);
      } else {
        await this.writeInBatches(phases, call.signal);
      }
      const counts = countUpdates(phases);
      const total = counts.inserted + counts.modified + counts.deleted;
      // Drift: the switch differed from an intent it already held (not a new one).
      const drift = reason === 'periodic' && total > 0 && want.serial === this.written;
      if (drift) this.drifted += total;
      this.known = want.entities;
      this.written = want.serial;
      this.setStatus({ state: 'converged', version: want.version, failures: 0 });
      if (total > 0) {
        this.opts.onChange?.({
          switchName: this.session.name,
          version: want.version,
          reason,
          ...counts,
          drift,
          ms: Date.now() - started,
        });
      }
      this.tableFull = false;
    } catch (e) {
      const n = failures + 1;
      this.tableFull =
        e instanceof P4RuntimeWriteError &&
        e.failures.some((f) => f.code === grpc.status.RESOURCE_EXHAUSTED);
      this.setStatus({
        state: 'diverged',
        version: want.version,
        error: (e as Error).message,
        failures: n,
      });
      this.scheduleRetry(n);
    }
  }

  private async writeInBatches(phases: Update[][], signal: AbortSignal): Promise<void> {
    const size = this.opts.batchSize ?? DEFAULT_BATCH_SIZE;
    const client = this.session.client;
    for (let p = 0; p < phases.length; p++) {
      for (let b = 0, i = 0; i < phases[p].length; b++, i += size) {
        const updates = phases[p].slice(i, i + size);
        await client.write(updates, { signal });
        await this.opts.betweenBatches?.({
          switchName: this.session.name,
          phase: p,
          batch: b,
          updates,
        });
      }
    }
  }

  private scheduleRetry(failures: number): void {
    if (this.closed || this.retryTimer) return;
    const first = this.opts.retryInitialMs ?? 200;
    const delay = Math.min(first * 2 ** (failures - 1), this.opts.retryMaxMs ?? 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.request('retry');
    }, delay);
    this.retryTimer.unref();
  }
}
