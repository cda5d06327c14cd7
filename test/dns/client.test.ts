/**
 * The client library and CLI against our DNS server on loopback (wire §2, §3): APL and TXT
 * resolved from a given server and from the system resolver, the destination computed by the
 * rule, the AAAA fallback, truncation answered over TCP, the ssa-resolve CLI's text and JSON,
 * and ssaLookup under Node's http and net.
 */
import * as dns from 'node:dns';
import { readFileSync } from 'node:fs';
import { createServer as createHttp, get } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import vectors from '../fixtures/wire-vectors.json';
import { main } from '../../client/cli';
import { install, optionsFromEnv } from '../../client/install';
import { ssaLookup } from '../../client/lookup';
import { ResolveError, query, resolveService, resolveSsa } from '../../client/resolve';
import { DEMO_SERVICES, DEMO_SETTINGS } from '../../controller/dns/demo-zone';
import type { PublishedService } from '../../controller/dns/model';
import { DnsServer } from '../../controller/dns/server';
import { buildZone } from '../../controller/dns/zone';

const LOOPBACK: PublishedService[] = [
  {
    name: 'local.svc.example',
    ranges: [{ prefix: '127.0.0.1', length: 32, family: 4 }],
    rule: { kind: 'any', sliceBits: 0 },
    legacyAddresses: [],
  },
  {
    name: 'blob.svc.example',
    ranges: [{ prefix: '127.0.0.1', length: 32, family: 4 }],
    rule: { kind: 'content', sliceBits: 0 },
    legacyAddresses: [],
  },
  {
    name: 'wide.svc.example',
    ranges: [{ prefix: '2001:db8:5::', length: 64, family: 6 }],
    rule: { kind: 'any', sliceBits: 0 },
    legacyAddresses: Array.from({ length: 40 }, (_, i) => `2001:db8:5::${i + 1}`),
  },
];

let server: DnsServer;
let at: string;
beforeAll(async () => {
  server = new DnsServer({
    settings: DEMO_SETTINGS,
    zone: buildZone(DEMO_SETTINGS, [...DEMO_SERVICES, ...LOOPBACK]),
    port: 0,
  });
  at = `127.0.0.1:${(await server.start()).port}`;
});
afterAll(async () => server?.stop());

/** Runs the CLI in process; returns its exit code and output. */
async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({ write: (c, _e, cb) => (f(c.toString()), cb()) });
  const code = await main(args, sink((s) => (out += s)) as never, sink((s) => (err += s)) as never);
  return { code, out, err };
}

describe('resolver (wire §3)', () => {
  it('reads the APL ranges and the rule of a service', async () => {
    const r = await resolveService('hop.svc.example', { server: at });
    expect(r.rule).toEqual({ kind: 'time-hop', sliceBits: 12, key: 0x01020304, period: 30 });
    expect(r.items.length).toBe(1);
    expect(r.ttl).toBe(60);
  });

  it('computes the source-bound-hash destination of the wire vector (wire §2)', async () => {
    const v = vectors.source_bound_hash[0];
    const d = await resolveSsa('video.svc.example', { server: at, src: v.src });
    expect(d.via).toBe('apl');
    if (d.via !== 'apl') return;
    expect([d.rule, d.range, d.slice]).toEqual(['source-bound-hash', '2001:db8:5::/64', v.slice]);
  });

  it('falls back to AAAA/A when the name has no APL', async () => {
    const d = await resolveSsa('ns1.svc.example', { server: at });
    expect(d.via).toBe('legacy');
    expect(['127.0.0.1', '::1']).toContain(d.address);
  });

  it('follows truncation to TCP', async () => {
    const r = await resolveService('wide.svc.example', { server: at });
    expect(r.items.length).toBe(1); // APL fits; the 40 AAAA are not needed
    const aaaa = await query('wide.svc.example', 'AAAA', { server: at });
    expect(aaaa.answers.length).toBe(40); // 40 AAAA exceed 1232 bytes: asked again over TCP
  });

  it('says NXDOMAIN for an unknown name', async () => {
    await expect(resolveSsa('nope.svc.example', { server: at })).rejects.toThrow(ResolveError);
  });

  it('uses the system resolver when no server is given', async () => {
    const saved = dns.getServers();
    dns.setServers([at]);
    try {
      const d = await resolveSsa('storage.svc.example', { objectKey: vectors.content[0].object });
      expect(d.address).toBe(vectors.content[0].address);
    } finally {
      dns.setServers(saved);
    }
  });
});

describe('ssa-resolve CLI', () => {
  it('starts with a node shebang (npm links it as a bin)', () => {
    expect(readFileSync(join(__dirname, '../../client/cli.ts'), 'utf8').split('\n')[0]).toBe(
      '#!/usr/bin/env node',
    );
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.bin['ssa-resolve']).toBe('dist/client/cli.js');
  });

  it('prints its usage with --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r).toMatchObject({ code: 0 });
    expect(JSON.stringify(r)).toContain('usage: ssa-resolve NAME');
  });

  it('prints the destination, its rule, range and slice; JSON with --json', async () => {
    const v = vectors.source_bound_hash[0];
    const text = await cli('video.svc.example', '--src', v.src, '--server', at);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      new RegExp(
        `^2001:db8:5:0:37f[c-f]:[0-9a-f:]+\\trule=source-bound-hash range=2001:db8:5::/64 slice=${v.slice}\\n$`,
      ),
    );
    const c = vectors.content[0];
    const json = await cli(
      'storage.svc.example',
      '--object',
      c.object,
      '--replicas',
      '2',
      '--server',
      at,
      '--json',
    );
    expect(JSON.parse(json.out)).toMatchObject({
      name: 'storage.svc.example',
      via: 'apl',
      address: c.address,
      replicas: c.replicas_1_2,
    });
  });

  it('exits 2 on bad arguments and 1 on a name it cannot resolve', async () => {
    expect((await cli('--src')).code).toBe(2);
    expect((await cli('a', 'b')).err).toMatch(/one NAME only/);
    expect((await cli('x.svc.example', '--replicas', '300')).err).toMatch(/--replicas: '300'/);
    const nx = await cli('nope.svc.example', '--server', at);
    expect([nx.code, nx.err]).toEqual([1, expect.stringMatching(/NXDOMAIN/)]);
  });
});

describe('ssaLookup for net and http', () => {
  it('lets an ordinary http.get reach an SSA service by name', async () => {
    const web = createHttp((_req, res) => res.end('hello from the service'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
    const { port } = web.address() as AddressInfo;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        get(
          { host: 'local.svc.example', port, lookup: ssaLookup({ server: at }) as never },
          (res) => {
            let b = '';
            res.on('data', (d) => (b += d));
            res.on('end', () => resolve(b));
          },
        ).on('error', reject);
      });
      expect(body).toBe('hello from the service');
    } finally {
      web.close();
    }
  });

  it('connects net sockets by content name, and leaves other names to dns.lookup', async () => {
    const srv = createServer((s) => s.end('ok'));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as AddressInfo;
    const lookup = ssaLookup({ server: at, objectKey: 'any-object' });
    const read = (host: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect({ host, port, lookup: lookup as never, family: 4 });
        let b = '';
        s.on('data', (d) => (b += d));
        s.on('end', () => resolve(b));
        s.on('error', reject);
      });
    try {
      expect(await read('blob.svc.example')).toBe('ok');
      expect(await read('localhost')).toBe('ok'); // not in our zone: the system's lookup
    } finally {
      srv.close();
    }
  });

  it('gives the all form when asked', async () => {
    const got = await new Promise<unknown>((resolve, reject) =>
      ssaLookup({ server: at })('local.svc.example', { all: true }, (err, addrs) =>
        err ? reject(err) : resolve(addrs),
      ),
    );
    expect(got).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});

describe('install: SSA names for a program that does not know them', () => {
  it('an http.get without a lookup option reaches the service once dns.lookup is replaced', async () => {
    const web = createHttp((_req, res) => res.end('no code changed'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
    const { port } = web.address() as AddressInfo;
    const fetchBody = (url: string) =>
      new Promise<string>((resolve, reject) => {
        get(url, { agent: false }, (res) => {
          let b = '';
          res.on('data', (d) => (b += d));
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
    const uninstall = install(optionsFromEnv({ SSA_DNS_SERVER: at }));
    try {
      expect(await fetchBody(`http://local.svc.example:${port}/`)).toBe('no code changed');
      expect(await fetchBody(`http://localhost:${port}/`)).toBe('no code changed');
    } finally {
      uninstall();
      web.close();
    }
    await expect(fetchBody(`http://local.svc.example:${port}/`)).rejects.toThrow(
      /ENOTFOUND|EAI_AGAIN/,
    );
  });
});

describe('ssaLookup call forms', () => {
  it('takes (hostname, callback) and (hostname, family, callback) as dns.lookup does', async () => {
    const lookup = ssaLookup({ server: at });
    const two = await new Promise((resolve, reject) =>
      (lookup as (h: string, cb: (e: Error | null, a: string) => void) => void)(
        '127.0.0.1',
        (e, a) => (e ? reject(e) : resolve(a)),
      ),
    );
    expect(two).toBe('127.0.0.1');
    const withFamily = await new Promise((resolve, reject) =>
      lookup('local.svc.example', 4, (e, a) => (e ? reject(e) : resolve(a))),
    );
    expect(withFamily).toBe('127.0.0.1');
  });

  it('leaves names to the system resolver when the SSA server does not answer', async () => {
    // A loopback port where nothing listens: every SSA query fails at once (connection refused
    // over TCP, no answer over UDP within the short timeout).
    const dead = ssaLookup({ server: '127.0.0.1:9', timeoutMs: 200 });
    const addr = await new Promise((resolve, reject) =>
      dead('localhost', { family: 4 }, (e, a) => (e ? reject(e) : resolve(a))),
    );
    expect(addr).toBe('127.0.0.1');
  });
});
