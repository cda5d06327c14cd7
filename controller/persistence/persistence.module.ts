import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { StructuredLogger } from '../logging/structured-logger';
import { openDataSource } from './data-source';
import { DomainRepository } from './domain-repository';
import { TypeOrmDomainRepository } from './typeorm-domain-repository';

/**
 * Closes the database last: modules that still need it while stopping (releasing leases,
 * finishing a command) do so in `beforeApplicationShutdown`, which Nest runs before this.
 */
@Injectable()
export class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly logger: StructuredLogger,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.log({ msg: 'database closed', signal }, 'Persistence');
  }
}

/**
 * The persistence context: opens the database of `database.*` (SQLite file by default,
 * PostgreSQL by DATABASE_URL), runs the pending migrations before anything else starts, and
 * provides DomainRepository. DataSource is exported for modules with their own tables
 * (leadership's leases).
 */
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig, StructuredLogger],
      useFactory: (config: AppConfig, logger: StructuredLogger) =>
        openDataSource(config.databaseTarget(), logger, config.database.logSql),
    },
    {
      provide: DomainRepository,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new TypeOrmDomainRepository(dataSource),
    },
    DatabaseCloser,
  ],
  exports: [DataSource, DomainRepository],
})
export class PersistenceModule {}
