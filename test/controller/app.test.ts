/**
 * The Nest application context as main.ts builds it: the modules wire up, commands run, and
 * closing it (what SIGTERM does) lets the running command finish before the database closes.
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../controller/app.module';
import { CommandService } from '../../controller/commands/command.service';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { openDataSource } from '../../controller/persistence/data-source';
import { DomainRepository } from '../../controller/persistence/domain-repository';
import { TypeOrmDomainRepository } from '../../controller/persistence/typeorm-domain-repository';
import { EXAMPLE } from '../fixtures/domain-example';
import { type TestDatabase, describeEngines, testDatabase } from './support/databases';

describeEngines('application context', (engine) => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  const logs: string[] = [];

  beforeEach(async () => {
    db = await testDatabase(engine);
    const url = db.target.type === 'sqlite' ? `sqlite:${db.target.path}` : db.target.url;
    const config = new AppConfig(loadConfig({ env: { DATABASE_URL: url } }));
    const logger = new StructuredLogger({ write: (l) => logs.push(l) });
    app = await NestFactory.createApplicationContext(AppModule.register(config, logger), {
      logger,
      abortOnError: false,
    });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  it('wires the repository token to TypeORM and runs commands through it', async () => {
    expect(app.get(DomainRepository)).toBeInstanceOf(TypeOrmDomainRepository);
    const commands = app.get(CommandService);
    await commands.seed({ ...EXAMPLE, sliceMaps: [] });
    const { state } = await commands.execute({ type: 'remove-instance', id: 'video-b' });
    expect(state.version).toBe(2);
    expect(await app.get(DomainRepository).version()).toBe(2);
  });

  it('finishes the running command before closing the database, then refuses new ones', async () => {
    const commands = app.get(CommandService);
    const dataSource = app.get(DataSource);
    const seeding = commands.seed({ ...EXAMPLE, sliceMaps: [] });
    await app.close();
    expect(await seeding).not.toBe(false);
    expect(dataSource.isInitialized).toBe(false);
    await expect(commands.execute({ type: 'remove-instance', id: 'video-b' })).rejects.toThrow(
      'shutting down',
    );
    const reopened = await openDataSource(db.target);
    expect(await new TypeOrmDomainRepository(reopened).version()).toBe(1);
    await reopened.destroy();
    expect(logs.map((l) => JSON.parse(l).msg)).toContain('database closed');
  });
});
