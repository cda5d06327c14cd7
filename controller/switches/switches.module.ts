/**
 * The switches context in Nest: one SessionPool configured from `p4runtime.*` (election id,
 * deadline, reconnect wait, bmv2 JSON), closed when the application stops.
 */
import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { pipelineFor } from './pipeline';
import { SessionPool } from './pool';

/** Builds the pool of the configuration. */
export function poolFor(config: AppConfig): SessionPool {
  const p = config.p4runtime;
  return new SessionPool({
    electionId: BigInt(p.electionId),
    pipeline: (sw) => pipelineFor(sw.target, p.bmv2Json ? { bmv2Json: p.bmv2Json } : {}),
    session: {
      timeoutMs: p.deadlineMs,
      backoffInitialMs: Math.min(100, p.reconnectMs),
      backoffMaxMs: p.reconnectMs,
      batchSize: config.reconciler.batchSize,
    },
    retryInitialMs: p.reconnectMs,
    retryMaxMs: 30_000,
  });
}

/** Closes every session (streams end, the switches see this controller leave). */
@Injectable()
export class SessionCloser implements BeforeApplicationShutdown {
  constructor(@Inject(SessionPool) private readonly pool: SessionPool) {}

  beforeApplicationShutdown(): void {
    this.pool.close();
  }
}

@Module({
  providers: [{ provide: SessionPool, inject: [AppConfig], useFactory: poolFor }, SessionCloser],
  exports: [SessionPool],
})
export class SwitchesModule {}
