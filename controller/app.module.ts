import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CommandsModule } from './commands/commands.module';
import { DnsModule } from './dns/dns.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { EventsModule } from './events/events.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PersistenceModule } from './persistence/persistence.module';
import { InbandModule } from './inband/inband.module';
import { IntentModule } from './intent/intent.module';
import { LeadershipModule } from './leadership/leadership.module';
import { ReconcilerModule } from './reconciler/reconciler.module';
import { SwitchesModule } from './switches/switches.module';
import { StructuredLogger } from './logging/structured-logger';

/**
 * The bounded contexts of the controller, one Nest module each (docs/controller.md). A new
 * context (switches, reconciler, intent, announcements, leadership, dns, admin, metrics) is
 * one more entry here.
 */
export const CONTEXT_MODULES: readonly Type[] = [
  EventsModule,
  MetricsModule,
  PersistenceModule,
  CommandsModule,
  DnsModule,
  IntentModule,
  SwitchesModule,
  ReconcilerModule,
  LeadershipModule,
  InbandModule,
];

/** The root module: the validated configuration, logging, then every context. */
@Module({})
export class AppModule {
  /**
   * The application for `config` (already validated). `logger` is also the one to give Nest
   * (`createApplicationContext(…, { logger })`); by default one is built from `config.logging`.
   * `extra` and `dynamic` add modules (the admin API).
   */
  static register(
    config: AppConfig,
    logger: StructuredLogger = loggerFor(config),
    extra: readonly Type[] = [],
    dynamic: readonly DynamicModule[] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        ...CONTEXT_MODULES,
        ...extra,
        ...dynamic,
      ],
    };
  }
}

/** The logger `config.logging` asks for, writing to stdout. */
export function loggerFor(config: AppConfig): StructuredLogger {
  return new StructuredLogger({ level: config.logging.level, format: config.logging.format });
}
