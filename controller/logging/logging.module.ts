import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { StructuredLogger } from './structured-logger';

/** Provides the StructuredLogger configured by `logging.level` and `logging.format`. */
@Global()
@Module({
  providers: [
    {
      provide: StructuredLogger,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new StructuredLogger({ level: config.logging.level, format: config.logging.format }),
    },
  ],
  exports: [StructuredLogger],
})
export class LoggingModule {}
