/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is checked field by field */
/**
 * ssactl against a running admin API: table and JSON output, every command's --help, exit
 * codes (usage, refused, not allowed, unreachable, not converged), and the progress of
 * `scale --wait` on a terminal and off one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_COMMANDS, EXIT, ssactl } from '../../../controller/cli/ssactl';
import { type AdminHarness, type Captured, adminHarness, capture } from './harness';

describe('ssactl', () => {
  let h: AdminHarness;
  let dir: string;
  let run: (argv: string[], io?: Captured) => Promise<{ code: number; io: Captured }>;

  beforeAll(async () => {
    h = await adminHarness('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'ssactl-'));
    run = async (argv, io = capture()) => ({
      code: await ssactl(argv, io, { SSACTL_SERVER: h.address, SSACTL_TOKEN: h.adminToken }),
      io,
    });
  });
  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints --help for every command, and an overview', async () => {
    for (const c of ALL_COMMANDS) {
      const { code, io } = await run([...c.path, '--help']);
      expect(code).toBe(EXIT.ok);
      expect(io.stdout.join('\n')).toContain(`usage: ssactl ${c.path.join(' ')}`);
      expect(io.stdout.join('\n')).toContain('--json');
      for (const o of Object.keys(c.options ?? {})) {
        expect(io.stdout.join('\n')).toContain(`--${o}`);
      }
    }
    const all = await run(['--help']);
    expect(all.code).toBe(EXIT.ok);
    for (const c of ALL_COMMANDS) expect(all.io.stdout.join('\n')).toContain(c.path.join(' '));
    expect((await run(['service', '--help'])).io.stdout.join('\n')).toContain('service create');
  });

  it('lists services as a table and as JSON', async () => {
    const table = await run(['service', 'list']);
    expect(table.code).toBe(EXIT.ok);
    const lines = table.io.stdout.join('\n').split('\n');
    expect(lines[0]).toMatch(/^NAME\s+INDEX\s+RANGES\s+RULE\s+SLICE BITS\s+ID$/);
    expect(lines[1]).toMatch(
      /^video\.example\s+1\s+2001:db8:5::\/64,192\.0\.2\.0\/24\s+source-bound-hash\s+2\s+[0-9a-f]{16}$/,
    );
    const json = await run(['service', 'list', '--json']);
    const data = JSON.parse(json.io.stdout.join('\n'));
    expect(data.services.map((s: any) => s.name)).toEqual(['video.example', 'storage.svc.example']);
    expect(data.version).toBe(1);
  });

  it('runs every change and query command', async () => {
    const ok = async (argv: string[]) => {
      const r = await run(argv);
      expect({ argv, code: r.code, err: r.io.stderr }).toEqual({ argv, code: EXIT.ok, err: [] });
      return r.io.stdout.join('\n');
    };
    expect(
      await ok([
        'service',
        'create',
        'music.example',
        '--index',
        '9',
        '--range',
        '2001:db8:90::/64',
        '--rule',
        'source-bound-hash',
        '--key',
        '01020304',
        '--slice-bits',
        '2',
      ]),
    ).toMatch(/created service music.example \(version \d+\)/);
    expect(await ok(['service', 'get', 'music.example'])).toContain('music.example');
    await ok(['service', 'update', 'music.example', '--slice-bits', '3']);
    const svc = JSON.parse(await ok(['service', 'get', 'music.example', '--json']));
    expect(svc.service.slice_bits).toBe(3);
    await ok([
      'instance',
      'add',
      'music-1',
      '--service',
      'music.example',
      '--locator',
      '2001:db8:a::91',
      '--weight',
      '2',
      '--attach',
      's1:3:02:00:00:00:0a:01',
    ]);
    await ok([
      'instance',
      'add',
      'music-2',
      '--service',
      'music.example',
      '--locator',
      '2001:db8:a::92',
    ]);
    await ok(['instance', 'weight', 'music-2=2']);
    await ok(['instance', 'metric', 'music-1=7']);
    await ok(['instance', 'locators', 'music-2', '2001:db8:a::93']);
    const listed = JSON.parse(
      await ok(['instance', 'list', '--service', 'music.example', '--json']),
    );
    expect(
      listed.instances.map((x: any) => [x.id, x.weight, x.metric, x.locators[0], x.slices]),
    ).toEqual([
      ['music-1', 2, 7, '2001:db8:a::91', 4],
      ['music-2', 2, 0, '2001:db8:a::93', 4],
    ]);
    const table = await ok(['instance', 'list', '--service', 'music.example']);
    expect(table.split('\n')[0]).toMatch(
      /^ID\s+SERVICE\s+LOCATORS\s+WEIGHT\s+METRIC\s+STATE\s+SLICES$/,
    );
    const slices = await ok(['slices', 'music.example']);
    expect(slices).toMatch(/^FIRST\s+LAST\s+COUNT\s+INSTANCE$/m);
    expect(slices).toContain('music.example: 2^3 slices; music-1=4 music-2=4');
    await ok(['instance', 'drain', 'music-2']);
    await ok(['instance', 'remove', 'music-2']);
    const file = join(dir, 'instances.yaml');
    writeFileSync(file, '- { id: music-3, locators: ["2001:db8:a::95"], weight: 1 }\n');
    const scaled = JSON.parse(
      await ok([
        'scale',
        'music.example',
        '--instance',
        'id=music-1,locator=2001:db8:a::91',
        '--file',
        file,
        '--json',
      ]),
    );
    expect(scaled.slices).toEqual({ 'music-1': 4, 'music-3': 4 });
    await ok(['service', 'delete', 'music.example']);

    const sw = join(dir, 's3.json');
    writeFileSync(
      sw,
      JSON.stringify({
        name: 's3',
        deviceId: 3,
        address: '127.0.0.1:9600',
        target: 'embedded',
        roles: ['router'],
      }),
    );
    await ok(['switch', 'register', '--file', sw]);
    expect(await ok(['switch', 'list'])).toMatch(
      /^s3\s+3\s+127\.0\.0\.1:9600\s+embedded\s+router$/m,
    );
    expect(await ok(['switch', 'status', 's3'])).toMatch(
      /^s3\s+(unknown|converging|diverged)\s+-\s+0\s+/m,
    );
    await ok(['switch', 'deregister', 's3']);

    const web = JSON.parse(JSON.parse(await ok(['mslb', 'list', '--json'])).mslbs[0].spec_json);
    const mslbFile = join(dir, 'web.json');
    writeFileSync(mslbFile, JSON.stringify({ ...web, mtu: 1300 }));
    await ok(['mslb', 'put', '--file', mslbFile]);
    expect(await ok(['mslb', 'list'])).toMatch(/^web\s+0\s+2001:db8:e::80\s+encapsulation\s+s2$/m);
    await ok(['mslb', 'delete', 'web']);

    const token = await ok(['token', 'create', 'ci-reader', 'read-only']);
    const secret = token.split('\n')[1];
    expect(secret).toMatch(/^ssa_/);
    expect(await ok(['token', 'list'])).toMatch(/ci-reader\s+read-only/);
    const id = JSON.parse(await ok(['token', 'list', '--json'])).tokens[1].id;
    await ok(['token', 'revoke', id]);
    const audit = await ok(['audit', '--limit', '3']);
    expect(audit.split('\n')[0]).toMatch(/^ID\s+TIME\s+PRINCIPAL\s+METHOD\s+RESULT\s+DETAIL$/);
    expect(audit).toMatch(/token:initial-admin\s+RevokeToken\s+OK/);
  });

  it('exits 2 on usage errors without calling the server', async () => {
    const before = (await run(['audit', '--json'])).io.stdout.join('');
    for (const argv of [
      [],
      ['frobnicate'],
      ['service', 'get'],
      ['service', 'create', 'x.example', '--index', 'seven'],
      ['service', 'list', '--colour'],
      ['instance', 'weight', 'a:1'],
      ['scale', 'video.example', '--instance', 'id=a,port=3'],
      ['switch', 'register'],
      ['service', 'list', '--timeout', '-1'],
    ]) {
      const r = await run(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: EXIT.usage });
      expect(r.io.stderr.join('\n') + r.io.stdout.join('\n')).toMatch(
        /usage|expected|unknown|required|invalid/,
      );
    }
    expect((await run(['audit', '--json'])).io.stdout.join('')).toBe(before);
  });

  it('exits 3 when refused, naming the field', async () => {
    const r = await run([
      'instance',
      'add',
      'video-a',
      '--service',
      'video.example',
      '--locator',
      '2001:db8:a::77',
    ]);
    expect(r.code).toBe(EXIT.refused);
    expect(r.io.stderr.join('\n')).toContain('ALREADY_EXISTS');
    expect(r.io.stderr.join('\n')).toContain('field instance.id');
    expect((await run(['service', 'get', 'nothing.example'])).code).toBe(EXIT.refused);
    expect((await run(['occupancy', 's1'])).code).toBe(EXIT.refused);
  });

  it('exits 4 when not allowed and 5 when unreachable', async () => {
    const io = capture();
    expect(await ssactl(['service', 'list'], io, { SSACTL_SERVER: h.address })).toBe(EXIT.denied);
    expect(io.stderr.join('\n')).toContain('UNAUTHENTICATED');
    const reader = JSON.parse(
      (await run(['token', 'create', 'cli-reader', 'read-only', '--json'])).io.stdout.join('\n'),
    ).secret;
    const denied = await run(['service', 'delete', 'video.example', '--token', reader]);
    expect(denied.code).toBe(EXIT.denied);
    // A port nothing listens on: a closed server's.
    const gone = await adminHarness('sqlite', { seed: false });
    const address = gone.address;
    await gone.close();
    const r = await run(['service', 'list', '--server', address, '--timeout', '2000']);
    expect(r.code).toBe(EXIT.unreachable);
    expect(r.io.stderr.join('\n')).toContain('UNAVAILABLE');
  });

  describe('scale --wait', () => {
    /** Publishes, for each switch, the event a reconciler sends once it wrote `version`. */
    function reconcileWhenChanged(switches: string[]): () => void {
      return h.events.subscribe(
        (e) => {
          for (const sw of switches) {
            h.events.publish({
              kind: 'reconciliation',
              action: 'converging',
              switch: sw,
              version: e.version,
            });
            h.events.publish({
              kind: 'reconciliation',
              action: 'converged',
              switch: sw,
              version: e.version,
            });
          }
        },
        { kinds: ['change'], service: 'storage.svc.example' },
      );
    }
    const scale = [
      'scale',
      'storage.svc.example',
      '--instance',
      'id=store-1,locator=2001:db8:b::1',
      '--wait',
      '--wait-timeout',
      '5000',
    ];

    it('follows reconciliation with plain lines off a terminal', async () => {
      const stop = reconcileWhenChanged(['s1', 's2']);
      try {
        const r = await run(scale);
        expect(r.code).toBe(EXIT.ok);
        expect(r.io.stderr).toContain(
          'converging: 2/2 s2 converged at version ' + /version (\d+)/.exec(r.io.stdout[0])![1],
        );
        expect(r.io.rawText).toEqual([]);
        expect(r.io.stdout.join('\n')).toContain('converged: s1, s2');
      } finally {
        stop();
      }
    });

    it('draws a bar on a terminal', async () => {
      const stop = reconcileWhenChanged(['s1', 's2']);
      try {
        const r = await run(scale, capture(true));
        expect(r.code).toBe(EXIT.ok);
        expect(
          r.io.rawText.some((t) => t.startsWith('\rconverging [##########----------] 1/2')),
        ).toBe(true);
        expect(
          r.io.rawText.some((t) => t.startsWith('\rconverging [####################] 2/2')),
        ).toBe(true);
        expect(r.io.rawText[r.io.rawText.length - 1]).toBe('\n');
      } finally {
        stop();
      }
    });

    it('exits 6 when a switch does not converge in time', async () => {
      const stop = reconcileWhenChanged(['s1']); // s2 never reports
      try {
        const r = await run([...scale.slice(0, -1), '300', '--json']);
        expect(r.code).toBe(EXIT.notConverged);
        const out = JSON.parse(r.io.stdout.join('\n'));
        expect(out).toMatchObject({ converged: ['s1'], pending: ['s2'] });
      } finally {
        stop();
      }
    });
  });

  it('prints events with watch --count', async () => {
    const others = (h.events as any).subscribers; // the metrics follow the bus too
    const watching = run(['watch', '--kind', 'change', '--count', '1']);
    const until = Date.now() + 5000;
    while ((h.events as any).subscribers === others && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await run(['instance', 'metric', 'video-a=3']);
    const r = await watching;
    expect(r.code).toBe(EXIT.ok);
    expect(r.io.stdout[0]).toMatch(/^\d{4}-.*Z change set-weights version=\d+/);
  });
});
