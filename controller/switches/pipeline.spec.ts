import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipelineConfigError, deviceConfigFor, pipelineFor } from './pipeline';

describe('deviceConfigFor: one device config per target (docs/tofino.md)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ssa-tofino-'));
    mkdirSync(join(dir, 'pipe'));
    writeFileSync(join(dir, 'pipe', 'tofino.bin'), Buffer.from([1, 2, 3]));
    writeFileSync(join(dir, 'pipe', 'context.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the fabric model for the embedded switch', () => {
    expect(Buffer.from(deviceConfigFor('embedded')).toString()).toBe('fabric');
    expect(pipelineFor('embedded').p4info.tables?.length).toBeGreaterThan(10);
  });

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

  it('says what is missing for bmv2 and Tofino', () => {
    expect(() => deviceConfigFor('bmv2')).toThrow(PipelineConfigError);
    expect(() => deviceConfigFor('stratum-tofino')).toThrow(/bf-p4c's output directory/);
    expect(() => deviceConfigFor('tofino-sde', { tofinoDir: join(dir, 'nowhere') })).toThrow(
      /target 'tofino-sde': .*ENOENT/,
    );
  });
});
