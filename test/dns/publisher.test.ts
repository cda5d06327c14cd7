/**
 * The RFC 2136 publisher against a real Knot DNS (Debian's knot), started on loopback for
 * this file: the SSA records (wire §3) appear, change and disappear as the services do, read
 * back with dig; records it does not own are left alone; updates are TSIG-signed and a wrong
 * key is refused.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_SERVICES, DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import type { PublishedService } from '../../controller/dns/model';
import { UpdatePublisher } from '../../controller/dns/publisher';
import { buildZone } from '../../controller/dns/zone';
import { dig, short, status } from './dig';
import { type Knot, startKnot } from './knot';

const KEY = { name: 'ssa-publisher', secret: randomBytes(32) };
const ZONE_FILE = `$ORIGIN svc.example.
$TTL 300
@ SOA ns1 hostmaster 1 3600 600 86400 30
@ NS ns1
ns1 A 127.0.0.1
other AAAA 2001:db8::99
video MX 10 mail.example.
`;

let knot: Knot;
beforeAll(async () => {
  knot = await startKnot([{ domain: 'svc.example', zoneFile: ZONE_FILE, updateKey: KEY }]);
}, 20_000);
afterAll(async () => {
  if (process.env.KNOT_LOG) console.log(knot?.log());
  await knot?.stop();
});

const publisher = () =>
  new UpdatePublisher({
    server: { host: '127.0.0.1', port: knot.port },
    zone: 'svc.example',
    key: KEY,
  });
const zoneOf = (services: readonly PublishedService[]) => buildZone(DEMO_SETTINGS, services);
const video = DEMO_SERVICES[0];

describe('dynamic update publisher against knotd (wire §3)', () => {
  it('adds, changes and removes the service records, leaving the rest alone', async () => {
    const pub = publisher();
    const first = await pub.publish(zoneOf([video, DEMO_SERVICES[3]]));
    expect(first).toEqual({ added: 7, removed: 0 }); // APL, TXT, 2 AAAA; APL, TXT, AAAA
    expect(await short(knot.port, 'video.svc.example', 'APL')).toEqual([
      '2:2001:db8:5::/64 1:192.0.2.0/24',
    ]);
    expect(await short(knot.port, '_ssa.video.svc.example', 'TXT')).toEqual([
      '"v=ssa1; rule=source-bound-hash; slice-bits=14; key=0a1b2c3d"',
    ]);
    expect(await short(knot.port, 'video.svc.example', 'AAAA')).toEqual([
      '2001:db8:5:0:fffc::1',
      '2001:db8:5:0:fffc::2',
    ]);
    expect(await short(knot.port, 'storage.svc.example', 'APL')).toEqual([
      '2:2001:db8:9::/64 !2:2001:db8:9:0:ff00::/72',
    ]);

    // Scaling the legacy slice and a new key: only the differences travel.
    const changed = {
      ...video,
      rule: { ...video.rule, key: 'deadbeef' },
      legacyAddresses: ['2001:db8:5:0:fffc::1', '2001:db8:5:0:fffc::3'],
    };
    expect(await pub.publish(zoneOf([changed, DEMO_SERVICES[3]]))).toEqual({
      added: 2,
      removed: 2,
    });
    expect(await short(knot.port, 'video.svc.example', 'AAAA')).toEqual([
      '2001:db8:5:0:fffc::1',
      '2001:db8:5:0:fffc::3',
    ]);
    expect((await short(knot.port, '_ssa.video.svc.example', 'TXT'))[0]).toContain('key=deadbeef');

    // Nothing changed: nothing sent.
    expect(await pub.publish(zoneOf([changed, DEMO_SERVICES[3]]))).toEqual({
      added: 0,
      removed: 0,
    });

    // The service goes: its records go, the MX at its name and the other names stay.
    expect(await pub.publish(zoneOf([DEMO_SERVICES[3]]))).toEqual({ added: 0, removed: 4 });
    expect(await short(knot.port, 'video.svc.example', 'APL')).toEqual([]);
    expect(status(await dig('dig', knot.port, ['_ssa.video.svc.example', 'TXT']))).toBe('NXDOMAIN');
    expect(await short(knot.port, 'video.svc.example', 'MX')).toEqual(['10 mail.example.']);
    expect(await short(knot.port, 'other.svc.example', 'AAAA')).toEqual(['2001:db8::99']);
    expect(await short(knot.port, 'svc.example', 'NS')).toEqual(['ns1.svc.example.']);
    expect(await short(knot.port, 'storage.svc.example', 'AAAA')).toEqual(['2001:db8:9::1']);

    // A later run knows the names through knownNames and clears them.
    const again = new UpdatePublisher({
      server: { host: '127.0.0.1', port: knot.port },
      zone: 'svc.example',
      key: KEY,
      knownNames: ['storage.svc.example'],
    });
    expect(await again.publish(zoneOf([]))).toEqual({ added: 0, removed: 3 });
    expect(await short(knot.port, 'storage.svc.example', 'APL')).toEqual([]);
  });

  it('refuses an update signed with a key the server does not know', async () => {
    const wrong = new UpdatePublisher({
      server: { host: '127.0.0.1', port: knot.port },
      zone: 'svc.example',
      key: { name: KEY.name, secret: randomBytes(32) },
    });
    await expect(wrong.publish(zoneOf([DEMO_SERVICES[4]]))).rejects.toThrow(/NOTAUTH/);
    expect(await short(knot.port, 'web.svc.example', 'APL')).toEqual([]);
  });
});
