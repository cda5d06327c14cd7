import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
      writeFileSync(json, '{"program": "main.p4"}');
      expect(Buffer.from(deviceConfigFor('bmv2', { bmv2Json: json })).toString()).toBe(
        '{"program": "main.p4"}',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses Tofino targets until their device config exists', () => {
    expect(() => deviceConfigFor('stratum-tofino')).toThrow(/p4runtime\/device-config/);
  });
});
