/** The environment that picks and reaches a target: P4_TARGET, P4_PORT_MAP and the bmv2 settings. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { unpackTofinoSde } from '../../../p4runtime/device-config';
import {
  bmv2JsonPath,
  bmv2Settings,
  parsePortMap,
  portsFromEnv,
  targetKind,
  tofinoPipeline,
} from '../harness/config';

describe('targetKind', () => {
  it.each([
    [{}, 'embedded'],
    [{ P4_TARGET: '' }, 'embedded'],
    [{ P4_TARGET: 'bmv2' }, 'bmv2'],
    [{ P4_TARGET: 'tofino' }, 'tofino'],
  ])('%j -> %s', (env, kind) => expect(targetKind(env)).toBe(kind));

  it('refuses an unknown target by name', () => {
    expect(() => targetKind({ P4_TARGET: 'psa' })).toThrow(
      "P4_TARGET: 'psa' is not a target (expected 'embedded', 'bmv2' or 'tofino')",
    );
  });
});

describe('parsePortMap', () => {
  it('reads port=interface pairs, spaces and a trailing comma allowed', () => {
    expect([...parsePortMap(' 1=veth1, 2=veth3,3=veth5,')]).toEqual([
      [1, 'veth1'],
      [2, 'veth3'],
      [3, 'veth5'],
    ]);
  });

  it.each([
    ['1:veth1', "'1:veth1' is not <port>=<interface>"],
    ['1=', "'1=' is not <port>=<interface>"],
    ['1=an-interface-name-too-long', 'names of 15 characters at most'],
    ['512=veth1', 'port 512 does not fit in bit<9>'],
    ['1=veth1,1=veth3', 'port 1 is given twice'],
    ['1=veth1,2=veth1', "interface 'veth1' is given twice"],
    [',', "no ports in ','"],
  ])('refuses %j', (text, message) => {
    expect(() => parsePortMap(text)).toThrow(message);
  });
});

describe('bmv2 settings', () => {
  const env = { P4_PORT_MAP: '2=veth3,1=veth1' };

  it('defaults to 127.0.0.1:9559, device 1', () => {
    const s = bmv2Settings(env);
    expect(s.address).toBe('127.0.0.1:9559');
    expect(s.deviceId).toBe(1n);
    expect(s.python.length).toBeGreaterThan(0);
    expect(portsFromEnv(env)).toEqual([1, 2]);
  });

  it('takes the address, device id and helper command from the environment', () => {
    const s = bmv2Settings({
      ...env,
      P4RUNTIME_ADDR: '10.0.0.1:50001',
      P4RUNTIME_DEVICE_ID: '7',
      P4_PYTHON: 'ip netns exec ptf /usr/bin/python3',
    });
    expect(s).toMatchObject({ address: '10.0.0.1:50001', deviceId: 7n });
    expect(s.python).toEqual(['ip', 'netns', 'exec', 'ptf', '/usr/bin/python3']);
  });

  it.each([
    [{}, 'P4_PORT_MAP is required with P4_TARGET=bmv2'],
    [{ ...env, P4RUNTIME_DEVICE_ID: '0' }, "P4RUNTIME_DEVICE_ID: '0' is not a device id"],
  ])('refuses %j', (e, message) => {
    expect(() => bmv2Settings(e)).toThrow(message);
  });

  it('needs the bmv2 JSON to exist', () => {
    expect(() => bmv2JsonPath(undefined, {})).toThrow('P4_BMV2_JSON is required');
    expect(() => bmv2JsonPath(undefined, { P4_BMV2_JSON: '/nonexistent/main.json' })).toThrow(
      "P4_BMV2_JSON: no file at '/nonexistent/main.json' (compile first)",
    );
    expect(bmv2JsonPath(__filename)).toBe(__filename);
  });
});

describe('tofinoPipeline', () => {
  // A bf-p4c output directory as the target reads it (docs/tofino.md), with stand-in bytes.
  const out = join(mkdtempSync(join(tmpdir(), 'ptf-tofino-')), 'ssa_fabric');
  beforeAll(() => {
    mkdirSync(join(out, 'pipe'), { recursive: true });
    writeFileSync(join(out, 'p4info.txt'), 'pkg_info { arch: "tna" }\n');
    writeFileSync(join(out, 'bfrt.json'), '{"tables":[]}');
    writeFileSync(join(out, 'pipe', 'tofino.bin'), Buffer.from([1, 2, 3, 4]));
    writeFileSync(join(out, 'pipe', 'context.json'), '{"program_name":"ssa_fabric"}');
  });
  afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

  it("pushes bf-p4c's P4Info and, by default, the SDE server's layout", () => {
    const p = tofinoPipeline({ P4_TOFINO_OUT: out });
    expect(p.p4info).toBe(join(out, 'p4info.txt'));
    const unpacked = unpackTofinoSde(p.deviceConfig);
    expect(unpacked.programName).toBe('ssa_fabric');
    expect([...unpacked.binary]).toEqual([1, 2, 3, 4]);
  });

  it("Stratum's BfPipelineConfig, with the pipes given", () => {
    const p = tofinoPipeline({
      P4_TOFINO_OUT: out,
      P4_TOFINO_SERVER: 'stratum-tofino',
      P4_TOFINO_PIPES: '0,1',
    });
    // Field 1 (p4_name), then 2 (bfruntime_info), then the profile (3).
    const r = protobuf.Reader.create(p.deviceConfig);
    expect(r.uint32()).toBe((1 << 3) | 2);
    expect(r.string()).toBe('ssa_fabric');
    expect(r.uint32()).toBe((2 << 3) | 2);
    expect(Buffer.from(r.bytes()).toString()).toBe('{"tables":[]}');
    expect(r.uint32()).toBe((3 << 3) | 2);
    const profile = r.bytes();
    expect([...profile.subarray(profile.length - 4)]).toEqual([(4 << 3) | 2, 2, 0, 1]);
  });

  it.each([
    [{}, 'P4_TOFINO_OUT is required with P4_TARGET=tofino'],
    [{ P4_TOFINO_SERVER: 'bmv2' }, "P4_TOFINO_SERVER: 'bmv2' is not a Tofino P4Runtime server"],
    [{ P4_TOFINO_PIPES: '0,4' }, "P4_TOFINO_PIPES: '0,4' is not a list of pipes 0..3"],
    [{ P4_TOFINO_OUT: '/nonexistent/out' }, "P4_TOFINO_OUT: no p4info.txt in '/nonexistent/out'"],
  ])('refuses %j', (e, message) => {
    const env = 'P4_TOFINO_OUT' in e ? e : { P4_TOFINO_OUT: out, ...e };
    expect(() => tofinoPipeline(Object.keys(e).length ? env : {})).toThrow(message);
  });
});
