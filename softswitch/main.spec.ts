import { parseOptions } from './main';

describe('parseOptions', () => {
  it('defaults to device 1 on 127.0.0.1:9559 with CPU port 510', () => {
    expect(parseOptions([], {})).toEqual({
      host: '127.0.0.1',
      port: 9559,
      deviceId: 1n,
      cpuPort: 510,
    });
  });

  it('takes flags before environment variables', () => {
    const env = { SOFTSWITCH_PORT: '50001', SOFTSWITCH_DEVICE_ID: '3', SOFTSWITCH_HOST: '::1' };
    expect(parseOptions(['--port', '0', '--cpu-port', '255'], env)).toEqual({
      host: '::1',
      port: 0,
      deviceId: 3n,
      cpuPort: 255,
    });
  });

  it.each([
    [['--port', '70000']],
    [['--port', 'x']],
    [['--device-id', '0']],
    [['--cpu-port', '511']],
    [['--unknown', '1']],
  ])('refuses %j', (argv) => expect(() => parseOptions(argv, {})).toThrow());
});
