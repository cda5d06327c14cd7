/**
 * The metrics nobody fed before, scraped from /metrics of the running application (PostgreSQL,
 * two embedded switches, admin API, DNS and metrics on port 0): DNS queries by type and rcode,
 * announcements accepted and refused by reason, leadership per switch (from the `leadership`
 * bus events), and the data-plane counters read over the switch sessions (ingress.punts counts
 * the two punted announcements, docs/dataplane.md "Counters"; docs/operations.md "Metrics").
 */
import 'reflect-metadata';
import { createSocket } from 'node:dgram';
import { get } from 'node:http';
import * as dnsPacket from 'dns-packet';
import { type AdminApp, startAdminApp } from '../../controller/admin/admin-app';
import { FirstTokenSink } from '../../controller/admin/admin.module';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { DnsService } from '../../controller/dns/dns.module';
import { InbandService } from '../../controller/inband/inband.module';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { DataplaneCounterPoller } from '../../controller/metrics/counter-poller';
import { MetricsEndpoint } from '../../controller/metrics/metrics.module';
import { type EmbeddedSwitch, startSwitches } from './harness';
import { ANNOUNCE_KEY, announceVideo0, appEnv, hex, loopBack, seedLine } from './support/app-line';
import { postgresDatabase, type TestDatabase } from './support/databases';
import { describePostgres, waitFor } from './support/replicas';

jest.setTimeout(60_000);

class Quiet extends FirstTokenSink {
  show(): void {}
}

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/metrics', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** The value of one sample line of the exposition, or undefined. */
function sample(text: string, line: string): number | undefined {
  const hit = text.split('\n').find((l) => l.startsWith(`${line} `));
  return hit === undefined ? undefined : Number(hit.slice(line.length + 1));
}

function query(port: number, name: string, type: 'APL' | 'AAAA'): Promise<dnsPacket.Packet> {
  const socket = createSocket('udp4');
  return new Promise<dnsPacket.Packet>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no DNS answer')), 5000);
    socket.on('message', (m) => {
      clearTimeout(timer);
      resolve(dnsPacket.decode(m));
    });
    socket.send(
      dnsPacket.encode({ type: 'query', id: 7, questions: [{ type, name, class: 'IN' }] }),
      port,
      '127.0.0.1',
    );
  }).finally(() => socket.close());
}

describePostgres('metrics fed by DNS, announcements, leadership and counter reads', () => {
  let switches: EmbeddedSwitch[];
  let db: TestDatabase;
  let started: AdminApp | undefined;

  beforeEach(async () => {
    switches = await startSwitches(2);
    db = await postgresDatabase();
  });
  afterEach(async () => {
    await started?.app.close();
    await Promise.all(switches.map((s) => s.stop()));
    await db.drop();
  });

  it('shows them on /metrics after a DNS query and announcements', async () => {
    const config = new AppConfig(
      loadConfig({
        env: appEnv(db, {
          SSA_ADMIN_ENABLED: 'true',
          SSA_ADMIN_PORT: '0',
          SSA_METRICS_ENABLED: 'true',
          SSA_METRICS_PORT: '0',
          SSA_METRICS_COUNTER_READ_MS: '0', // read below, on demand
          SSA_DNS_ENABLED: 'true',
          SSA_DNS_PORT: '0',
          SSA_DNS_ZONE: 'example',
          SSA_DNS_POLL_MS: '20',
        }),
      }),
    );
    const logger = new StructuredLogger({ level: 'error', write: () => undefined });
    started = await startAdminApp(config, logger, { firstTokenSink: new Quiet() });
    const app = started.app;
    await seedLine(app, switches);

    // DNS: an APL answer and a name that does not exist (once the zone holds the service).
    const dnsPort = app.get(DnsService).status!.port;
    for (let i = 0; ; i++) {
      const apl = await query(dnsPort, 'video.example', 'APL');
      if ((apl.answers?.length ?? 0) > 0) break;
      if (i >= 200) throw new Error('the zone never held video.example');
      await new Promise((r) => setTimeout(r, 25)); // the zone follows the version by polling
    }
    const nx = await query(dnsPort, 'nothing.example', 'AAAA');
    expect((nx as unknown as { rcode: string }).rcode).toBe('NXDOMAIN');

    // One valid ANNOUNCE and one with the wrong key, through s1's port 10 and back in.
    loopBack(switches[0], 10);
    await announceVideo0(app, ANNOUNCE_KEY, 9);
    const inband = app.get(InbandService);
    const counts = () => JSON.stringify(inband.announcements.counters());
    await waitFor(
      () => inband.announcements.counters().accepted === 1 || undefined,
      10_000,
      counts,
    );
    await announceVideo0(app, hex('ffeeddccbbaa99887766554433221100'), 10);
    await waitFor(
      () => inband.announcements.counters()['bad-tag'] === 1 || undefined,
      10_000,
      counts,
    );

    // Counters read over the sessions (what the timer does every metrics.counterReadMs).
    expect(await app.get(DataplaneCounterPoller).readOnce()).toBeGreaterThan(0);

    const text = await scrape(app.get(MetricsEndpoint).port);
    // At least the APL queries until the zone answered, exactly one NXDOMAIN.
    expect(sample(text, 'ssa_dns_queries_total{qtype="APL",rcode="NOERROR"}')).toBeGreaterThan(0);
    expect(sample(text, 'ssa_dns_queries_total{qtype="AAAA",rcode="NXDOMAIN"}')).toBe(1);
    expect(sample(text, 'ssa_announcements_total{result="accepted",reason=""}')).toBe(1);
    expect(sample(text, 'ssa_announcements_total{result="rejected",reason="bad-tag"}')).toBe(1);
    expect(sample(text, 'ssa_switch_leader{switch="s1"}')).toBe(1);
    expect(sample(text, 'ssa_switch_leader{switch="s2"}')).toBe(1);
    // Both announcements were punted by s1 (PUNT_ROSA_ANNOUNCE = 2).
    expect(
      sample(text, 'ssa_dataplane_counter_packets{switch="s1",counter="ingress.punts",index="2"}'),
    ).toBe(2);
  });
});
