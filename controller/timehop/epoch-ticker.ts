/**
 * Time-hop epochs (wire §2): a time-hop service's conforming slice depends on
 * epoch = floor(unix seconds / period), and the switch accepts the current and the previous
 * epoch (ssa.ranges holds the current one). At every period boundary of any time-hop service
 * the ticker asks for a reconcile; the intent then carries the new epoch, and the diff is one
 * MODIFY per range of that service. A client that computed its address with the wall clock
 * just before the boundary still conforms after it (previous epoch); one a little ahead
 * conforms as soon as the switch holds the new epoch.
 *
 * The clock and the timer are injectable, so tests move time instead of sleeping:
 *
 *   const t = new EpochTicker({ services: () => state.services, clock, onBoundary: () =>
 *     reconciler.requestAll('periodic') });
 *   t.start();
 */
import type { Service } from '../domain';

/** Runs `fn` after `ms` milliseconds; returns a cancel function. `fn` resolves when done. */
export type Schedule = (ms: number, fn: () => Promise<void>) => () => void;

export interface EpochTickerOptions {
  /** The services of the current domain state. */
  readonly services: () => readonly Service[] | undefined;
  /** Unix time in seconds (the clock the intent compiler is given). */
  readonly clock: () => number;
  /** Called at each boundary (the reconciler's run); a failure is reported, not fatal. */
  readonly onBoundary: (at: number) => Promise<void> | void;
  readonly onError?: (e: unknown) => void;
  /** Default: setTimeout, unref'd. */
  readonly schedule?: Schedule;
}

const systemSchedule: Schedule = (ms, fn) => {
  const t = setTimeout(() => void fn(), ms);
  t.unref();
  return () => clearTimeout(t);
};

/** The first period boundary after `now` of any time-hop service, in unix seconds. */
export function nextBoundary(services: readonly Service[], now: number): number | undefined {
  let next: number | undefined;
  for (const s of services) {
    if (s.rule.kind !== 'time-hop') continue;
    const b = (Math.floor(now / s.rule.period) + 1) * s.rule.period;
    if (next === undefined || b < next) next = b;
  }
  return next;
}

/** See the file comment. */
export class EpochTicker {
  private cancel: (() => void) | undefined;
  private target: number | undefined;
  private stopped = true;
  private readonly schedule: Schedule;

  constructor(private readonly opts: EpochTickerOptions) {
    this.schedule = opts.schedule ?? systemSchedule;
  }

  /** The boundary the ticker waits for (unix seconds), if any. */
  get waitingFor(): number | undefined {
    return this.target;
  }

  /** Starts waiting for the next boundary. */
  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Waits again from now (call when the services change: a new time-hop service or period). */
  rearm(): void {
    if (!this.stopped) this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    this.target = undefined;
  }

  private arm(): void {
    this.cancel?.();
    this.cancel = undefined;
    const now = this.opts.clock();
    this.target = nextBoundary(this.opts.services() ?? [], now);
    if (this.target === undefined) return;
    // Timers may fire a little early or late; fire() checks the clock itself.
    const ms = Math.max(0, Math.round((this.target - now) * 1000));
    this.cancel = this.schedule(ms, () => this.fire());
  }

  private async fire(): Promise<void> {
    if (this.stopped) return;
    const target = this.target;
    if (target !== undefined && this.opts.clock() >= target) {
      try {
        await this.opts.onBoundary(target);
      } catch (e) {
        this.opts.onError?.(e);
      }
    }
    if (!this.stopped) this.arm();
  }
}
