/**
 * The switches context in Nest: one SessionPool configured from `p4runtime.*` (election id,
 * deadline, reconnect wait, bmv2 JSON), closed when the application stops.
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LeadershipModule, LeadershipService } from '../leadership/leadership.module';
import { FabricMetrics } from '../metrics/fabric-metrics';
import { callMetricsInterceptor } from './call-metrics';
import { pipelineFor } from './pipeline';
import { SessionPool } from './pool';

/** Builds the pool of the configuration. */
export function poolFor(
  config: AppConfig,
  leadership?: LeadershipService,
  metrics?: FabricMetrics,
): SessionPool {
  const p = config.p4runtime;
  const l = leadership?.leadership;
  const credentials = channelCredentials(config);
  return new SessionPool({
    // Leadership wiring: with leases (PostgreSQL) each switch's id comes from its lease.
    electionId: l ? (sw) => l.electionId(sw.name) : BigInt(p.electionId),
    pipeline: (sw) =>
      pipelineFor(sw.target, {
        ...(p.bmv2Json ? { bmv2Json: p.bmv2Json } : {}),
        ...(p.tofinoDir ? { tofinoDir: p.tofinoDir } : {}),
      }),
    // Every call's latency and status, per switch and method (ssa_p4runtime_call_*).
    ...(metrics
      ? {
          channelOptions: (sw: { name: string }) => ({
            interceptors: [
              callMetricsInterceptor((method, seconds, code) =>
                metrics.p4runtimeCall(sw.name, method, seconds, code),
              ),
            ],
          }),
        }
      : {}),
    session: {
      ...(credentials ? { credentials } : {}),
      timeoutMs: p.deadlineMs,
      backoffInitialMs: Math.min(100, p.reconnectMs),
      backoffMaxMs: p.reconnectMs,
      batchSize: config.reconciler.batchSize,
    },
    retryInitialMs: p.reconnectMs,
    retryMaxMs: 30_000,
  });
}

/** TLS credentials for the switches from `p4runtime.tls*` (PEM files), or none for plaintext. */
export function channelCredentials(config: AppConfig): grpc.ChannelCredentials | undefined {
  const p = config.p4runtime;
  if (p.tlsCa === undefined) return undefined;
  return grpc.credentials.createSsl(
    readFileSync(p.tlsCa),
    p.tlsKey ? readFileSync(p.tlsKey) : null,
    p.tlsCert ? readFileSync(p.tlsCert) : null,
  );
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
  imports: [LeadershipModule],
  providers: [
    {
      provide: SessionPool,
      inject: [AppConfig, LeadershipService, { token: FabricMetrics, optional: true }],
      useFactory: poolFor,
    },
    SessionCloser,
  ],
  exports: [SessionPool],
})
export class SwitchesModule {}
