/** The environment that picks and reaches a target: P4_TARGET, P4_PORT_MAP and the bmv2 settings. */
import {
  bmv2JsonPath,
  bmv2Settings,
  parsePortMap,
  portsFromEnv,
  targetKind,
} from '../harness/config';

describe('targetKind', () => {
  it.each([
    [{}, 'embedded'],
    [{ P4_TARGET: '' }, 'embedded'],
    [{ P4_TARGET: 'bmv2' }, 'bmv2'],
  ])('%j -> %s', (env, kind) => expect(targetKind(env)).toBe(kind));

  it('refuses an unknown target by name', () => {
    expect(() => targetKind({ P4_TARGET: 'tofino' })).toThrow(
      "P4_TARGET: 'tofino' is not a target (expected 'embedded' or 'bmv2')",
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
