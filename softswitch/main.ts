/**
 * The embedded switch as a process: one device (id 1 by default) running the ssa-fabric data
 * plane (the model of p4/v1model/main.p4, loaded with its committed P4Info so that packets
 * flow and a controller can read the P4Info at once), able to run the reflector too, and its
 * P4Runtime server on 127.0.0.1:9559. A controller may push any config the device knows.
 * Stops cleanly on SIGINT / SIGTERM.
 *
 *   node dist/softswitch/main.js --host 0.0.0.0 --port 9559 --device-id 1 --cpu-port 510
 *   SOFTSWITCH_PORT=50001 npm run switch
 */
import { parseArgs } from 'node:util';
import { Device, DEFAULT_CPU_PORT } from './device';
import { probeHandlers, probeServiceDefinition } from './p4rt/probe';
import { P4RUNTIME_API_VERSION, P4RuntimeServer } from './p4rt/server';
import { loadPipeline } from './p4rt/pipeline-config';
import { FABRIC_P4INFO, fabric } from './pipelines/fabric';
import { reflector } from './pipelines/reflector';
import { P4Schema } from '../p4runtime/schema';

/** Where and what the switch serves. */
export interface SwitchOptions {
  host: string;
  port: number;
  deviceId: bigint;
  cpuPort: number;
}

/** Options from flags, then SOFTSWITCH_* environment variables, then defaults; throws on bad values. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): SwitchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'device-id': { type: 'string' },
      'cpu-port': { type: 'string' },
    },
    strict: true,
  });
  const int = (
    name: string,
    text: string | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`${name} must be an integer in ${min}..${max}, got '${text}'`);
    }
    return n;
  };
  const deviceId = values['device-id'] ?? env.SOFTSWITCH_DEVICE_ID;
  if (deviceId !== undefined && !/^[1-9][0-9]*$/.test(deviceId)) {
    throw new RangeError(`device id must be a positive integer, got '${deviceId}'`);
  }
  return {
    host: values.host ?? env.SOFTSWITCH_HOST ?? '127.0.0.1',
    port: int('port', values.port ?? env.SOFTSWITCH_PORT, 9559, 0, 65535),
    deviceId: BigInt(deviceId ?? 1),
    cpuPort: int(
      'cpu port',
      values['cpu-port'] ?? env.SOFTSWITCH_CPU_PORT,
      DEFAULT_CPU_PORT,
      0,
      510,
    ),
  };
}

async function main(): Promise<void> {
  let opts: SwitchOptions;
  try {
    opts = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(`softswitch: ${(e as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const device = new Device({
    id: opts.deviceId,
    pipelines: [fabric, reflector],
    defaultPipeline: fabric.name,
    cpuPort: opts.cpuPort,
  });
  device.install(
    loadPipeline(device, {
      p4info: P4Schema.fromFile(FABRIC_P4INFO).p4info,
      p4_device_config: Buffer.from(fabric.name),
    }),
  );
  // The probe (ssactl probe) is served beside P4Runtime: embedded switches only.
  const server = new P4RuntimeServer(device, {
    extraServices: [
      {
        definition: probeServiceDefinition(),
        handlers: probeHandlers((id) => (id === device.id ? device : undefined)),
      },
    ],
  });
  const port = await server.start({ host: opts.host, port: opts.port });
  console.log(
    `softswitch: P4Runtime ${P4RUNTIME_API_VERSION} server for device ${opts.deviceId} listening on ${opts.host}:${port} ` +
      `(pipelines: ${[...device.pipelines.keys()].join(', ')}; CPU port ${opts.cpuPort}; ` +
      `running '${fabric.name}' with ${FABRIC_P4INFO}; probe service ssa.probe.v1.Probe)`,
  );
  const stop = (signal: string) => {
    console.log(`softswitch: ${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (e) => {
        console.error('softswitch: error while stopping', e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((e) => {
    console.error('softswitch: failed to start:', e);
    process.exit(1);
  });
}
