/**
 * controller/main.ts as a real process: configuration refused before boot, the demo scenario
 * seeded on first start only, the scaling script run, SIGTERM closing the database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDataSource } from '../../controller/persistence/data-source';
import { TypeOrmDomainRepository } from '../../controller/persistence/typeorm-domain-repository';
import {
  type TestDatabase,
  describeEngines,
  sqliteDatabase,
  testDatabase,
} from './support/databases';

// Each run starts Node, Nest and TypeORM and transpiles the sources: allow for a slow machine.
jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
const SCENARIO = join(ROOT, 'topologies/demo/scenario.yaml');
const SCRIPT = join(ROOT, 'topologies/demo/scale.yaml');

interface Run {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly stderr: () => string;
  /** Resolves with the exit code, or the signal's name. */
  readonly exited: Promise<number | string>;
  /** Resolves with the first log line whose msg is `msg`. */
  waitFor(msg: string): Promise<Record<string, unknown>>;
}

function start(args: string[], env: Record<string, string>): Run {
  const child = spawn(
    process.execPath,
    ['-r', './test/controller/support/ts-register.js', 'controller/main.ts', ...args],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = JSON.parse(out.slice(0, nl)) as Record<string, unknown>;
      out = out.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.filter((x) => x.msg === line.msg)) w.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((res) =>
    child.on('exit', (code, signal) => res(code ?? signal ?? -1)),
  );
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor: (msg) => {
      const seen = lines.find((l) => l.msg === msg);
      if (seen) return Promise.resolve(seen);
      return new Promise((res) => waiters.push({ msg, resolve: res }));
    },
  };
}

function databaseEnv(db: TestDatabase): Record<string, string> {
  return {
    DATABASE_URL: db.target.type === 'sqlite' ? `sqlite:${db.target.path}` : db.target.url,
  };
}

async function storedVersion(db: TestDatabase): Promise<number> {
  const ds = await openDataSource(db.target);
  try {
    return await new TypeOrmDomainRepository(ds).version();
  } finally {
    await ds.destroy();
  }
}

describe('controller main: refused before boot', () => {
  it('stops on a wrong configuration value, naming key, value and expectation', async () => {
    const db = sqliteDatabase();
    const run = start(['--once'], { ...databaseEnv(db), SSA_RECONCILER_BATCH_SIZE: '0' });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(
      'reconciler.batchSize (environment SSA_RECONCILER_BATCH_SIZE) = 0',
    );
    expect(run.stderr()).toContain('>=1');
    expect(run.lines).toEqual([]); // nothing booted
    expect(existsSync(db.target.type === 'sqlite' ? db.target.path : '')).toBe(false);
    await db.drop();
  });

  it('stops on a malformed scenario, naming the field', async () => {
    const run = start(['--scenario', join(ROOT, 'package.json'), '--once'], {});
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/package\.json: refused/);
    expect(run.stderr()).toContain('name');
  });
});

describeEngines('controller main', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await testDatabase(engine);
  });
  afterEach(() => db.drop());

  it('seeds the demo on first start, runs the script, and never seeds twice', async () => {
    const first = start(['--scenario', SCENARIO, '--script', SCRIPT, '--once'], databaseEnv(db));
    expect(await first.exited).toBe(0);
    const planned = first.lines.filter(
      (l) => l.msg === 'slices planned' && l.service === 'video.example',
    );
    // Seed (2 instances), then the three accepted steps; the refused one plans nothing.
    expect(planned.map((l) => l.slices)).toEqual([
      { 'video-a': 10923, 'video-b': 5461 },
      { 'video-a': 8192, 'video-b': 4096, 'video-c': 4096 },
      { 'video-b': 8192, 'video-c': 8192 },
      { 'video-a': 5461, 'video-b': 5462, 'video-c': 5461 },
    ]);
    for (const l of planned.slice(1)) expect(l.moved).toBe(l.lowerBound);
    // rosa.example (one slice, rule any) is seeded once on its first instance; the script leaves it.
    expect(
      first.lines.filter((l) => l.msg === 'slices planned' && l.service === 'rosa.example'),
    ).toMatchObject([{ slices: { 'rosa-1': 1 } }]);
    expect(first.lines.find((l) => l.msg === 'command refused')).toMatchObject({
      field: 'weights.video-b',
      expected: 'an integer 0..65535',
    });
    expect(await storedVersion(db)).toBe(4);
    if (db.target.type === 'postgres') {
      // The URL's password reaches neither the log nor stderr.
      const password = new URL(db.target.url).password;
      expect(JSON.stringify(first.lines)).toContain(':***@');
      expect(JSON.stringify(first.lines) + first.stderr()).not.toContain(`:${password}@`);
    }

    const second = start(['--scenario', SCENARIO, '--once'], databaseEnv(db));
    expect(await second.exited).toBe(0);
    expect(second.lines.map((l) => l.msg)).toContain(
      'scenario not applied: the database already holds a state',
    );
    expect(await second.waitFor('controller running')).toMatchObject({ version: 4 });
  });

  it('closes the database and exits on SIGTERM', async () => {
    const run = start(['--scenario', SCENARIO], databaseEnv(db));
    await run.waitFor('controller running');
    run.child.kill('SIGTERM');
    const closed = await run.waitFor('database closed');
    expect(closed).toMatchObject({ signal: 'SIGTERM' });
    expect(await run.exited).toBe('SIGTERM');
    expect(await storedVersion(db)).toBe(1);
  });
});
