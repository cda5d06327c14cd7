/**
 * Knot DNS (Debian's knot) as a secondary of our server (wire §3): it transfers the zone by
 * AXFR at start; on a change our server raises the serial and sends NOTIFY, knot acknowledges
 * it, transfers again, and serves the new records, read back with dig from knot.
 */
import { DEMO_SERVICES, DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import { DnsServer } from '../../controller/dns/server';
import { buildZone } from '../../controller/dns/zone';
import { short } from './dig';
import { type Knot, startKnot } from './knot';
import { freePort, until } from './tools';

let server: DnsServer;
let knot: Knot;
afterAll(async () => {
  await knot?.stop();
  await server?.stop();
});

it('knotd follows our zone through NOTIFY and AXFR', async () => {
  const knotPort = await freePort();
  const settings = { ...DEMO_SETTINGS, secondaries: [{ address: '127.0.0.1', port: knotPort }] };
  server = new DnsServer({
    settings,
    zone: buildZone(settings, DEMO_SERVICES),
    port: 0,
    notifyTimeoutMs: 300,
    notifyTries: 20,
  });
  const { port } = await server.start();
  knot = await startKnot(
    [{ domain: 'svc.example', primary: { address: '127.0.0.1', port } }],
    knotPort,
  );
  const serialAtKnot = async () =>
    Number((await short(knotPort, 'svc.example', 'SOA'))[0]?.split(' ')[2]);
  await until('knot transfers the zone', 15_000, async () =>
    (await serialAtKnot()) === server.serial ? true : undefined,
  );
  expect(await short(knotPort, 'video.svc.example', 'APL')).toEqual([
    '2:2001:db8:5::/64 1:192.0.2.0/24',
  ]);
  expect(await short(knotPort, 'storage.svc.example', 'APL')).toEqual([
    '2:2001:db8:9::/64 !2:2001:db8:9:0:ff00::/72',
  ]);
  expect(await short(knotPort, '_ssa.hop.svc.example', 'TXT')).toEqual([
    '"v=ssa1; rule=time-hop; slice-bits=12; key=01020304; period=30"',
  ]);

  const acked = new Promise<number>((resolve) =>
    server.once('notified', (_t, rcode: number) => resolve(rcode)),
  );
  const moved = DEMO_SERVICES.map((s) =>
    s.name === 'web.svc.example'
      ? { ...s, ranges: [{ prefix: '2001:db8:88::', length: 48, family: 6 as const }] }
      : s,
  );
  const { serial } = server.setZone(buildZone(settings, moved));
  expect(await acked).toBe(0); // NOERROR
  await until('knot follows the NOTIFY', 15_000, async () =>
    (await serialAtKnot()) === serial ? true : undefined,
  );
  expect(await short(knotPort, 'web.svc.example', 'APL')).toEqual(['2:2001:db8:88::/48']);
}, 40_000);
