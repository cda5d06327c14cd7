/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is checked field by field */
/**
 * The admin API and ssactl over a controller that reconciles real embedded switches (gRPC on
 * loopback): switch status from the reconciler, `wait` and `scale --wait` following the
 * reconciliation events to convergence, table occupancy read from a switch against the
 * P4Info sizes.
 */
import { CommandService } from '../../../controller/commands/command.service';
import { EXIT, ssactl } from '../../../controller/cli/ssactl';
import { lineState } from '../../../bench/fixtures/fabric-line';
import { type EmbeddedSwitch, startSwitches } from '../harness';
import { type AdminHarness, adminHarness, capture } from './harness';

jest.setTimeout(60_000);

describe('admin API over reconciled embedded switches', () => {
  let switches: EmbeddedSwitch[];
  let h: AdminHarness;
  const run = async (argv: string[]) => {
    const io = capture();
    const code = await ssactl(argv, io, { SSACTL_SERVER: h.address, SSACTL_TOKEN: h.adminToken });
    return { code, io, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    switches = await startSwitches(2);
    const state = lineState({
      switches: 2,
      instances: 3,
      sliceBits: 4,
      address: (i) => switches[i].address,
    });
    h = await adminHarness('sqlite', { seed: false });
    await h.app.get(CommandService).seed({
      switches: state.switches,
      routes: state.routes,
      services: state.services,
      instances: state.instances,
      mslbs: state.mslbs,
    });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all((switches ?? []).map((s) => s.stop()));
  });

  it('waits for convergence, scales with --wait, and reports status and occupancy', async () => {
    const waited = await run(['wait', '--wait-timeout', '30000']);
    expect({ code: waited.code, err: waited.err }).toMatchObject({ code: EXIT.ok });
    expect(waited.out).toContain('converged: s1, s2');

    const status = await run(['switch', 'status', 's1', '--json']);
    expect(JSON.parse(status.out)).toMatchObject({
      name: 's1',
      convergence: 'converged',
      leader: 'self',
    });

    const list = JSON.parse((await run(['instance', 'list', '--json'])).out).instances;
    const keep = list.slice(0, 2).map((x: any) => `id=${x.id},locator=${x.locators[0]}`);
    const scaled = await run([
      'scale',
      'video.example',
      ...keep.flatMap((k: string) => ['--instance', k]),
      '--wait',
      '--wait-timeout',
      '30000',
    ]);
    expect({ code: scaled.code, err: scaled.err }).toMatchObject({ code: EXIT.ok });
    expect(scaled.err).toMatch(/converging: 2\/2 s\d converged at version \d+/);
    expect(scaled.out).toContain('converged: s1, s2');
    const after = JSON.parse((await run(['switch', 'status', 's2', '--json'])).out);
    expect(after.applied_version).toBe(Number(/version (\d+)/.exec(scaled.out)![1]));

    const occupancy = JSON.parse((await run(['occupancy', 's1', '--json'])).out);
    // Every table of the P4Info is listed with its size; s1 (SSA, SAR, router) holds entries.
    const v6 = occupancy.tables.find((t: any) => t.table === 'routing.v6');
    expect(v6).toMatchObject({ size: 16384 });
    expect(v6.entries).toBeGreaterThan(0);
    expect(occupancy.tables.find((t: any) => t.table === 'ssa.ranges').entries).toBe(1);
    const table = (await run(['occupancy', 's1'])).out;
    expect(table).toMatch(/^routing\.v6\s+\d+\s+16384\s+\d+\.\d%$/m);
    expect((await run(['counters', 's1'])).code).toBe(EXIT.ok);
    expect((await run(['counters', 's1', '--counter', 'no.such'])).code).toBe(EXIT.refused);
  });
});
