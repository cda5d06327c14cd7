import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config';
import { ConfigError, environmentKeys, loadConfig } from './load';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-config-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function refusal(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives every namespace its defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.reconciler.batchSize).toBe(250);
    expect(config.logging).toEqual({ level: 'log', format: 'json' });
    expect(config.database.url).toBeUndefined();
    expect(new AppConfig(config).databaseTarget()).toEqual({
      type: 'sqlite',
      path: '.state/controller.sqlite',
    });
  });

  it('reads YAML and JSON files, and the environment overrides them', () => {
    const yaml = file('c.yaml', 'reconciler:\n  batchSize: 64\ndns:\n  port: 10053\n');
    const json = file('c.json', JSON.stringify({ reconciler: { batchSize: 32 } }));
    expect(loadConfig({ file: yaml, env: {} }).reconciler.batchSize).toBe(64);
    expect(loadConfig({ file: json, env: {} }).reconciler.batchSize).toBe(32);
    const both = loadConfig({
      file: yaml,
      env: { SSA_RECONCILER_BATCH_SIZE: '128', SSA_DNS_ENABLED: 'true' },
    });
    expect(both.reconciler.batchSize).toBe(128);
    expect(both.dns).toMatchObject({ port: 10053, enabled: true });
  });

  it('takes PostgreSQL from DATABASE_URL', () => {
    const url = 'postgres://ssa:pw@127.0.0.1:5432/ssa';
    const config = new AppConfig(loadConfig({ env: { DATABASE_URL: url } }));
    expect(config.databaseTarget()).toEqual({ type: 'postgres', url });
    const sqlite = new AppConfig(loadConfig({ env: { DATABASE_URL: 'sqlite:/tmp/x.db' } }));
    expect(sqlite.databaseTarget()).toEqual({ type: 'sqlite', path: '/tmp/x.db' });
  });

  it('refuses a wrong value naming the key, its source, the value and what was expected', () => {
    const path = file('bad.yaml', 'reconciler:\n  batchSize: 0\n');
    const e = refusal(() => loadConfig({ file: path, env: {} }));
    expect(e.problems).toEqual([
      {
        key: 'reconciler.batchSize',
        source: path,
        value: '0',
        expected: expect.stringContaining('>=1'),
      },
    ]);
    expect(e.message).toContain('reconciler.batchSize');
  });

  it('refuses a wrong environment value naming the variable', () => {
    const e = refusal(() => loadConfig({ env: { SSA_ADMIN_PORT: 'eighty' } }));
    expect(e.problems).toEqual([
      {
        key: 'admin.port',
        source: 'environment SSA_ADMIN_PORT',
        value: '"eighty"',
        expected: expect.stringContaining('number'),
      },
    ]);
    const level = refusal(() => loadConfig({ env: { SSA_LOGGING_LEVEL: 'loud' } }));
    expect(level.problems[0]).toMatchObject({ key: 'logging.level', value: '"loud"' });
    expect(level.problems[0]!.expected).toContain('"debug"');
  });

  it('refuses misspelt keys and unknown SSA_ variables', () => {
    const path = file('typo.yaml', 'reconciler:\n  batchsize: 10\ntelemetry: {}\n');
    const e = refusal(() => loadConfig({ file: path, env: { SSA_RECONCILER_BATCHSIZE: '1' } }));
    expect(e.problems.map((p) => p.key).sort()).toEqual([
      'SSA_RECONCILER_BATCHSIZE',
      'reconciler.batchsize',
      'telemetry',
    ]);
  });

  it('lists every bad key at once', () => {
    const e = refusal(() =>
      loadConfig({ env: { SSA_DNS_PORT: '70000', SSA_P4RUNTIME_DEADLINE_MS: '0' } }),
    );
    expect(e.problems.map((p) => p.key).sort()).toEqual(['dns.port', 'p4runtime.deadlineMs']);
  });

  it('never shows the password of a refused DATABASE_URL', () => {
    const e = refusal(() => loadConfig({ env: { DATABASE_URL: 'mysql://ssa:s3cret@db/ssa' } }));
    expect(e.problems[0]).toMatchObject({
      key: 'database.url',
      source: 'environment DATABASE_URL',
    });
    expect(e.message).not.toContain('s3cret');
    expect(e.message).toContain('mysql://ssa:***@db/ssa');
  });

  it('refuses a file that is not a mapping, or cannot be read', () => {
    expect(
      refusal(() => loadConfig({ file: file('l.yaml', '- 1\n'), env: {} })).problems[0],
    ).toMatchObject({ key: '(root)' });
    expect(
      refusal(() => loadConfig({ file: '/nonexistent/c.yaml', env: {} })).problems[0],
    ).toMatchObject({ key: '(file)' });
  });

  it('derives one environment variable per setting', () => {
    const names = environmentKeys().map((k) => k.env);
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('SSA_RECONCILER_DRIFT_CHECK_MS');
    expect(new Set(names).size).toBe(names.length);
  });
});
