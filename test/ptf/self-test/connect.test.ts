/**
 * Reaching a switch: Capabilities is polled until the switch answers (no fixed sleep), the
 * harness must become primary, and a switch that never answers fails with a clear message.
 */
import { createServer } from 'node:net';
import { P4RuntimeClient } from '../../../p4runtime/client/client';
import { P4Schema } from '../../../p4runtime/schema';
import { Device } from '../../../softswitch/device';
import { P4RuntimeServer } from '../../../softswitch/p4rt/server';
import { REFLECTOR_P4INFO, reflector } from '../../../softswitch/pipelines/reflector';
import { connectController } from '../harness/connect';

/** A loopback port nothing listens on (yet). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const controller = (address: string, timeoutMs = 10_000) =>
  connectController({
    address,
    deviceId: 1n,
    electionId: 10n,
    p4info: P4Schema.fromFile(REFLECTOR_P4INFO).p4info,
    deviceConfig: Buffer.from('reflector'),
    timeoutMs,
  });

describe('PTF harness: reaching the switch', () => {
  let server: P4RuntimeServer;
  beforeEach(() => {
    server = new P4RuntimeServer([new Device({ id: 1, pipelines: [reflector] })]);
  });
  afterEach(() => server.stop());

  it('polls until a switch that starts late answers, then pushes the pipeline', async () => {
    const port = await freePort();
    const late = setTimeout(() => void server.start({ port }), 300); // the switch is still booting
    try {
      const client = await controller(`127.0.0.1:${port}`);
      expect(client.isPrimary).toBe(true);
      expect(server.calls.Capabilities).toBe(1); // the refused probes never reached it
      expect(server.calls.SetForwardingPipelineConfig).toBe(1);
      client.close();
    } finally {
      clearTimeout(late);
    }
  });

  it('refuses to run as a backup, saying who is primary', async () => {
    const port = await server.start({ port: 0 });
    const other = new P4RuntimeClient({
      address: `127.0.0.1:${port}`,
      deviceId: 1,
      electionId: 20,
      reconnect: false,
    });
    try {
      await other.connect();
      await expect(controller(`127.0.0.1:${port}`)).rejects.toThrow(
        'another controller is primary (election id 20 >= ours, 10)',
      );
    } finally {
      other.close();
    }
  });

  it('gives up on a switch that never answers, with the address and the last error', async () => {
    const port = await freePort();
    await expect(controller(`127.0.0.1:${port}`, 400)).rejects.toThrow(
      new RegExp(
        `^reaching P4Runtime at 127\\.0\\.0\\.1:${port}: still failing after \\d+ tries in 400 ms`,
      ),
    );
  });
});
