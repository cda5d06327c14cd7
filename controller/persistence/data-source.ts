import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DataSource,
  type DataSourceOptions,
  type LoggerOptions,
  type Logger as OrmLogger,
} from 'typeorm';
import type { DatabaseTarget } from '../config/app-config';
import { redactUrl } from '../config/redact';
import type { StructuredLogger } from '../logging/structured-logger';
import { ApiTokenEntity } from './entities/api-token.entity';
import { AuditEntity } from './entities/audit.entity';
import { DomainVersionEntity } from './entities/domain-version.entity';
import { InstanceEntity } from './entities/instance.entity';
import { ControllerReplicaEntity, SwitchLeaseEntity } from './entities/lease.entity';
import { MslbEntity } from './entities/mslb.entity';
import { RouteEntity } from './entities/route.entity';
import { ServiceEntity } from './entities/service.entity';
import { PostgresSliceMapEntity, SqliteSliceMapEntity } from './entities/slice-map.entity';
import { SwitchEntity } from './entities/switch.entity';
import { MIGRATIONS } from './migrations';

const COMMON_ENTITIES = [
  DomainVersionEntity,
  SwitchEntity,
  ServiceEntity,
  InstanceEntity,
  MslbEntity,
  RouteEntity,
  SwitchLeaseEntity,
  ControllerReplicaEntity,
  ApiTokenEntity,
  AuditEntity,
];

/** The slice map entity class of the engine (blob on SQLite, bytea on PostgreSQL). */
export function sliceMapEntity(
  type: DatabaseTarget['type'],
): typeof SqliteSliceMapEntity | typeof PostgresSliceMapEntity {
  return type === 'sqlite' ? SqliteSliceMapEntity : PostgresSliceMapEntity;
}

/** TypeORM options for the target: entities, hand-written migrations, never `synchronize`. */
export function dataSourceOptions(
  target: DatabaseTarget,
  logger?: StructuredLogger,
  logSql = false,
): DataSourceOptions {
  const common = {
    entities: [...COMMON_ENTITIES, sliceMapEntity(target.type)],
    synchronize: false,
    migrationsRun: false, // run by openDataSource, which logs what it applied
    migrationsTransactionMode: 'all' as const,
    logger: logger ? new OrmLogAdapter(logger, logSql) : undefined,
    logging: (logger ? (logSql ? 'all' : ['error', 'warn', 'migration']) : false) as LoggerOptions,
  };
  if (target.type === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      migrations: [...MIGRATIONS.sqlite],
      timeout: 5000,
    };
  }
  return {
    ...common,
    type: 'postgres',
    url: target.url,
    migrations: [...MIGRATIONS.postgres],
    applicationName: 'ssa-controller',
    extra: { max: 8 },
  };
}

/**
 * Opens the database and brings its schema up to date (every pending migration, in one
 * transaction). A SQLite file's folder is created if missing.
 */
export async function openDataSource(
  target: DatabaseTarget,
  logger?: StructuredLogger,
  logSql = false,
): Promise<DataSource> {
  if (target.type === 'sqlite' && target.path !== ':memory:') {
    mkdirSync(dirname(target.path), { recursive: true });
  }
  const dataSource = new DataSource(dataSourceOptions(target, logger, logSql));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    logger?.log(
      {
        msg: 'database ready',
        engine: target.type,
        database: target.type === 'sqlite' ? target.path : redactUrl(target.url),
        migrationsApplied: applied.map((m) => m.name),
      },
      'Persistence',
    );
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
  return dataSource;
}

/** Routes TypeORM's own messages into the structured log (context "TypeORM"). */
class OrmLogAdapter implements OrmLogger {
  constructor(
    private readonly logger: StructuredLogger,
    private readonly logSql: boolean,
  ) {}

  logQuery(query: string): void {
    if (this.logSql) this.logger.debug({ msg: 'sql', query }, 'TypeORM');
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ msg: 'sql failed', error: String(error), query }, 'TypeORM');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ msg: 'slow sql', ms: time, query }, 'TypeORM');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug({ msg: message }, 'TypeORM');
  }
  logMigration(message: string): void {
    this.logger.log({ msg: message }, 'TypeORM');
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ msg: String(message) }, 'TypeORM');
    else this.logger.debug({ msg: String(message) }, 'TypeORM');
  }
}
