/**
 * Reads the data-plane counters of every switch with a ready session every
 * `metrics.counterReadMs` while metrics are served, so /metrics shows them without anyone
 * calling `ssactl counters`: SSA conforming and non-conforming packets per service index,
 * ingress drops and punts per reason (docs/dataplane.md, "Counters"). The reads go through the
 * admin API's SwitchStateSource (ReconcilerSwitchState.counters), which sets the gauges.
 */
import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StructuredLogger } from '../logging/structured-logger';
import { SessionPool } from '../switches/pool';
import { SwitchStateSource } from '../admin/switch-state';

/** The counters read on every round (names in the P4Info). */
export const POLLED_COUNTERS = [
  'ssa.conforming',
  'ssa.non_conforming',
  'ingress.drops',
  'ingress.punts',
] as const;

/** The periodic reader (only runs with `metrics.enabled` and `metrics.counterReadMs` > 0). */
@Injectable()
export class DataplaneCounterPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly state: SwitchStateSource,
    private readonly pool: SessionPool,
    private readonly config: AppConfig,
    private readonly logger: StructuredLogger,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.metrics.counterReadMs;
    if (!this.config.metrics.enabled || every <= 0) return;
    this.timer = setInterval(() => void this.readOnce(), every);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.reading;
  }

  /**
   * One round over the ready sessions (a round still running is joined, not doubled);
   * resolves with the number of counter cells read. A switch that fails is skipped and logged
   * at debug level: its session's own state says why.
   */
  readOnce(): Promise<number> {
    this.reading ??= this.round().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async round(): Promise<number> {
    let cells = 0;
    for (const session of this.pool.all()) {
      if (this.stopped) break;
      if (!session.ready || session.client.schema === undefined) continue;
      for (const counter of POLLED_COUNTERS) {
        if (session.client.schema.counters.findName(counter) === undefined) continue;
        try {
          cells += (await this.state.counters(session.name, counter)).length;
        } catch (e) {
          this.logger.debug(
            { msg: 'counter read failed', switch: session.name, counter, error: String(e) },
            'Metrics',
          );
        }
      }
    }
    return cells;
  }
}
