import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineCookie, p4 } from '../../p4runtime';
import { PipelineConfigError, deviceConfigFor, pipelineFor } from './pipeline';

describe('the pipeline of a target', () => {
  it('gives the embedded switch the committed P4Info and its model name', () => {
    const p = pipelineFor('embedded');
    expect(Buffer.from(p.deviceConfig!).toString()).toBe('fabric');
    expect(p.p4info.tables?.some((t) => t.preamble?.name === 'ssa.slices')).toBe(true);
  });

  it('gives one cookie per build: the same files, the same cookie', () => {
    const cookie = (x: ReturnType<typeof pipelineFor>) =>
      pipelineCookie(p4.config.v1.P4Info.encode(x.p4info).finish(), x.deviceConfig!);
    expect(cookie(pipelineFor('embedded'))).toBe(cookie(pipelineFor('embedded')));
  });

  it('reads bmv2 JSON from the configured file, and says what to configure without it', () => {
    expect(() => deviceConfigFor('bmv2')).toThrow(PipelineConfigError);
    expect(() => deviceConfigFor('bmv2')).toThrow(/npm run p4:compile/);
    const dir = mkdtempSync(join(tmpdir(), 'ssa-pipeline-'));
    const json = join(dir, 'main.json');
    try {
      const bmv2 = '{"program": "main.p4", "pipelines": [], "parsers": []}';
      writeFileSync(json, bmv2);
      expect(Buffer.from(deviceConfigFor('bmv2', { bmv2Json: json })).toString()).toBe(bmv2);
      // A JSON that is not what p4c-bm2-ss writes is refused before it reaches the switch.
      writeFileSync(json, '{"program": "main.p4"}');
      expect(() => deviceConfigFor('bmv2', { bmv2Json: json })).toThrow(/not a bmv2 JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Tofino device configs (docs/tofino.md)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssa-tofino-'));
    mkdirSync(join(dir, 'pipe'));
    writeFileSync(join(dir, 'pipe', 'tofino.bin'), Buffer.from([1, 2, 3]));
    writeFileSync(join(dir, 'pipe', 'context.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("packs the SDE's layout: name, tofino.bin, context.json, each after a 32-bit LE length", () => {
    const b = Buffer.from(deviceConfigFor('tofino-sde', { tofinoDir: dir }));
    const want = Buffer.concat([
      Buffer.from([4, 0, 0, 0]),
      Buffer.from('main'),
      Buffer.from([3, 0, 0, 0, 1, 2, 3]),
      Buffer.from([2, 0, 0, 0]),
      Buffer.from('{}'),
    ]);
    expect(b.equals(want)).toBe(true);
  });

  it('says what is missing for Tofino', () => {
    expect(() => deviceConfigFor('stratum-tofino')).toThrow(/bf-p4c's output directory/);
    expect(() => deviceConfigFor('tofino-sde', { tofinoDir: join(dir, 'nowhere') })).toThrow(
      /target 'tofino-sde': .*ENOENT/,
    );
  });
});
