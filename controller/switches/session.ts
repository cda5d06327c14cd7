/**
 * One controller session with one switch: connect, arbitrate with the configured election id
 * (leases will derive it later; here it is a parameter), push the pipeline when the device's
 * cookie differs, and follow the stream (CHANNEL_UP / DOWN, RECONNECTED, primary / backup).
 * The session never writes entities: it tells the reconciler when the switch is ready to be
 * reconciled, and whether its pipeline had to be pushed (a new or restarted switch, which
 * holds nothing, so everything is written again).
 *
 *   const s = new SwitchSession({ name: 's1', address, deviceId: 1n, electionId: 10n, pipeline });
 *   s.on(SessionEvent.READY, (r) => reconciler.request(r.pipelinePushed ? 'restart' : r.reason));
 *   await s.start();
 */
import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import {
  P4RuntimeClient,
  SwitchEvent,
  type ArbitrationState,
  type PipelineConfig,
} from '../../p4runtime';

/** What a session is doing. */
export type SessionState = 'idle' | 'connecting' | 'ready' | 'backup' | 'down' | 'closed';

/** Why a session became ready. */
export type ReadyReason = 'connect' | 'reconnect' | 'primary';

/** Events of a session. */
export enum SessionEvent {
  /** Primary, pipeline in place: reconcile now (payload: ReadyEvent). */
  READY = 'ready',
  /** The stream ended (payload: the error, if any); the client reconnects by itself. */
  DOWN = 'down',
  /** Another controller is primary: this one must not write. */
  BACKUP = 'backup',
  /**
   * Bringing the session up failed (payload: Error). A first start is retried by the pool; a
   * later activation (reconnect, promotion) by the session itself, with backoff, while it is
   * primary, and by the next stream event.
   */
  ERROR = 'session_error',
}

/** Payload of SessionEvent.READY. */
export interface ReadyEvent {
  readonly switchName: string;
  readonly reason: ReadyReason;
  /** True when the pipeline was pushed: the switch was new, restarted or ran another one. */
  readonly pipelinePushed: boolean;
}

export interface SessionOptions {
  readonly name: string;
  readonly address: string;
  readonly deviceId: bigint | number;
  readonly electionId: bigint;
  readonly pipeline: PipelineConfig;
  /** Deadline of each call, ms (default 10 s). */
  readonly timeoutMs?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** gRPC channel options (interceptors count calls for the metrics, and writes in tests). */
  readonly channelOptions?: grpc.ClientOptions;
  /** TLS to the switch (grpc.credentials.createSsl); plaintext by default. */
  readonly credentials?: grpc.ChannelCredentials;
  /** Updates per WriteRequest. */
  readonly batchSize?: number;
}

/** One switch's session (see the file comment). */
export class SwitchSession extends EventEmitter {
  readonly client: P4RuntimeClient;
  private current: SessionState = 'idle';
  /** Aborts the calls in progress (connect, waitPrimary, pipeline) when the session closes. */
  private readonly closing = new AbortController();
  private activating: Promise<void> | undefined;
  private again: ReadyReason | undefined;
  /** A failed activation (not the first start) tried again; its wait doubles per failure. */
  private retry: { timer: NodeJS.Timeout | undefined; failures: number } = {
    timer: undefined,
    failures: 0,
  };

  constructor(readonly opts: SessionOptions) {
    super();
    this.client = new P4RuntimeClient({
      address: opts.address,
      deviceId: opts.deviceId,
      electionId: opts.electionId,
      reconnect: true,
      timeoutMs: opts.timeoutMs ?? 10_000,
      backoffInitialMs: opts.backoffInitialMs ?? 100,
      backoffMaxMs: opts.backoffMaxMs ?? 2_000,
      ...(opts.channelOptions ? { channelOptions: opts.channelOptions } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    });
    this.client.on(SwitchEvent.CHANNEL_DOWN, (err?: Error) => {
      if (this.current === 'closed') return;
      this.current = 'down';
      this.emit(SessionEvent.DOWN, err);
    });
    this.client.on(SwitchEvent.RECONNECTED, (e: { primary: boolean }) => {
      if (e.primary) this.activate('reconnect');
      else this.toBackup();
    });
    this.client.on(SwitchEvent.BECAME_PRIMARY, () => {
      if (this.current === 'backup') this.activate('primary');
    });
    this.client.on(SwitchEvent.BECAME_BACKUP, () => this.toBackup());
  }

  get name(): string {
    return this.opts.name;
  }

  get state(): SessionState {
    return this.current;
  }

  /** True while this controller may write to the switch. */
  get ready(): boolean {
    return this.current === 'ready';
  }

  /**
   * Connects (retrying until the deadline while the switch is unreachable) and, if primary,
   * makes the pipeline current and emits READY. Resolves with the first arbitration.
   */
  async start(opts: { timeoutMs?: number } = {}): Promise<ArbitrationState> {
    this.current = 'connecting';
    const state = await this.client.connect({
      timeout: opts.timeoutMs ?? 30_000,
      signal: this.closing.signal,
    });
    if (state.primary) await this.activate('connect');
    else this.toBackup();
    return state;
  }

  /** Closes the stream and the channel; no event follows. */
  close(): void {
    this.current = 'closed';
    this.cancelRetry();
    this.closing.abort(new Error(`session with switch '${this.name}' closed`));
    this.client.close();
  }

  private scheduleRetry(reason: ReadyReason): void {
    if (this.retry.timer) return;
    const initial = this.opts.backoffInitialMs ?? 100;
    const ms = Math.min(initial * 2 ** this.retry.failures, this.opts.backoffMaxMs ?? 2_000);
    this.retry.failures++;
    this.retry.timer = setTimeout(() => {
      this.retry.timer = undefined;
      // Only a primary that is not ready yet: a backup waits for its promotion, a stream that
      // is down for its reconnect (both activate again).
      if (this.current !== 'closed' && this.current !== 'ready' && this.client.isPrimary) {
        void this.activate(reason);
      }
    }, ms);
    this.retry.timer.unref();
  }

  private cancelRetry(): void {
    if (this.retry.timer) clearTimeout(this.retry.timer);
    this.retry = { timer: undefined, failures: 0 };
  }

  private toBackup(): void {
    if (this.current === 'closed') return;
    this.current = 'backup';
    this.emit(SessionEvent.BACKUP);
  }

  /** Pipeline check then READY; overlapping calls run one after the other. */
  private activate(reason: ReadyReason): Promise<void> {
    if (this.activating) {
      this.again = reason;
      return this.activating;
    }
    this.activating = (async () => {
      let next: ReadyReason | undefined = reason;
      while (next !== undefined && this.current !== 'closed') {
        const why = next;
        this.again = undefined;
        try {
          // A Write sent right after arbitration must not race the server's primary bookkeeping.
          const signal = this.closing.signal;
          if (!this.client.isPrimary) await this.client.waitPrimary({ signal });
          const { pushed } = await this.client.setPipeline(this.opts.pipeline, { signal });
          // Primary lost or stream gone during the push: not ready; the next event activates.
          if (!this.client.isPrimary || (this.current as SessionState) === 'closed') {
            next = this.again;
            continue;
          }
          this.current = 'ready';
          this.cancelRetry();
          this.emit(SessionEvent.READY, {
            switchName: this.name,
            reason: why,
            pipelinePushed: pushed,
          } satisfies ReadyEvent);
        } catch (e) {
          if ((this.current as SessionState) === 'closed') break;
          this.emit(SessionEvent.ERROR, e as Error);
          // On the first start the pool retries start() with backoff; later activations are
          // retried here (a restarted switch may refuse its first push), and by the next
          // stream event (reconnect, primary).
          if (why === 'connect') throw e;
          this.scheduleRetry(why);
        }
        next = this.again;
      }
    })().finally(() => (this.activating = undefined));
    return this.activating;
  }
}
