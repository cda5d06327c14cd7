/**
 * The whole controller application on PostgreSQL with embedded switches: leadership takes the
 * lease of every switch (one replica), the sessions arbitrate with the election id of the
 * lease generation, the reconciler writes; an ANNOUNCE sent as PacketOut and looped back into
 * the instance's port is punted, verified and applied by the in-band module; a graceful stop
 * releases the leases.
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../controller/app.module';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { InbandService } from '../../controller/inband/inband.module';
import { leaderElectionId } from '../../controller/leadership/election';
import { LeaseStore } from '../../controller/leadership/lease-store';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { openDataSource } from '../../controller/persistence/data-source';
import { SessionPool } from '../../controller/switches';
import { type EmbeddedSwitch, startSwitches } from './harness';
import { ANNOUNCE_KEY, announceVideo0, appEnv, loopBack, seedLine } from './support/app-line';
import { postgresDatabase, type TestDatabase } from './support/databases';
import { describePostgres, waitFor } from './support/replicas';
import { DataSource } from 'typeorm';

jest.setTimeout(60_000);

describePostgres('the application on PostgreSQL: leadership and in-band announcements', () => {
  let switches: EmbeddedSwitch[];
  let db: TestDatabase;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    switches = await startSwitches(2);
    db = await postgresDatabase();
  });
  afterEach(async () => {
    await app?.close();
    await Promise.all(switches.map((s) => s.stop()));
    await db.drop();
  });

  it('leads every switch by lease, applies an announcement, releases on stop', async () => {
    const config = new AppConfig(loadConfig({ env: appEnv(db) }));
    const logs: string[] = [];
    const logger = new StructuredLogger({ level: 'debug', write: (l) => logs.push(l) });
    const ref = await Test.createTestingModule({
      imports: [AppModule.register(config, logger)],
    }).compile();
    ref.useLogger(logger);
    await ref.init();
    app = ref;
    const { commands, reconciler } = await seedLine(app, switches);
    const store = new LeaseStore(app.get(DataSource));
    const leases = await store.leases();
    expect(leases.map((l) => [l.switch, l.holder, l.generation])).toEqual([
      ['s1', 'app-1', 1],
      ['s2', 'app-1', 1],
    ]);
    const pool = app.get(SessionPool);
    expect(pool.get('s1')!.client.isPrimary).toBe(true);
    expect(switches[0].server.session(1)!.isPrimary('', leaderElectionId(1))).toBe(true);

    // An ANNOUNCE through s1's port 10 and back in.
    loopBack(switches[0], 10);
    await announceVideo0(app, ANNOUNCE_KEY, 9);
    const inband = app.get(InbandService);
    await waitFor(
      () => inband.announcements.counters().accepted === 1 || undefined,
      10_000,
      () => JSON.stringify(inband.announcements.counters()),
    );
    const after = await commands.state();
    expect(after.instance('video-0000')?.weight).toBe(4);
    await waitFor(
      () => (reconciler.version === after.version && reconciler.converged()) || undefined,
      20_000,
      () => JSON.stringify(reconciler.statuses()),
    );

    await app.close();
    app = undefined;
    // Released: expiry 0, so another replica may take them at once. (Read with a new
    // connection: the application closed its own.)
    const again = await openDataSource(db.target);
    try {
      const rows = await new LeaseStore(again).leases();
      expect(rows.every((r) => r.expiresAt === 0 && r.holder === 'app-1')).toBe(true);
    } finally {
      await again.destroy();
    }
  });
});
