/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is checked field by field */
/**
 * ssactl probe against an embedded switch running the fabric model: the packet's tables
 * (hits with entry and action, misses), its verdict, and where it left with which headers,
 * both with --address and with a switch name resolved through the admin API.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableEntry } from '../../../p4runtime/entities';
import type { P4RuntimeClient } from '../../../p4runtime/client/client';
import { probeHandlers, probeServiceDefinition } from '../../../softswitch/p4rt/probe';
import { FABRIC_P4INFO, fabric } from '../../../softswitch/pipelines/fabric';
import { reflector } from '../../../softswitch/pipelines/reflector';
import { EXIT, ssactl } from '../../../controller/cli/ssactl';
import { loadP4Info, TestSwitch } from '../../p4rt/harness';
import { type AdminHarness, adminHarness, capture } from './harness';

describe('ssactl probe', () => {
  let sw: TestSwitch;
  let p4: P4RuntimeClient;
  let h: AdminHarness;

  beforeAll(async () => {
    sw = await TestSwitch.start(
      [{ pipelines: [reflector, fabric], defaultPipeline: 'reflector' }],
      {
        extraServices: [
          {
            definition: probeServiceDefinition(),
            handlers: probeHandlers((id) => sw?.server.device(id)),
          },
        ],
      },
    );
    p4 = await sw.primary(loadP4Info(FABRIC_P4INFO), 'fabric');
    await p4.write([
      {
        type: 'insert',
        entity: new TableEntry({
          table: 'routing.v6',
          match: { ipv6_dst: '2001:db8:77::/48' },
          action: { name: 'routing.v6_set_next_hop', params: { next_hop: 7 } },
        }),
      },
      {
        type: 'insert',
        entity: new TableEntry({
          table: 'routing.next_hops',
          match: { next_hop: 7 },
          action: {
            name: 'routing.set_output',
            params: { port: 4, smac: '02:00:00:00:00:01', dmac: '02:00:00:00:07:07' },
          },
        }),
      },
    ]);
    h = await adminHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
    sw?.close();
  });

  const run = async (argv: string[]) => {
    const io = capture();
    const code = await ssactl(argv, io, { SSACTL_SERVER: h.address, SSACTL_TOKEN: h.adminToken });
    return { code, io, out: io.stdout.join('\n') };
  };

  it('prints the tables, the verdict and the egress headers of a routed packet', async () => {
    const r = await run([
      'probe',
      '--address',
      sw.address,
      '--device-id',
      '1',
      '--port',
      '1',
      '--src',
      '2001:db8:1::5',
      '--dst',
      '2001:db8:77::9',
      '--dport',
      '53',
    ]);
    expect({ code: r.code, err: r.io.stderr }).toEqual({ code: EXIT.ok, err: [] });
    expect(r.out).toMatch(/^TABLE\s+HIT\s+ACTION\s+PARAMS\s+MATCH$/m);
    expect(r.out).toMatch(
      /^routing\.v6\s+hit\s+routing\.v6_set_next_hop\s+next_hop=7\s+ipv6_dst=2001:db8:77::\/48$/m,
    );
    expect(r.out).toMatch(
      /^routing\.next_hops\s+hit\s+routing\.set_output\s+port=4,smac=02:00:00:00:00:01,dmac=02:00:00:00:07:07\s+next_hop=7$/m,
    );
    expect(r.out).toMatch(/^acl\.acl\s+miss\s+/m);
    expect(r.out).toContain('in:  port 1: ethernet dst=02:00:00:00:00:bb');
    expect(r.out).toContain('verdict: forwarded');
    expect(r.out).toMatch(
      /out: port 4: ethernet dst=02:00:00:00:07:07 src=02:00:00:00:00:01 type=0x86dd \| ipv6 src=2001:db8:1::5 dst=2001:db8:77::9 next_header=17 hop_limit=63 .* \| udp sport=40000 dport=53 /,
    );
  });

  it('shows a drop with its reason, in JSON', async () => {
    const r = await run([
      'probe',
      '--address',
      sw.address,
      '--port',
      '1',
      '--src',
      '2001:db8:1::5',
      '--dst',
      '2001:db8:99::1',
      '--json',
    ]);
    expect(r.code).toBe(EXIT.ok);
    const data = JSON.parse(r.out);
    expect(data.verdict).toBe('dropped');
    expect(data.drop_reason).toMatch(/^ROUTING|NO_ROUTE|MISS/);
    expect(data.egress).toEqual([]);
    const v6 = data.tables.find((t: any) => t.table === 'routing.v6');
    expect(v6).toMatchObject({ hit: false });
  });

  it('finds a switch by name through the admin API', async () => {
    const spec = {
      name: 'lab',
      deviceId: 1,
      address: sw.address,
      target: 'embedded',
      roles: ['router'],
    };
    const reg = await ssactl(['switch', 'register', '--file', writeTemp(spec)], capture(), {
      SSACTL_SERVER: h.address,
      SSACTL_TOKEN: h.adminToken,
    });
    expect(reg).toBe(EXIT.ok);
    const r = await run([
      'probe',
      'lab',
      '--port',
      '2',
      '--src',
      '10.0.0.1',
      '--dst',
      '10.9.9.9',
      '--proto',
      'tcp',
    ]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^routing\.v4\s+miss\s+/m);
    expect(r.out).toContain('ipv4 src=10.0.0.1 dst=10.9.9.9 protocol=6');
    expect((await run(['probe', 'nowhere', '--port', '1', '--hex', '00'])).code).toBe(EXIT.refused);
  });

  it('refuses bad probe requests', async () => {
    expect(
      (
        await run([
          'probe',
          '--address',
          sw.address,
          '--src',
          '2001:db8::1',
          '--dst',
          '2001:db8::2',
        ])
      ).code,
    ).toBe(EXIT.usage);
    expect(
      (
        await run([
          'probe',
          '--address',
          sw.address,
          '--port',
          '1',
          '--src',
          '2001:db8::1',
          '--dst',
          '10.0.0.1',
        ])
      ).code,
    ).toBe(EXIT.usage);
    const r = await run([
      'probe',
      '--address',
      sw.address,
      '--device-id',
      '9',
      '--port',
      '1',
      '--hex',
      'ffff',
    ]);
    expect(r.code).toBe(EXIT.refused);
    expect(r.io.stderr.join('\n')).toContain('no device 9');
  });
});

function writeTemp(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'probe-')), 'switch.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
}
