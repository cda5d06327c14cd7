/**
 * The sessions of every switch of the domain: one SwitchSession per switch, created when the
 * switch appears, replaced when its address or device id changes, closed when it goes. A
 * session that cannot be brought up is retried with backoff.
 *
 *   const pool = new SessionPool({ electionId: 10n, pipeline: (sw) => pipelineFor(sw.target) });
 *   pool.on(PoolEvent.ADDED, (s: SwitchSession) => ...);
 *   pool.sync(state.switches);
 */
import type * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import type { PipelineConfig } from '../../p4runtime';
import type { Switch } from '../domain';
import { SessionEvent, SwitchSession, type SessionOptions } from './session';

export enum PoolEvent {
  /** A session was created (payload: SwitchSession); it is starting. */
  ADDED = 'added',
  /** A session was closed (payload: SwitchSession). */
  REMOVED = 'removed',
  /** A switch could not get a session (payload: { switchName, error }). */
  FAILED = 'failed',
}

export interface PoolOptions {
  /**
   * The P4Runtime election id of this controller, or per switch (leadership derives it from
   * the switch's lease generation: controller/leadership).
   */
  readonly electionId: bigint | ((sw: Switch) => bigint);
  /** The pipeline of a switch (pipelineFor(sw.target) in production). */
  readonly pipeline: (sw: Switch) => PipelineConfig;
  /** Extra session options (timeouts, channel options, batch size). */
  readonly session?: Partial<Omit<SessionOptions, 'name' | 'address' | 'deviceId'>>;
  /** Channel options of one switch, over `session.channelOptions` (interceptors are added). */
  readonly channelOptions?: (sw: Switch) => grpc.ClientOptions;
  /** First retry delay of a failed start, ms (doubles up to retryMaxMs). */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
}

const identity = (sw: Switch) => `${sw.address} device ${sw.deviceId}`;

/** Sessions by switch name. */
export class SessionPool extends EventEmitter {
  private readonly sessions = new Map<string, { session: SwitchSession; id: string }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(readonly opts: PoolOptions) {
    super();
  }

  /** The session of switch `name`. */
  get(name: string): SwitchSession | undefined {
    return this.sessions.get(name)?.session;
  }

  /** Every session. */
  all(): SwitchSession[] {
    return [...this.sessions.values()].map((s) => s.session);
  }

  /** Makes the sessions follow `switches`: new ones start, changed ones restart, gone ones close. */
  sync(switches: readonly Switch[]): void {
    if (this.closed) return;
    const wanted = new Map(switches.map((s) => [s.name, s]));
    for (const [name, s] of this.sessions) {
      const sw = wanted.get(name);
      if (sw === undefined || identity(sw) !== s.id) this.remove(name);
    }
    for (const sw of switches) {
      if (this.sessions.has(sw.name)) continue;
      // A switch whose pipeline cannot be had (a missing bmv2 JSON or Tofino build) gets no
      // session and says why; the others go on, and the next sync tries it again.
      let pipeline: PipelineConfig;
      try {
        pipeline = this.opts.pipeline(sw);
      } catch (e) {
        this.emit(PoolEvent.FAILED, { switchName: sw.name, error: e as Error });
        continue;
      }
      const session = new SwitchSession({
        ...this.opts.session,
        ...(this.opts.channelOptions
          ? {
              channelOptions: mergeChannelOptions(
                this.opts.session?.channelOptions,
                this.opts.channelOptions(sw),
              ),
            }
          : {}),
        name: sw.name,
        address: sw.address,
        deviceId: sw.deviceId,
        electionId:
          typeof this.opts.electionId === 'function'
            ? this.opts.electionId(sw)
            : this.opts.electionId,
        pipeline,
      });
      // A failed pipeline push is not fatal to the controller: the next stream retries it.
      session.on(SessionEvent.ERROR, () => undefined);
      this.sessions.set(sw.name, { session, id: identity(sw) });
      this.emit(PoolEvent.ADDED, session);
      this.startWithRetry(session, this.opts.retryInitialMs ?? 200);
    }
  }

  /** Closes every session and stops retrying. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const name of [...this.sessions.keys()]) this.remove(name);
  }

  private remove(name: string): void {
    const s = this.sessions.get(name);
    if (s === undefined) return;
    this.sessions.delete(name);
    s.session.close();
    this.emit(PoolEvent.REMOVED, s.session);
  }

  private startWithRetry(session: SwitchSession, delayMs: number): void {
    session.start().catch((e: unknown) => {
      if (session.state === 'closed' || this.closed) return;
      session.emit(SessionEvent.ERROR, e as Error);
      const t = setTimeout(() => {
        this.timers.delete(t);
        // The client's stream keeps reopening by itself: retry only if it did not get through.
        if (session.state === 'connecting' || session.state === 'down') {
          this.startWithRetry(session, Math.min(delayMs * 2, this.opts.retryMaxMs ?? 5_000));
        }
      }, delayMs);
      t.unref();
      this.timers.add(t);
    });
  }
}

/** `b` over `a`, with the interceptors of both (a's first). */
function mergeChannelOptions(
  a: grpc.ClientOptions | undefined,
  b: grpc.ClientOptions,
): grpc.ClientOptions {
  return { ...a, ...b, interceptors: [...(a?.interceptors ?? []), ...(b.interceptors ?? [])] };
}
