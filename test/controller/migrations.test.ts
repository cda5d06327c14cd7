/** Migrations from an empty database, on SQLite and on PostgreSQL. */
import type { DataSource } from 'typeorm';
import { openDataSource } from '../../controller/persistence/data-source';
import { MIGRATIONS } from '../../controller/persistence/migrations';
import { describeEngines, testDatabase, type TestDatabase } from './support/databases';
import { dumpDatabase } from './support/dump';

const TABLES = [
  'api_token',
  'audit_log',
  'controller_replica',
  'domain_version',
  'instance',
  'mslb',
  'route',
  'service',
  'slice_map',
  'switch',
  'switch_lease',
];

describeEngines('migrations', (engine) => {
  let db: TestDatabase;
  let ds: DataSource | undefined;

  beforeEach(async () => {
    db = await testDatabase(engine);
  });
  afterEach(async () => {
    if (ds?.isInitialized) await ds.destroy();
    ds = undefined;
    await db.drop();
  });

  it('builds the whole schema on an empty database, with the version at 0', async () => {
    ds = await openDataSource(db.target);
    const dump = await dumpDatabase(ds);
    for (const table of TABLES) expect(dump).toContain(`# ${table} (`);
    expect(dump).toContain('# domain_version (1)');
    expect(await ds.query(`SELECT "version" FROM "domain_version"`)).toEqual([
      { version: engine === 'postgres' ? '0' : 0 },
    ]);
    const ran: { name: string }[] = await ds.query(`SELECT "name" FROM "migrations"`);
    expect(ran.map((r) => r.name)).toEqual(MIGRATIONS[engine].map((m) => m.name));
  });

  it('applies nothing the second time, and keeps what is stored', async () => {
    ds = await openDataSource(db.target);
    await ds.query(`UPDATE "domain_version" SET "version" = 41`);
    const before = await dumpDatabase(ds);
    await ds.destroy();
    ds = await openDataSource(db.target);
    expect(await ds.showMigrations()).toBe(false);
    expect(await dumpDatabase(ds)).toBe(before);
  });

  it('has no pending migration and matches the entities (no schema drift)', async () => {
    ds = await openDataSource(db.target);
    // What `synchronize` would do to the migrated schema: nothing, if the hand-written SQL and
    // the entities agree.
    const diff = await ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts to an empty schema', async () => {
    ds = await openDataSource(db.target);
    for (let i = 0; i < MIGRATIONS[engine].length; i++) await ds.undoLastMigration();
    const dump = await dumpDatabase(ds);
    for (const table of TABLES) expect(dump).not.toContain(`# ${table} (`);
  });

  it('enforces the foreign keys between instances, slices and services', async () => {
    ds = await openDataSource(db.target);
    await expect(
      ds.query(`INSERT INTO "instance" ("id", "service", "spec") VALUES ('i1', 'nope', '{}')`),
    ).rejects.toThrow(/foreign key/i);
  });
});
