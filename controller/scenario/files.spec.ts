import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DriverFileError, loadScenario, loadScript } from './files';

const DEMO = resolve(__dirname, '../../topologies/demo');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-driver-'));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('scenario and script files', () => {
  it('reads the demo scenario and script', () => {
    const scenario = loadScenario(join(DEMO, 'scenario.yaml'));
    // Issue 11's lab: two SARs, an SSA edge, an MSLB-F with two Bs, a core router.
    expect((scenario.services as { name: string }[]).map((x) => x.name)).toEqual([
      'video.example',
      'rosa.example',
    ]);
    const roles = (scenario.switches as { roles: string[] }[]).map((x) => x.roles.join('+'));
    expect(roles).toEqual([
      'sar+router',
      'sar+router',
      'ssa+router',
      'router',
      'mslb-f+router',
      'mslb-b+router',
      'mslb-b+router',
    ]);
    const script = loadScript(join(DEMO, 'scale.yaml'));
    expect(script.steps.map((s) => s.command.type)).toEqual([
      'set-instances',
      'drain-instance',
      'set-weights',
      'set-instances',
    ]);
    expect(script.steps[0]!.waitMs).toBe(0);
  });

  it('refuses an unknown command type, naming the step', () => {
    const path = file('s.yaml', 'steps:\n  - waitMs: 10\n    command: { type: reboot }\n');
    expect(() => loadScript(path)).toThrow(DriverFileError);
    expect(() => loadScript(path)).toThrow(/steps\[0\]\.command\.type = "reboot"/);
  });

  it('refuses a negative delay and a misspelt key', () => {
    const path = file('s.json', JSON.stringify({ steps: [{ waitMs: -1, comand: {} }] }));
    const message = (() => {
      try {
        loadScript(path);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toContain('steps[0].waitMs = -1');
    expect(message).toContain('steps[0].comand');
  });

  it('refuses a scenario list that is not a list, and unknown sections', () => {
    const path = file('x.yaml', 'services: { name: a }\ntopology: []\n');
    expect(() => loadScenario(path)).toThrow(/services = \{"name":"a"\}/);
    expect(() => loadScenario(path)).toThrow(/topology/);
  });
});
