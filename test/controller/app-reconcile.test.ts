/**
 * The whole controller in one process (the Nest application of main.ts, SQLite) against
 * embedded switches over gRPC: a seeded domain and the commands after it reach the switches
 * (commands -> one transaction -> intent -> reconciler -> switches), and a write the switch
 * refuses leaves the database exactly as the command committed it, the switch reported
 * diverged with the error, until a later command makes the intent fit.
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { T } from '../../generated/fabric-p4info';
import { AppModule } from '../../controller/app.module';
import { CommandService } from '../../controller/commands/command.service';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import type { DomainState } from '../../controller/domain';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { DomainRepository } from '../../controller/persistence/domain-repository';
import { ReconcilerService } from '../../controller/reconciler/reconciler.module';
import { SessionPool, pipelineFor } from '../../controller/switches';
import { poolFor } from '../../controller/switches/switches.module';
import { p4 } from '../../p4runtime';
import { lineState } from '../fixtures/fabric-line';
import { EmbeddedSwitch, startSwitches } from './harness';
import { type TestDatabase, testDatabase } from './support/databases';

jest.setTimeout(60_000);

function configFor(db: TestDatabase): AppConfig {
  const url = db.target.type === 'sqlite' ? `sqlite:${db.target.path}` : db.target.url;
  return new AppConfig(
    loadConfig({
      env: {
        DATABASE_URL: url,
        SSA_RECONCILER_POLL_MS: '20',
        SSA_RECONCILER_RETRY_MS: '20',
        SSA_P4RUNTIME_RECONNECT_MS: '100',
      },
    }),
  );
}

/** The domain's lists without version and slice maps: what a scenario seeds. */
function scenarioOf(s: DomainState) {
  return {
    services: s.services,
    instances: s.instances,
    switches: s.switches,
    routes: s.routes,
    mslbs: s.mslbs,
  };
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the controller application with embedded switches', () => {
  let switches: EmbeddedSwitch[];
  let db: TestDatabase;
  let app: INestApplicationContext | undefined;
  const logs: string[] = [];

  beforeEach(async () => {
    switches = await startSwitches(2);
    db = await testDatabase('sqlite');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all(switches.map((s) => s.stop()));
    await db.drop();
  });

  async function boot(pool?: (c: AppConfig) => SessionPool): Promise<INestApplicationContext> {
    const config = configFor(db);
    const logger = new StructuredLogger({ level: 'debug', write: (l) => logs.push(l) });
    let builder = Test.createTestingModule({ imports: [AppModule.register(config, logger)] });
    if (pool) builder = builder.overrideProvider(SessionPool).useValue(pool(config));
    const ref = await builder.compile();
    ref.useLogger(logger);
    await ref.init();
    return ref;
  }

  const converged = (a: INestApplicationContext, version: number) => () => {
    const r = a.get(ReconcilerService).reconciler;
    return r.version === version && r.converged();
  };

  it('carries seeded state and commands to the switches', async () => {
    app = await boot();
    const commands = app.get(CommandService);
    const base = lineState({
      switches: 2,
      instances: 4,
      sliceBits: 6,
      address: (i) => switches[i].address,
    });
    const seeded = await commands.seed(scenarioOf(base));
    expect(seeded).not.toBe(false);
    await waitFor(converged(app, 1), 'version 1 on every switch');
    const slices = () => switches[0].device.control!.state.table(T.ssa.slices.name).size;
    expect(slices()).toBe(64);

    const r = await commands.execute({
      type: 'update-service',
      name: 'video.example',
      changes: { sliceBits: 7 },
    });
    await waitFor(converged(app, r.state.version), `version ${r.state.version}`);
    expect(slices()).toBe(128);
  });

  it('leaves the database as committed when a switch refuses a write, and reports it', async () => {
    // The controller's P4Info gives ssa.slices 64 entries: 2^7 slices do not fit.
    const small = pipelineFor('embedded');
    const info = p4.config.v1.P4Info.decode(p4.config.v1.P4Info.encode(small.p4info).finish());
    const t = info.tables.find((x) => x.preamble?.name === T.ssa.slices.name)!;
    t.size = 64 as unknown as typeof t.size;
    app = await boot((config) => {
      const pool = poolFor(config);
      return new SessionPool({ ...pool.opts, pipeline: () => ({ ...small, p4info: info }) });
    });
    const commands = app.get(CommandService);
    const repository = app.get(DomainRepository);
    const base = lineState({
      switches: 2,
      instances: 4,
      sliceBits: 6,
      address: (i) => switches[i].address,
    });
    await commands.seed(scenarioOf(base));
    await waitFor(converged(app, 1), 'version 1');

    const r = await commands.execute({
      type: 'update-service',
      name: 'video.example',
      changes: { sliceBits: 7 },
    });
    const reconciler = app.get(ReconcilerService).reconciler;
    await waitFor(() => (reconciler.worker('s1')?.status.failures ?? 0) >= 3, 'three failed runs');
    const s1 = reconciler.worker('s1')!.status;
    expect(s1).toMatchObject({ state: 'diverged', version: r.state.version });
    expect(s1.error).toMatch(/RESOURCE_EXHAUSTED: table 'ssa.slices' is full/);
    // The database holds what the command committed, nothing more, nothing less.
    expect(await repository.version()).toBe(r.state.version);
    const stored = await repository.load();
    expect(stored.service('video.example')!.sliceBits).toBe(7);
    expect(stored.sliceMap('video.example')!.equals(r.state.sliceMap('video.example')!)).toBe(true);
    expect(logs.some((l) => l.includes('switch diverged'))).toBe(true);

    const back = await commands.execute({
      type: 'update-service',
      name: 'video.example',
      changes: { sliceBits: 6 },
    });
    await waitFor(converged(app, back.state.version), 'the fitting version');
  });
});
