import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CommandsModule } from './commands/commands.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { EventsModule } from './events/events.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { PersistenceModule } from './persistence/persistence.module';

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
];

/** The root module: the validated configuration, logging, then every context. */
@Module({})
export class AppModule {
  /** The application for `config` (already validated), with optional extra modules. */
  static register(
    config: AppConfig,
    extra: readonly Type[] = [],
    dynamic: readonly DynamicModule[] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        ...CONTEXT_MODULES,
        ...extra,
        ...dynamic,
      ],
    };
  }
}
