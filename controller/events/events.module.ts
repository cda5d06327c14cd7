import { Global, Module } from '@nestjs/common';
import { StructuredLogger } from '../logging/structured-logger';
import { EventBus, InMemoryEventBus } from './event-bus';

/** The event bus, global: any context may inject EventBus and publish into it. */
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      inject: [StructuredLogger],
      useFactory: (logger: StructuredLogger) =>
        new InMemoryEventBus((e) =>
          logger.warn({ msg: 'event listener failed', error: String(e) }, 'Events'),
        ),
    },
  ],
  exports: [EventBus],
})
export class EventsModule {}
