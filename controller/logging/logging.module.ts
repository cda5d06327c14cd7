import { type DynamicModule, Global, Module } from '@nestjs/common';
import { StructuredLogger } from './structured-logger';

/**
 * Provides the StructuredLogger to every module: the same instance main.ts gives Nest as its
 * logger, so Nest's own lines and the modules' lines share one format and one output.
 */
@Global()
@Module({})
export class LoggingModule {
  /** Registers `logger` (built from `logging.level` and `logging.format`). */
  static forRoot(logger: StructuredLogger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: StructuredLogger, useValue: logger }],
      exports: [StructuredLogger],
    };
  }
}
