/**
 * The reconciler of the fabric: on every new domain version, on every session that becomes
 * ready (connect, reconnect, a restarted switch whose pipeline had to be pushed) and
 * periodically (drift), each switch is brought to its intent by its SwitchReconciler. The
 * intent is compiled once per domain version and time-hop epoch, and shared by the switches.
 *
 *   const r = new Reconciler(pool, { clock: () => Date.now() / 1000, periodMs: 30_000 });
 *   r.on(ReconcilerEvent.CHANGE, (e: ChangeEvent) => log(e));
 *   await r.setState(state);           // resolves when every ready switch has been reconciled
 */
import { EventEmitter } from 'node:events';
import type { DomainState } from '../domain';
import {
  compileIntent,
  entitiesOf,
  epochOf,
  type IntentOptions,
  type SwitchIntent,
} from '../intent';
import {
  PoolEvent,
  SessionEvent,
  type ReadyEvent,
  type SessionPool,
  type SwitchSession,
} from '../switches';
import {
  SwitchReconciler,
  type BatchPoint,
  type RunReason,
  type SwitchReconcilerOptions,
  type SwitchStatus,
} from './switch-reconciler';

export enum ReconcilerEvent {
  /** A run wrote to a switch (payload: ChangeEvent). */
  CHANGE = 'change',
  /** A switch's status changed (payload: SwitchStatus). */
  STATUS = 'status',
}

export interface ReconcilerOptions {
  /** Unix time in seconds (time-hop epochs); default the system clock. */
  readonly clock?: () => number;
  /** Configuration the intent needs besides the domain (gateways, ACL drops). */
  readonly intent?: IntentOptions;
  /** How the intent is compiled (default compileIntent with `intent`; Nest gives IntentService). */
  readonly compile?: (state: DomainState, now: number) => Map<string, SwitchIntent>;
  /** Period of the drift check, ms; 0 or absent: no periodic runs. */
  readonly periodMs?: number;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Called between write batches of every run (tests send packets there). */
  readonly betweenBatches?: (p: BatchPoint) => Promise<void> | void;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  /** Leadership (controller/leadership): whether this replica may write to a switch now. */
  readonly mayWrite?: (switchName: string) => boolean;
}

/** Reconciles every switch of the pool to the intent of the latest domain state. */
export class Reconciler extends EventEmitter {
  private state: DomainState | undefined;
  private cache:
    | { state: DomainState; key: string; serial: number; intent: Map<string, SwitchIntent> }
    | undefined;
  private serial = 0;
  private epochTimer: NodeJS.Timeout | undefined;
  private readonly workers = new Map<string, SwitchReconciler>();
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;
  private readonly onAdded = (s: SwitchSession) => this.attach(s);
  private readonly onRemoved = (s: SwitchSession) => void this.detach(s.name);

  constructor(
    readonly pool: SessionPool,
    private readonly opts: ReconcilerOptions = {},
  ) {
    super();
    this.clock = opts.clock ?? (() => Date.now() / 1000);
    for (const s of pool.all()) this.attach(s);
    pool.on(PoolEvent.ADDED, this.onAdded);
    pool.on(PoolEvent.REMOVED, this.onRemoved);
    if (opts.periodMs) {
      this.timer = setInterval(() => void this.requestAll('periodic'), opts.periodMs);
      this.timer.unref();
    }
  }

  /** The domain version being converged to. */
  get version(): number | undefined {
    return this.state?.version;
  }

  /** Takes a new domain version: sessions follow its switches, every switch is reconciled. */
  setState(state: DomainState): Promise<void> {
    this.state = state;
    this.pool.sync(state.switches);
    return this.requestAll('version');
  }

  /** Runs every switch now (resolves when done). */
  requestAll(reason: RunReason): Promise<void> {
    return Promise.all([...this.workers.values()].map((w) => w.request(reason))).then(
      () => undefined,
    );
  }

  /** The worker of switch `name` (for its status and drift count). */
  worker(name: string): SwitchReconciler | undefined {
    return this.workers.get(name);
  }

  /** The status of every switch. */
  statuses(): SwitchStatus[] {
    return [...this.workers.values()].map((w) => w.status);
  }

  /** True when every switch holds the intent of `version` (default: the latest). */
  converged(version = this.state?.version): boolean {
    return this.statuses().every((s) => s.state === 'converged' && s.version === version);
  }

  /** Resolves once every switch holds the latest version; rejects after `timeoutMs`. */
  whenConverged(timeoutMs = 30_000): Promise<void> {
    if (this.converged()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!this.converged()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        const text = this.statuses()
          .map((s) => `${s.switchName} ${s.state} v${s.version}${s.error ? `: ${s.error}` : ''}`)
          .join('; ');
        reject(new Error(`not converged in ${timeoutMs} ms: ${text}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.off(ReconcilerEvent.STATUS, check);
      };
      this.on(ReconcilerEvent.STATUS, check);
    });
  }

  /** The intent of the current state at the current time (compiled once per state and epoch). */
  intent(): Map<string, SwitchIntent> | undefined {
    const state = this.state;
    if (state === undefined) return undefined;
    const now = this.clock();
    // The time enters the intent only through time-hop epochs: key the cache by them.
    const epochs = state.services
      .map((s) => (s.rule.kind === 'time-hop' ? epochOf(now, s.rule.period) : ''))
      .join(',');
    // By identity, not by version: two states of one version (a test, a replay) may differ.
    if (this.cache?.state !== state || this.cache.key !== epochs) {
      this.cache = {
        state,
        key: epochs,
        serial: ++this.serial,
        intent: this.opts.compile
          ? this.opts.compile(state, now)
          : compileIntent(state, now, this.opts.intent),
      };
      this.scheduleEpoch(state, now);
    }
    return this.cache.intent;
  }

  /**
   * Runs every switch at the next time-hop epoch boundary of any service (the ssa.ranges
   * entries carry the epoch, wire §2), so the switches follow the clock without waiting for the
   * drift check.
   */
  private scheduleEpoch(state: DomainState, now: number): void {
    if (this.epochTimer) clearTimeout(this.epochTimer);
    this.epochTimer = undefined;
    let next = Infinity;
    for (const s of state.services) {
      if (s.rule.kind === 'time-hop') {
        next = Math.min(next, (epochOf(now, s.rule.period) + 1) * s.rule.period);
      }
    }
    if (next === Infinity) return;
    // A few ms past the boundary, so the clock read then is inside the new epoch.
    const ms = Math.max(0, (next - now) * 1000) + 5;
    this.epochTimer = setTimeout(() => void this.requestAll('epoch'), Math.min(ms, 2 ** 31 - 1));
    this.epochTimer.unref();
  }

  /**
   * Stops the periodic check and every worker (sessions belong to the pool); resolves once the
   * runs in progress have ended (they are aborted).
   */
  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.epochTimer) clearTimeout(this.epochTimer);
    this.pool.off(PoolEvent.ADDED, this.onAdded);
    this.pool.off(PoolEvent.REMOVED, this.onRemoved);
    return Promise.all([...this.workers.keys()].map((name) => this.detach(name))).then(
      () => undefined,
    );
  }

  private attach(session: SwitchSession): void {
    const name = session.name;
    const opts: SwitchReconcilerOptions = {
      onChange: (e) => this.emit(ReconcilerEvent.CHANGE, e),
      onStatus: (s) => this.emit(ReconcilerEvent.STATUS, s),
      ...(this.opts.betweenBatches ? { betweenBatches: this.opts.betweenBatches } : {}),
      ...(this.opts.batchSize ? { batchSize: this.opts.batchSize } : {}),
      ...(this.opts.retryInitialMs ? { retryInitialMs: this.opts.retryInitialMs } : {}),
      ...(this.opts.retryMaxMs ? { retryMaxMs: this.opts.retryMaxMs } : {}),
      ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
      ...(this.opts.mayWrite ? { mayWrite: () => this.opts.mayWrite?.(name) ?? true } : {}),
    };
    const worker = new SwitchReconciler(
      session,
      () => {
        const intent = this.intent()?.get(name);
        if (intent?.error) throw intent.error;
        return intent && this.state && this.cache
          ? { version: this.state.version, entities: entitiesOf(intent), serial: this.cache.serial }
          : undefined;
      },
      opts,
    );
    this.workers.set(name, worker);
    session.on(SessionEvent.ERROR, (e: Error) => worker.sessionFailed(e));
    session.on(SessionEvent.DOWN, () => worker.sessionLost());
    session.on(SessionEvent.BACKUP, () => worker.sessionLost());
    session.on(SessionEvent.READY, (e: ReadyEvent) => {
      void worker.request(e.pipelinePushed && e.reason !== 'connect' ? 'restart' : e.reason);
    });
  }

  private detach(name: string): Promise<void> {
    const worker = this.workers.get(name);
    this.workers.delete(name);
    return worker?.close() ?? Promise.resolve();
  }
}
