/**
 * The README's demo-lab walkthrough ("The demo lab"), run as a newcomer would: the lab
 * (`node dist/topologies/runners/lab.js DIR --fresh --no-script`) on a copy of topologies/demo
 * whose ports are free ones and whose database is in a temporary folder; then ssactl, dig,
 * ssa-resolve and /metrics, each as its own process (dig is bind9-dnsutils, installed by
 * .ci/run). No fixed sleeps: every wait polls with a bound (ssactl wait, scale --wait).
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../..');
const DEMO = join(ROOT, 'topologies', 'demo');
const LAB = join(ROOT, 'dist', 'topologies', 'runners', 'lab.js');
const SSACTL = join(ROOT, 'dist', 'controller', 'cli', 'ssactl.js');
const RESOLVE = join(ROOT, 'dist', 'client', 'cli.js');
const CLIENT = '2001:db8:1::10';

/** Newest modification time of the TypeScript the build compiles (specs and tests aside). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources (a clean clone after `npm run build` is not). */
function ensureBuilt(): void {
  const sources = ['controller', 'client', 'softswitch', 'p4runtime', 'topologies', 'generated'];
  const newest = Math.max(...sources.map((d) => newestSource(join(ROOT, d))));
  if (existsSync(LAB) && statSync(LAB).mtimeMs >= newest) return;
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/** A port free for TCP and UDP on 127.0.0.1 (DNS listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((res, rej) => {
      const s = createServer();
      s.once('error', rej);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => res(p));
      });
    });
    const udpFree = await new Promise<boolean>((res) => {
      const u = createSocket('udp4');
      u.once('error', () => res(false));
      u.bind(port, '127.0.0.1', () => u.close(() => res(true)));
    });
    if (udpFree) return port;
  }
}

interface Lab {
  readonly dir: string;
  readonly dns: number;
  readonly admin: number;
  readonly metrics: number;
}

/** topologies/demo copied with free ports, a temporary database, counters read every 500 ms. */
async function copyDemo(): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-walkthrough-'));
  const scenario = YAML.parse(readFileSync(join(DEMO, 'scenario.yaml'), 'utf8')) as {
    switches: { address: string }[];
  };
  for (const sw of scenario.switches) sw.address = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(dir, 'scenario.yaml'), YAML.stringify(scenario));
  const config = YAML.parse(readFileSync(join(DEMO, 'controller.yaml'), 'utf8')) as {
    database: { sqlitePath: string };
    dns: { port: number };
    admin: { port: number };
    metrics: { port: number; counterReadMs?: number };
  };
  config.database.sqlitePath = join(dir, 'data', 'controller.sqlite');
  config.dns.port = await freePort();
  config.admin.port = await freePort();
  config.metrics.port = await freePort();
  config.metrics.counterReadMs = 500;
  writeFileSync(join(dir, 'controller.yaml'), YAML.stringify(config));
  copyFileSync(join(DEMO, 'scale-out.yaml'), join(dir, 'scale-out.yaml'));
  return { dir, dns: config.dns.port, admin: config.admin.port, metrics: config.metrics.port };
}

/** Runs a command to its end; resolves with its exit code and output. */
function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      file,
      [...args],
      { env, timeout: 90_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function scrape(port: number): Promise<string> {
  return new Promise((res, rej) => {
    const req = get({ host: '127.0.0.1', port, path: '/metrics', timeout: 5000 }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => res(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', rej);
  });
}

function sample(text: string, line: string): number {
  const hit = text.split('\n').find((l) => l.startsWith(`${line} `));
  return hit === undefined ? 0 : Number(hit.slice(line.length + 1));
}

/** Polls `probe` every 100 ms until it gives a value, for at most `ms`. */
async function poll<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Slice index -> instance, from `ssactl slices --json`. */
function holders(json: string): string[] {
  const runs = (JSON.parse(json) as { runs: { first: number; count: number; instance: string }[] })
    .runs;
  const out: string[] = [];
  for (const r of runs) for (let i = 0; i < r.count; i++) out[r.first + i] = r.instance;
  return out;
}

interface Probe {
  tables: { table: string; hit: boolean; params: Record<string, string> }[];
  egress: { port: number }[];
}

describe('the README walkthrough of the demo lab', () => {
  let lab: Lab;
  let child: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    ensureBuilt();
    lab = await copyDemo();
    // Only what a newcomer's shell has: no SSA_* or DATABASE_URL of the test run.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('SSA') && k !== 'DATABASE_URL'),
    );
    child = spawn(process.execPath, [LAB, lab.dir, '--fresh', '--no-script'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    exited = new Promise((res) => child!.once('exit', (code, signal) => res({ code, signal })));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
  });

  it('creates, resolves, probes, scales, shows the counters, and stops cleanly', async () => {
    // The first start prints the admin token once on stderr.
    const token = await poll('the admin token on stderr', 60_000, () =>
      Promise.resolve(/admin token '[^']+' \(shown once[^\n]*\n(\S+)\n/.exec(stderr)?.[1]),
    );
    const env = { ...process.env, SSACTL_TOKEN: token, SSACTL_SERVER: `127.0.0.1:${lab.admin}` };
    const ssactl = (...args: string[]) => run(process.execPath, [SSACTL, ...args], env);
    const ok = async (...args: string[]) => {
      const r = await ssactl(...args);
      if (r.code !== 0) throw new Error(`ssactl ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
      return r.stdout;
    };
    const dig = async (...args: string[]) =>
      (await run('dig', [`@127.0.0.1`, '-p', String(lab.dns), ...args, '+short'], env)).stdout;

    // 1. The lab converges (ssactl wait; exit 5 while the admin API is not listening yet).
    await poll('every switch converged', 120_000, async () => {
      const r = await ssactl('wait', '--wait-timeout', '60000');
      return r.code === 0 ? r : undefined;
    });
    expect(stdout).not.toContain('level=error');

    // 2. Create a service; DNS publishes it once the zone follows the new version.
    await ok(
      'service',
      'create',
      'shop.example',
      '--index',
      '3',
      '--range',
      '2001:db8:7::/64',
      '--rule',
      'source-bound-hash',
      '--key',
      '01020304',
      '--slice-bits',
      '8',
    );
    expect(JSON.stringify(JSON.parse(await ok('service', 'list', '--json')))).toContain(
      'shop.example',
    );
    await poll('shop.example in DNS', 30_000, async () =>
      (await dig('shop.example', 'APL')).includes('2:2001:db8:7::/64') ? true : undefined,
    );

    // 3. Resolve video.example with dig: its range (APL) and its rule (TXT, wire §3).
    expect((await dig('video.example', 'APL')).trim()).toBe('2:2001:db8:5::/64');
    const txt = await dig('_ssa.video.example', 'TXT');
    expect(txt).toContain('rule=source-bound-hash');
    expect(txt).toContain('slice-bits=14');

    // 4. ssa-resolve computes the client's address in the range, and its slice.
    const resolved = await run(
      process.execPath,
      [RESOLVE, 'video.example', '--src', CLIENT, '--server', `127.0.0.1:${lab.dns}`, '--json'],
      env,
    );
    expect(resolved.code).toBe(0);
    const { address, slice } = JSON.parse(resolved.stdout) as { address: string; slice: number };
    expect(address.startsWith('2001:db8:5:0:')).toBe(true);

    // 5. ssactl probe: the packet enters the edge from the core and leaves on the port of the
    //    instance holding its slice (video-a on port 3, video-b on 4, video-c on 5).
    const portOf: Record<string, number> = { 'video-a': 3, 'video-b': 4, 'video-c': 5 };
    const probe = async () =>
      JSON.parse(
        await ok(
          'probe',
          'edge',
          '--port',
          '2',
          '--src',
          CLIENT,
          '--dst',
          address,
          '--src-mac',
          '02:00:00:00:04:04',
          '--dst-mac',
          '02:00:00:00:03:02',
          '--json',
        ),
      ) as Probe;
    const before = holders(await ok('slices', 'video.example', '--json'));
    expect(before).toHaveLength(16384);
    const first = await probe();
    expect(first.tables.find((t) => t.table === 'ssa.slices')).toMatchObject({
      hit: true,
      params: { index: String(slice) },
    });
    expect(first.egress.map((e) => e.port)).toEqual([portOf[before[slice]]]);

    // 6. Scale out: video-c joins; exactly 4,096 slices move, all of them to video-c.
    const scaled = JSON.parse(
      await ok(
        'scale',
        'video.example',
        '--file',
        join(lab.dir, 'scale-out.yaml'),
        '--wait',
        '--json',
      ),
    ) as { slices: Record<string, number>; pending: string[] };
    expect(scaled.slices).toEqual({ 'video-a': 8192, 'video-b': 4096, 'video-c': 4096 });
    expect(scaled.pending).toEqual([]);
    const after = holders(await ok('slices', 'video.example', '--json'));
    const moved = after.map((h, i) => (h === before[i] ? undefined : h)).filter((h) => h);
    expect(moved).toHaveLength(4096);
    expect(new Set(moved)).toEqual(new Set(['video-c']));
    const second = await probe();
    expect(second.egress.map((e) => e.port)).toEqual([portOf[after[slice]]]);

    // 7. The counters moved: commands, DNS answers, writes, and the two probed packets
    //    counted as conforming on the edge (read from the switch every 500 ms here).
    const text = await poll('the probes in ssa.conforming', 30_000, async () => {
      const t = await scrape(lab.metrics);
      const line =
        'ssa_dataplane_counter_packets{switch="edge",counter="ssa.conforming",index="1"}';
      return sample(t, line) >= 2 ? t : undefined;
    });
    expect(sample(text, 'ssa_commands_total{command="create-service"}')).toBe(1);
    expect(sample(text, 'ssa_commands_total{command="set-instances"}')).toBe(1);
    expect(
      sample(text, 'ssa_dns_queries_total{qtype="APL",rcode="NOERROR"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'ssa_reconciler_updates_written_total{switch="edge"}')).toBeGreaterThan(
      16384,
    );
    expect(sample(text, 'ssa_domain_version')).toBe(3);

    // 8. Ctrl-C (SIGTERM): the lab stops, closing its database.
    child!.kill('SIGTERM');
    const end = await exited;
    expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
    expect(stdout).toContain('database closed');
    expect(stdout).not.toContain('level=error');
  });
});
