/**
 * demo.ts: serves the demo zone (controller/dns/demo-zone.ts) on 127.0.0.1:5353 until
 * interrupted, for trying dig, kdig and ssa-resolve by hand:
 *
 *   npm run dns:demo &
 *   dig @127.0.0.1 -p 5353 video.svc.example APL
 *   npm run ssa-resolve -- video.svc.example --src 2001:db8:aaaa:bbbb::1 --server 127.0.0.1:5353
 */
import { DEMO_SERVICES, DEMO_SETTINGS } from './demo-zone';
import { DnsServer } from './server';
import { buildZone } from './zone';

async function main(): Promise<void> {
  const port = Number(process.env.DNS_PORT ?? 5353);
  const server = new DnsServer({
    settings: DEMO_SETTINGS,
    zone: buildZone(DEMO_SETTINGS, DEMO_SERVICES),
    address: process.env.DNS_ADDRESS ?? '127.0.0.1',
    port,
  });
  const at = await server.start();
  console.log(
    `serving ${DEMO_SETTINGS.origin} on ${at.address}:${at.port} (UDP and TCP), serial ${server.serial}`,
  );
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
