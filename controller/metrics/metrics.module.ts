import {
  type BeforeApplicationShutdown,
  Global,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EventBus } from '../events/event-bus';
import { StructuredLogger } from '../logging/structured-logger';
import { FabricMetrics } from './fabric-metrics';
import { MetricsServer } from './metrics-server';

/** Follows the event bus and, with `metrics.enabled`, serves /metrics and /healthz. */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopFollowing: (() => void) | undefined;
  private stopping = false;
  private server: MetricsServer | undefined;
  /** The bound port once listening (0 asked: the real one). */
  port = 0;

  constructor(
    private readonly metrics: FabricMetrics,
    private readonly events: EventBus,
    private readonly config: AppConfig,
    private readonly logger: StructuredLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopFollowing = this.metrics.follow(this.events);
    if (!this.config.metrics.enabled) return;
    this.server = new MetricsServer(this.metrics, () => !this.stopping);
    this.port = await this.server.listen(this.config.metrics.host, this.config.metrics.port);
    this.logger.log(
      { msg: 'metrics listening', address: `${this.config.metrics.host}:${this.port}` },
      'Metrics',
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopFollowing?.();
    await this.server?.close();
  }
}

/** The metrics context (global: any context may inject FabricMetrics and record). */
@Global()
@Module({
  providers: [
    { provide: FabricMetrics, useFactory: () => new FabricMetrics({ processMetrics: true }) },
    MetricsEndpoint,
  ],
  exports: [FabricMetrics],
})
export class MetricsModule {}
