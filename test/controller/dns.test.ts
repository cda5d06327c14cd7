/**
 * The controller publishes its services in DNS (wire §3): the Nest app with `dns.enabled`
 * serves the zone built from the stored services, and every committed command that changes
 * what is published raises the SOA serial and changes the answers (read with the client
 * library, as a client would).
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../controller/app.module';
import { CommandService } from '../../controller/commands/command.service';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { DnsService } from '../../controller/dns/dns.module';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { formatAddress } from '../../client/address';
import { query, resolveService } from '../../client/resolve';
import { EXAMPLE } from '../fixtures/domain-example';
import { type TestDatabase, testDatabase } from './support/databases';

describe('DNS publication from the controller (wire §3)', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let server: string;

  beforeEach(async () => {
    db = await testDatabase('sqlite');
    const url = db.target.type === 'sqlite' ? `sqlite:${db.target.path}` : db.target.url;
    const config = new AppConfig(
      loadConfig({
        env: {
          DATABASE_URL: url,
          SSA_DNS_ENABLED: 'true',
          SSA_DNS_PORT: '0',
          SSA_DNS_ZONE: 'example',
          SSA_DNS_POLL_MS: '20',
        },
      }),
    );
    const logger = new StructuredLogger({ write: () => undefined });
    app = await NestFactory.createApplicationContext(AppModule.register(config, logger), {
      logger,
      abortOnError: false,
    });
    await app.init();
    const status = app.get(DnsService).status;
    if (!status) throw new Error('DNS did not start');
    server = `${status.address}:${status.port}`;
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  /** Polls the zone until `check` passes (the module follows the stored version). */
  async function until<T>(read: () => Promise<T>, check: (t: T) => boolean): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const t = await read();
      if (check(t) || Date.now() > deadline) return t;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const serial = async () => {
    const soa = await query('example', 'SOA', { server });
    return (soa.answers[0]?.data as { serial: number } | undefined)?.serial ?? -1;
  };

  it('serves the stored services and follows every change', async () => {
    const empty = await query('video.example', 'APL', { server });
    expect(empty.rcode).toBe('NXDOMAIN');
    const before = await serial();

    await app.get(CommandService).seed({ ...EXAMPLE, sliceMaps: [] });
    const video = await until(
      () => resolveService('video.example', { server }).catch(() => undefined),
      (r) => r !== undefined,
    );
    expect(video?.items.map((i) => `${formatAddress(i.prefix)}/${i.prefix.length}`)).toEqual([
      '2001:db8:5::/64',
      '192.0.2.0/24',
    ]);
    expect(video?.rule).toMatchObject({ kind: 'source-bound-hash', sliceBits: 2, key: 0x0a1b2c3d });
    const aaaa = await query('video.example', 'AAAA', { server });
    expect(aaaa.answers.map((a) => a.data)).toEqual([
      '2001:db8:5:0:c000::1',
      '2001:db8:5:0:c000::2',
    ]);
    const afterSeed = await serial();
    expect(afterSeed).toBeGreaterThan(before);

    // A command that changes only what the switches hold leaves the zone (and serial) alone.
    await app.get(CommandService).execute({ type: 'remove-instance', id: 'video-b' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await serial()).toBe(afterSeed);

    await app.get(CommandService).execute({ type: 'delete-service', name: 'storage.svc.example' });
    const gone = await until(
      () => query('storage.svc.example', 'APL', { server }),
      (a) => a.rcode === 'NXDOMAIN',
    );
    expect(gone.rcode).toBe('NXDOMAIN');
    expect(await serial()).toBeGreaterThan(afterSeed);
  });
});
