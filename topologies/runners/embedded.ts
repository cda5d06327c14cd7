/**
 * The embedded-switch runner: one embedded switch (the ssa-fabric data plane, softswitch/) per
 * switch of a topology whose target is 'embedded', each with its P4Runtime server on the
 * address the topology gives it, in this process. Switches of other targets are real ones
 * (bmv2, Tofino) and are left to their own runners.
 *
 *   const lab = await startEmbeddedSwitches(loadScenario('topologies/demo/scenario.yaml').switches);
 *   ...
 *   await lab.stop();
 */
import { Switch } from '../../controller/domain/switch';
import { P4Schema } from '../../p4runtime/schema';
import { Device } from '../../softswitch/device';
import { loadPipeline } from '../../softswitch/p4rt/pipeline-config';
import { probeHandlers, probeServiceDefinition } from '../../softswitch/p4rt/probe';
import { P4RuntimeServer } from '../../softswitch/p4rt/server';
import { FABRIC_P4INFO, fabric } from '../../softswitch/pipelines/fabric';

/** One running embedded switch. */
export interface RunningSwitch {
  readonly name: string;
  readonly address: string;
  readonly deviceId: number;
  readonly device: Device;
  readonly server: P4RuntimeServer;
}

/** The embedded switches of a topology, running. */
export interface EmbeddedLab {
  readonly switches: readonly RunningSwitch[];
  /** Stops every server (streams end, ports are released). */
  stop(): Promise<void>;
}

/** 'host:port' or '[v6]:port' to its parts; the topology's switch check already refused others. */
function splitAddress(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  if (!m) throw new Error(`switch address '${address}': expected host:port for an embedded switch`);
  return { host: m[1], port: Number(m[2]) };
}

/**
 * Starts an embedded switch for every `target: embedded` entry of `switches` (the scenario's
 * inputs, checked here by the domain). Each starts with the fabric pipeline loaded from the
 * committed P4Info, as a freshly booted bmv2 with its JSON would; the controller pushes its own
 * pipeline only if the cookie differs. On any failure the ones already started are stopped.
 */
export async function startEmbeddedSwitches(switches: readonly unknown[]): Promise<EmbeddedLab> {
  const running: RunningSwitch[] = [];
  const stop = async () => {
    await Promise.all(running.map((s) => s.server.stop()));
  };
  try {
    const p4info = P4Schema.fromFile(FABRIC_P4INFO).p4info;
    for (const [i, input] of switches.entries()) {
      const sw = Switch.create(input, `switches[${i}]`);
      if (sw.target !== 'embedded') continue;
      const device = new Device({
        id: BigInt(sw.deviceId),
        pipelines: [fabric],
        defaultPipeline: fabric.name,
        cpuPort: sw.cpuPort,
      });
      device.install(loadPipeline(device, { p4info, p4_device_config: Buffer.from(fabric.name) }));
      // The probe (ssactl probe) is served beside P4Runtime, as `npm run switch` does.
      const server = new P4RuntimeServer(device, {
        extraServices: [
          {
            definition: probeServiceDefinition(),
            handlers: probeHandlers((id) => (id === device.id ? device : undefined)),
          },
        ],
      });
      const { host, port } = splitAddress(sw.address);
      try {
        await server.start({ host, port });
      } catch (e) {
        throw new Error(
          `switch ${sw.name}: cannot listen on ${sw.address}: ${(e as Error).message}`,
        );
      }
      running.push({ name: sw.name, address: sw.address, deviceId: sw.deviceId, device, server });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { switches: running, stop };
}
