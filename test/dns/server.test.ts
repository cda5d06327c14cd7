/**
 * The DNS server (wire §3) queried by real tools over loopback: dig (bind9-dnsutils) and kdig
 * (knot-dnsutils) over UDP and TCP for APL, TXT, AAAA, SOA; NXDOMAIN, NODATA and REFUSED;
 * truncation seen by dig and answered over TCP; the serial raised on every change; and
 * dnspython (python3-dnspython) decoding our APL and TXT.
 */
import { execFile } from 'node:child_process';
import { DEMO_SERVICES, DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import { DnsServer } from '../../controller/dns/server';
import { buildZone } from '../../controller/dns/zone';
import { dig, short, status } from './dig';
import { dnsPython } from './tools';

let server: DnsServer;
let port: number;
beforeAll(async () => {
  server = new DnsServer({
    settings: DEMO_SETTINGS,
    zone: buildZone(DEMO_SETTINGS, DEMO_SERVICES),
    port: 0,
    serial: 100,
  });
  port = (await server.start()).port;
});
afterAll(async () => server?.stop());

describe.each([['udp'], ['tcp']])('dig and kdig over %s (wire §3)', (transport) => {
  const flag = transport === 'tcp' ? ['+tcp'] : [];
  it.each([['dig'], ['kdig']] as const)('%s reads APL, TXT, AAAA and SOA', async (tool) => {
    const ask = async (name: string, type: string) =>
      (await dig(tool, port, ['+short', ...flag, name, type])).split('\n').filter((l) => l !== '');
    expect(await ask('video.svc.example', 'APL')).toEqual(['2:2001:db8:5::/64 1:192.0.2.0/24']);
    expect(await ask('storage.svc.example', 'APL')).toEqual([
      '2:2001:db8:9::/64 !2:2001:db8:9:0:ff00::/72',
    ]);
    expect(await ask('_ssa.video.svc.example', 'TXT')).toEqual([
      '"v=ssa1; rule=source-bound-hash; slice-bits=14; key=0a1b2c3d"',
    ]);
    expect(await ask('_ssa.hop.svc.example', 'TXT')).toEqual([
      '"v=ssa1; rule=time-hop; slice-bits=12; key=01020304; period=30"',
    ]);
    expect((await ask('video.svc.example', 'AAAA')).sort()).toEqual([
      '2001:db8:5:0:fffc::1',
      '2001:db8:5:0:fffc::2',
    ]);
    const soa = (await ask('svc.example', 'SOA'))[0].split(' ');
    expect([soa[0], soa[1], soa[6]]).toEqual(['ns1.svc.example.', 'hostmaster.svc.example.', '30']);
    expect(Number(soa[2])).toBe(server.serial);
  });

  it('dig sees aa, NXDOMAIN, NODATA with the SOA, and REFUSED outside the zone', async () => {
    const full = await dig('dig', port, [...flag, 'web.svc.example', 'APL']);
    expect(full).toMatch(/flags: qr aa rd;/);
    expect(status(full)).toBe('NOERROR');
    expect(full).toMatch(/web\.svc\.example\.\s+60\s+IN\s+APL\s+2:2001:db8:8::\/48/);
    const nx = await dig('dig', port, [...flag, 'gone.svc.example', 'APL']);
    expect(status(nx)).toBe('NXDOMAIN');
    expect(nx).toMatch(/AUTHORITY SECTION:\nsvc\.example\.\s+30\s+IN\s+SOA/);
    const nodata = await dig('dig', port, [...flag, 'web.svc.example', 'MX']);
    expect([status(nodata), /ANSWER: 0,/.test(nodata), /IN\s+SOA/.test(nodata)]).toEqual([
      'NOERROR',
      true,
      true,
    ]);
    expect(status(await dig('dig', port, [...flag, 'example.org', 'A']))).toBe('REFUSED');
    expect(status(await dig('kdig', port, [...flag, 'web.svc.example', 'APL', '-c', 'CH']))).toBe(
      'REFUSED',
    );
  });
});

describe('truncation and serials (wire §3)', () => {
  it('truncates a large answer for dig over UDP; dig retries over TCP and gets it all', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `2001:db8:8::${(i + 1).toString(16)}`);
    const services = DEMO_SERVICES.map((s) =>
      s.name === 'web.svc.example' ? { ...s, legacyAddresses: many } : s,
    );
    server.setZone(buildZone(DEMO_SETTINGS, services));
    try {
      const cut = await dig('dig', port, ['+ignore', '+noedns', 'web.svc.example', 'AAAA']);
      expect(cut).toMatch(/flags: qr aa tc rd;/);
      expect(cut).toMatch(/ANSWER: 0,/);
      const retried = await dig('dig', port, ['+noedns', 'web.svc.example', 'AAAA']);
      expect(retried).toMatch(/Truncated, retrying in TCP mode/);
      expect(retried).toMatch(/ANSWER: 30,/);
      // With EDNS0 and 4096 bytes offered, 30 AAAA (about 1.4 KB) still exceed our 1232 bytes.
      expect(
        await dig('dig', port, ['+ignore', '+bufsize=4096', 'web.svc.example', 'AAAA']),
      ).toMatch(/tc rd;/);
      const kdigCut = await dig('kdig', port, [
        '+ignore',
        '+bufsize=4096',
        'web.svc.example',
        'AAAA',
      ]);
      expect(kdigCut).toMatch(/Flags: qr aa tc rd;.*ANSWER: 0;/);
      const kdigFull = await dig('kdig', port, ['+bufsize=4096', 'web.svc.example', 'AAAA']);
      expect(kdigFull).toMatch(/Flags: qr aa rd;.*ANSWER: 30;/);
      expect(kdigFull).toMatch(/From 127\.0\.0\.1@\d+\(TCP\)/); // kdig retried over TCP
    } finally {
      server.setZone(buildZone(DEMO_SETTINGS, DEMO_SERVICES));
    }
  });

  it('raises the SOA serial on every change and only then', async () => {
    const serialOf = async () => Number((await short(port, 'svc.example', 'SOA'))[0].split(' ')[2]);
    const before = await serialOf();
    expect(server.setZone(buildZone(DEMO_SETTINGS, DEMO_SERVICES)).changed).toBe(false);
    expect(await serialOf()).toBe(before);
    const fewer = DEMO_SERVICES.filter((s) => s.name !== 'chat.svc.example');
    const r = server.setZone(buildZone(DEMO_SETTINGS, fewer));
    expect(r.changed).toBe(true);
    expect(await serialOf()).toBe(r.serial);
    expect(r.serial).toBeGreaterThan(before);
    expect(status(await dig('dig', port, ['chat.svc.example', 'APL']))).toBe('NXDOMAIN');
    server.setZone(buildZone(DEMO_SETTINGS, DEMO_SERVICES));
    expect(await serialOf()).toBeGreaterThan(r.serial);
  });
});

describe('dnspython decodes our records (wire §3)', () => {
  it('reads APL items with the negation bit and the _ssa TXT', async () => {
    const script = `
import sys, dns.message, dns.query, dns.rdatatype
port = int(sys.argv[1])
for name, t in [('video.svc.example', 'APL'), ('storage.svc.example', 'APL'), ('_ssa.video.svc.example', 'TXT')]:
    for tcp in (False, True):
        q = dns.message.make_query(name, t)
        r = (dns.query.tcp if tcp else dns.query.udp)(q, '127.0.0.1', port=port, timeout=5)
        for rrset in r.answer:
            for rd in rrset:
                if rd.rdtype == dns.rdatatype.APL:
                    print(name, 'tcp' if tcp else 'udp', ' '.join(('!' if i.negation else '') + '%d:%s/%d' % (i.family, i.address, i.prefix) for i in rd.items))
                else:
                    print(name, 'tcp' if tcp else 'udp', b''.join(rd.strings).decode())
`;
    // Asynchronously: the server answers from this process's event loop.
    const run = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        dnsPython(),
        ['-c', script, String(port)],
        { timeout: 30_000 },
        (err, stdout, stderr) => resolve({ stdout, stderr: err && !stderr ? err.message : stderr }),
      );
    });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    for (const via of ['udp', 'tcp']) {
      expect(lines).toContain(`video.svc.example ${via} 2:2001:db8:5::/64 1:192.0.2.0/24`);
      expect(lines).toContain(
        `storage.svc.example ${via} 2:2001:db8:9::/64 !2:2001:db8:9:0:ff00::/72`,
      );
      expect(lines).toContain(
        `_ssa.video.svc.example ${via} v=ssa1; rule=source-bound-hash; slice-bits=14; key=0a1b2c3d`,
      );
    }
  });
});
