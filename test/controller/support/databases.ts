/**
 * Databases for the controller's integration tests: a fresh SQLite file, or a fresh
 * PostgreSQL database created on the server that TEST_DATABASE_URL names (.ci/run starts one
 * on loopback and exports it). Without TEST_DATABASE_URL the PostgreSQL tests fail when
 * CI=true, and are skipped with the reason otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseTarget } from '../../../controller/config/app-config';

/** One empty database for one test; `drop` removes it. */
export interface TestDatabase {
  readonly target: DatabaseTarget;
  drop(): Promise<void>;
}

export type Engine = 'sqlite' | 'postgres';

let counter = 0;

/** A new, empty SQLite file in a temporary folder. */
export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-ctl-db-'));
  return {
    target: { type: 'sqlite', path: join(dir, 'controller.sqlite') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The PostgreSQL server URL for tests, or undefined. */
export function postgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

/** A new, empty database on the TEST_DATABASE_URL server (its role needs CREATEDB). */
export async function postgresDatabase(): Promise<TestDatabase> {
  const base = postgresUrl();
  if (base === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ssa_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin(base, `CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    target: { type: 'postgres', url: url.toString() },
    drop: () => admin(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A new, empty database of the engine. */
export async function testDatabase(engine: Engine): Promise<TestDatabase> {
  return engine === 'sqlite' ? sqliteDatabase() : postgresDatabase();
}

/** `describe` once per engine (see describePostgres for the PostgreSQL block). */
export function describeEngines(title: string, body: (engine: Engine) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  describePostgres(title, () => body('postgres'));
}

/**
 * `describe` on PostgreSQL only. It needs TEST_DATABASE_URL: without it, one failing test says
 * so when CI=true (CI must never skip it silently), else one skipped test says why.
 */
export function describePostgres(title: string, body: () => void): void {
  if (postgresUrl() !== undefined) {
    describe(`${title} [postgres]`, body);
  } else if (process.env.CI === 'true') {
    describe(`${title} [postgres]`, () => {
      it('has a PostgreSQL server to run on', () => {
        throw new Error(
          'TEST_DATABASE_URL is not set, so the PostgreSQL tests cannot run; .ci/run starts ' +
            'PostgreSQL on 127.0.0.1 and exports it (postgres://user:password@127.0.0.1:port/db)',
        );
      });
    });
  } else {
    describe(`${title} [postgres]`, () => {
      it.skip('skipped: set TEST_DATABASE_URL to a PostgreSQL server (role with CREATEDB)', () => {
        // Nothing: this test exists only to report the skip and its reason.
      });
    });
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
