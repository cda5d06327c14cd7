/**
 * tools.ts: the outside programs the DNS tests run (dig, kdig, knotd, Debian's python3 with
 * dnspython), found or refused with a message saying which Debian package to install; a free
 * loopback port for UDP and TCP at once; polling with a bound.
 */
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const PACKAGES: Record<string, string> = {
  dig: 'bind9-dnsutils',
  kdig: 'knot-dnsutils',
  knotd: 'knot',
  knotc: 'knot',
};

/** The path of a program; throws naming its Debian package when it is missing (CI installs them). */
export function tool(name: keyof typeof PACKAGES): string {
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']) {
    if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  throw new Error(`${name} is missing: apt-get install ${PACKAGES[name]} (.ci/run installs it)`);
}

/** A python3 that imports dnspython (Debian's python3-dnspython), P4_PYTHON first. */
export function dnsPython(): string {
  const candidates = [process.env.P4_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => !!c,
  );
  for (const c of candidates) {
    if (spawnSync(c, ['-c', 'import dns.rdtypes.IN.APL'], { stdio: 'ignore' }).status === 0)
      return c;
  }
  throw new Error(
    `no python3 with dnspython (tried ${candidates.join(', ')}): apt-get install python3-dnspython`,
  );
}

/** A loopback port free for both UDP and TCP right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((r) => udp.bind(0, host, () => r(udp.address().port)));
    const tcp = createServer();
    const ok = await new Promise<boolean>((r) => {
      tcp.once('error', () => r(false));
      tcp.listen(port, host, () => r(true));
    });
    await new Promise<void>((r) => udp.close(() => r()));
    await new Promise<void>((r) => (ok ? tcp.close(() => r()) : r()));
    if (ok) return port;
  }
  throw new Error('no free port for UDP and TCP');
}

/** Polls `probe` every 50 ms until it returns a value, for at most `ms`. */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `${what}: not within ${ms} ms${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}
