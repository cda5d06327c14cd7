/**
 * knot.ts: a Knot DNS server (Debian's knot) for the tests, on 127.0.0.1 and a free port, with
 * its configuration, zone files and databases in a temporary directory; never the system
 * service. Stopped by the pid we started.
 *
 *   const knot = await startKnot({ zones: [{ domain: 'pub.example', file: zoneText, update: key }] });
 *   ...; await knot.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeQuery } from '../../client/message';
import { exchange } from '../../client/transport';
import type { TsigKey } from '../../controller/dns/tsig';
import { freePort, tool, until } from './tools';

/** A zone of the test server: a primary with a zone file, or a secondary of `primary`. */
export type KnotZone =
  | { domain: string; zoneFile: string; updateKey?: TsigKey }
  | { domain: string; primary: { address: string; port: number } };

/** A running knotd. */
export interface Knot {
  readonly port: number;
  readonly dir: string;
  /** What knotd wrote to stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts knotd and waits until it answers SOA for every primary zone. */
export async function startKnot(zones: readonly KnotZone[], port?: number): Promise<Knot> {
  const knotd = tool('knotd');
  const dir = mkdtempSync(join(tmpdir(), 'ssa-knot-'));
  mkdirSync(join(dir, 'db'));
  port ??= await freePort();
  const listen = port;
  const keys = zones.flatMap((z) => ('updateKey' in z && z.updateKey ? [z.updateKey] : []));
  const conf = [
    'server:',
    `    rundir: "${dir}"`,
    `    listen: 127.0.0.1@${port}`,
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `    storage: "${dir}/db"`,
    ...(keys.length
      ? [
          'key:',
          ...keys.flatMap((k) => [
            `  - id: ${k.name}`,
            '    algorithm: hmac-sha256',
            `    secret: ${k.secret.toString('base64')}`,
          ]),
        ]
      : []),
    'remote:',
    ...zones.flatMap((z, i) =>
      'primary' in z
        ? [`  - id: primary${i}`, `    address: ${z.primary.address}@${z.primary.port}`]
        : [],
    ),
    'acl:',
    '  - id: notify',
    '    address: 127.0.0.1',
    '    action: notify',
    ...keys.flatMap((k) => [
      `  - id: update-${k.name}`,
      '    address: 127.0.0.1',
      `    key: ${k.name}`,
      '    action: update',
    ]),
    'template:',
    '  - id: default',
    `    storage: "${dir}"`,
    '    zonefile-sync: -1',
    'zone:',
    ...zones.flatMap((z, i) => {
      if ('primary' in z)
        return [`  - domain: ${z.domain}.`, `    master: primary${i}`, '    acl: notify'];
      writeFileSync(join(dir, `${z.domain}.zone`), z.zoneFile);
      return [
        `  - domain: ${z.domain}.`,
        `    file: "${dir}/${z.domain}.zone"`,
        ...(z.updateKey ? [`    acl: update-${z.updateKey.name}`] : []),
      ];
    }),
  ].join('\n');
  writeFileSync(join(dir, 'knot.conf'), conf + '\n');
  let stderr = '';
  const child: ChildProcess = spawn(knotd, ['-c', join(dir, 'knot.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const z of zones) {
      if ('primary' in z) continue;
      await until(`knotd serving ${z.domain}`, 10_000, async () => {
        if (child.exitCode !== null) throw new Error(`knotd exited: ${stderr}`);
        const a = await exchange(
          encodeQuery(z.domain, 'SOA', { udpSize: 0 }),
          { host: '127.0.0.1', port: listen },
          'udp',
          500,
        );
        return (a[3] & 0xf) === 0 && a.readUInt16BE(6) > 0 ? true : undefined;
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { port: listen, dir, log: () => stderr, stop };
}
