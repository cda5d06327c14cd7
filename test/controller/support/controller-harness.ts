/**
 * A controller's command path on a test database: the real data source (migrated), the
 * TypeORM repository, CommandService with the real planner; logs captured, not printed.
 */
import type { DataSource } from 'typeorm';
import { CommandService } from '../../../controller/commands/command.service';
import { StructuredLogger } from '../../../controller/logging/structured-logger';
import { openDataSource } from '../../../controller/persistence/data-source';
import { TypeOrmDomainRepository } from '../../../controller/persistence/typeorm-domain-repository';
import { EXAMPLE } from '../../fixtures/domain-example';
import { type Engine, type TestDatabase, testDatabase } from './databases';

export interface Harness {
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly repository: TypeOrmDomainRepository;
  readonly commands: CommandService;
  readonly logs: string[];
  close(): Promise<void>;
}

/** A fresh database of `engine` with the command path on it; `seed` stores EXAMPLE first. */
export async function harness(engine: Engine, seed = true): Promise<Harness> {
  const db = await testDatabase(engine);
  const logs: string[] = [];
  const logger = new StructuredLogger({ level: 'debug', write: (l) => logs.push(l) });
  const dataSource = await openDataSource(db.target, logger);
  const repository = new TypeOrmDomainRepository(dataSource);
  const commands = new CommandService(repository, logger);
  if (seed) {
    // The example without its version and slice maps: the seed plans the maps itself.
    await commands.seed({ ...EXAMPLE, sliceMaps: [] });
  }
  return {
    db,
    dataSource,
    repository,
    commands,
    logs,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}
