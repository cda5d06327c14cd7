/**
 * The switch side of bench:p4rt, run as a child process: one embedded device with the
 * control-only pipeline, its P4Runtime server on an ephemeral loopback port (sent to the parent).
 */
import { Device } from '../softswitch/device';
import { P4RuntimeServer } from '../softswitch/p4rt/server';
import { controlOnly } from '../softswitch/pipelines/control-only';

async function main(): Promise<void> {
  const device = new Device({
    id: 1n,
    pipelines: [controlOnly],
    defaultPipeline: controlOnly.name,
  });
  const server = new P4RuntimeServer(device);
  const port = await server.start({ host: '127.0.0.1', port: 0 });
  process.send?.({ port });
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
  process.once('disconnect', () => void server.stop().then(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
