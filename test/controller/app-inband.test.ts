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
import { CommandService } from '../../controller/commands/command.service';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { InbandService } from '../../controller/inband/inband.module';
import { sendAnnouncement } from '../../controller/inband/simulator';
import { leaderElectionId } from '../../controller/leadership/election';
import { LeaseStore } from '../../controller/leadership/lease-store';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { openDataSource } from '../../controller/persistence/data-source';
import { ReconcilerService } from '../../controller/reconciler/reconciler.module';
import { SessionPool } from '../../controller/switches';
import { DeviceEvent } from '../../softswitch/device';
import { lineState } from '../fixtures/fabric-line';
import { type EmbeddedSwitch, startSwitches } from './harness';
import { postgresDatabase, type TestDatabase } from './support/databases';
import { describePostgres, waitFor } from './support/replicas';
import { DataSource } from 'typeorm';

jest.setTimeout(60_000);

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/:/g, ''), 'hex'));
const KEY = hex('00112233445566778899aabbccddeeff');

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
    const config = new AppConfig(
      loadConfig({
        env: {
          DATABASE_URL: (db.target as { url: string }).url,
          SSA_RECONCILER_POLL_MS: '20',
          SSA_RECONCILER_RETRY_MS: '20',
          SSA_P4RUNTIME_RECONNECT_MS: '100',
          SSA_LEADERSHIP_LEASE_MS: '600',
          SSA_LEADERSHIP_REPLICA_ID: 'app-1',
          SSA_INBAND_LIVENESS_CHECK_MS: '20',
        },
      }),
    );
    const logs: string[] = [];
    const logger = new StructuredLogger({ level: 'debug', write: (l) => logs.push(l) });
    const ref = await Test.createTestingModule({
      imports: [AppModule.register(config, logger)],
    }).compile();
    ref.useLogger(logger);
    await ref.init();
    app = ref;
    const line = lineState({
      switches: 2,
      instances: 3,
      sliceBits: 4,
      address: (i) => switches[i].address,
    });
    const instances = line.instances.map((x) =>
      x.id === 'video-0000' ? x.with({ announcementKey: KEY }) : x,
    );
    const commands = app.get(CommandService);
    await commands.seed({
      services: line.services,
      instances,
      switches: line.switches,
      routes: line.routes,
      mslbs: line.mslbs,
    });
    const reconciler = app.get(ReconcilerService).reconciler;
    await waitFor(
      () => (reconciler.version === 1 && reconciler.converged()) || undefined,
      20_000,
      () => JSON.stringify(reconciler.statuses()),
    );
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
    switches[0].device.on(DeviceEvent.EGRESS, (e: { port: number; packet: Uint8Array }) => {
      if (e.port === 10) setImmediate(() => switches[0].device.inject(10, e.packet));
    });
    const state = await commands.state();
    sendAnnouncement(
      pool.get('s1')!.client,
      {
        kind: 'announce',
        key: KEY,
        serviceIdHex: state.service('video.example')!.idHex,
        instance: hex('20010db8000a00000000000000000001'),
        weight: 4,
        metric: 1,
        sequence: 9,
        source: hex('20010db8000a00000000000000000001'),
        destination: hex('20010db800ff00000000000000000001'),
        sourceMac: hex('02:00:0a:00:00:01'),
        destinationMac: hex('02:00:00:01:01:0a'),
      },
      10,
    );
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
