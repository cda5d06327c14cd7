/** deviceConfigFor: one device config per target, chosen by the switch's target name. */
import { DeviceConfigError, TARGETS, deviceConfigFor, unpackTofinoSde } from './index';
import * as protobuf from 'protobufjs';

const bytes = (text: string) => new TextEncoder().encode(text);
const bmv2Json = JSON.stringify({ program: 'p4/v1model/main.p4', pipelines: [], parsers: [] });
const tofino = {
  programName: 'ssa_fabric',
  binary: Uint8Array.from([9, 9]),
  context: bytes('{"program_name":"ssa_fabric"}'),
  bfrt: bytes('{}'),
};

describe('deviceConfigFor', () => {
  it('bmv2: the JSON bytes as given', () => {
    expect(Buffer.from(deviceConfigFor('bmv2', { bmv2Json, tofino })).toString()).toBe(bmv2Json);
  });

  it('tofino-sde: the length-prefixed layout', () => {
    const out = unpackTofinoSde(deviceConfigFor('tofino-sde', { bmv2Json, tofino }));
    expect(out.programName).toBe('ssa_fabric');
    expect([...out.binary]).toEqual([9, 9]);
  });

  it('stratum-tofino: a BfPipelineConfig whose first field is the program name', () => {
    const out = deviceConfigFor('stratum-tofino', { tofino });
    const reader = protobuf.Reader.create(out);
    expect(reader.uint32()).toBe((1 << 3) | 2);
    expect(reader.string()).toBe('ssa_fabric');
  });

  it('embedded: the pipeline name', () => {
    expect(
      Buffer.from(deviceConfigFor('embedded', { embeddedPipeline: 'fabric' })).toString(),
    ).toBe('fabric');
  });

  it('knows exactly the four targets', () => {
    expect([...TARGETS]).toEqual(['bmv2', 'tofino-sde', 'stratum-tofino', 'embedded']);
  });

  it.each([
    [
      'an unknown target',
      'tofino',
      { tofino },
      'target: "tofino" is not one of bmv2, tofino-sde, stratum-tofino, embedded',
    ],
    ['bmv2 without its JSON', 'bmv2', { tofino }, 'bmv2Json: missing is not the bmv2 JSON'],
    [
      'bmv2 given a P4Info',
      'bmv2',
      { bmv2Json: 'pkg_info { arch: "v1model" }' },
      'bmv2Json: 28 bytes is not a JSON document',
    ],
    [
      'bmv2 given a context.json',
      'bmv2',
      { bmv2Json: '{"tables":[]}' },
      'without "program", "pipelines", "parsers"',
    ],
    [
      'tofino-sde without bf-p4c output',
      'tofino-sde',
      { bmv2Json },
      "tofino: missing is not bf-p4c's output",
    ],
    [
      'stratum-tofino without bf-p4c output',
      'stratum-tofino',
      {},
      "tofino: missing is not bf-p4c's output",
    ],
    ['embedded without a name', 'embedded', {}, 'embeddedPipeline: missing is not a pipeline name'],
  ])('refuses %s', (_what, target, artifacts, message) => {
    expect(() => deviceConfigFor(target, artifacts)).toThrow(DeviceConfigError);
    expect(() => deviceConfigFor(target, artifacts)).toThrow(message);
  });
});
