/**
 * Embedded switches and a controller (session pool + reconciler) in one process, over real
 * gRPC on loopback ports chosen by the OS. Writes are counted on the wire with a grpc-js client
 * interceptor that decodes every WriteRequest the controller sends.
 */
import type { PipelineConfig } from '../../p4runtime';
import {
  Reconciler,
  ReconcilerEvent,
  type ChangeEvent,
  type ReconcilerOptions,
} from '../../controller/reconciler';
import { SessionPool, pipelineFor } from '../../controller/switches';
import type { DomainState } from '../../controller/domain';
import { WriteLog } from '../../bench/fixtures/embedded-fabric';

export {
  EmbeddedSwitch,
  WriteLog,
  startSwitches,
  type SentUpdate,
} from '../../bench/fixtures/embedded-fabric';

/** A controller: sessions to every switch of the state and a reconciler over them. */
export class TestController {
  readonly pool: SessionPool;
  readonly reconciler: Reconciler;

  constructor(
    readonly log: WriteLog = new WriteLog(),
    opts: ReconcilerOptions & { electionId?: bigint; pipeline?: () => PipelineConfig } = {},
  ) {
    this.pool = new SessionPool({
      electionId: opts.electionId ?? 10n,
      pipeline: (sw) => opts.pipeline?.() ?? pipelineFor(sw.target),
      session: {
        timeoutMs: 10_000,
        backoffInitialMs: 20,
        backoffMaxMs: 200,
        channelOptions: {
          interceptors: [log.interceptor],
          // A restarted switch is reached again within a fraction of a second.
          'grpc.initial_reconnect_backoff_ms': 50,
          'grpc.max_reconnect_backoff_ms': 200,
        },
      },
      retryInitialMs: 50,
      retryMaxMs: 500,
    });
    this.reconciler = new Reconciler(this.pool, {
      clock: () => 1_796_601_600,
      retryInitialMs: 50,
      retryMaxMs: 500,
      ...opts,
    });
  }

  /** Resolves with the next change that `match` accepts (bounded by `timeoutMs`). */
  nextChange(match: (e: ChangeEvent) => boolean, timeoutMs = 20_000): Promise<ChangeEvent> {
    return new Promise((resolve, reject) => {
      const on = (e: ChangeEvent) => {
        if (!match(e)) return;
        clearTimeout(timer);
        this.reconciler.off(ReconcilerEvent.CHANGE, on);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.reconciler.off(ReconcilerEvent.CHANGE, on);
        reject(new Error(`no matching change in ${timeoutMs} ms`));
      }, timeoutMs);
      this.reconciler.on(ReconcilerEvent.CHANGE, on);
    });
  }

  /** Applies a domain version and waits until every switch holds it. */
  async apply(state: DomainState, timeoutMs = 30_000): Promise<void> {
    await this.reconciler.setState(state);
    await this.reconciler.whenConverged(timeoutMs);
  }

  /** Stops the reconciler (its runs in progress end first), then the sessions. */
  async close(): Promise<void> {
    await this.reconciler.close();
    this.pool.close();
  }
}
