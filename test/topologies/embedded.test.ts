/**
 * The embedded-switch runner behind `npm start`: one switch per embedded entry of a topology,
 * answering P4Runtime on its address with the fabric pipeline loaded; other targets are left
 * alone; an address in use is refused by name and nothing stays running.
 */
import { createServer } from 'node:net';
import { P4RuntimeClient } from '../../p4runtime/client/client';
import { startEmbeddedSwitches } from '../../topologies/runners/embedded';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const entry = (name: string, deviceId: number, port: number, target = 'embedded') => ({
  name,
  deviceId,
  address: `127.0.0.1:${port}`,
  target,
  roles: ['router'],
});

describe('startEmbeddedSwitches', () => {
  it('runs the embedded switches of a topology, with the fabric pipeline', async () => {
    const [a, b, c] = [await freePort(), await freePort(), await freePort()];
    const lab = await startEmbeddedSwitches([
      entry('s1', 1, a),
      entry('s2', 7, b),
      entry('hw', 3, c, 'bmv2'),
    ]);
    try {
      expect(lab.switches.map((s) => [s.name, s.deviceId])).toEqual([
        ['s1', 1],
        ['s2', 7],
      ]);
      const client = new P4RuntimeClient({
        address: `127.0.0.1:${b}`,
        deviceId: 7n,
        electionId: 1n,
      });
      try {
        await client.connect({ timeout: 5000 });
        const { p4info } = await client.getPipeline(undefined, { timeout: 5000 });
        expect(p4info?.tables?.some((t) => t.preamble?.name === 'ssa.slices')).toBe(true);
      } finally {
        client.close();
      }
    } finally {
      await lab.stop();
    }
  });

  it('refuses an address in use, naming the switch, and leaves nothing running', async () => {
    const port = await freePort();
    const first = await startEmbeddedSwitches([entry('s1', 1, port)]);
    const other = await freePort();
    try {
      await expect(
        startEmbeddedSwitches([entry('s9', 9, other), entry('s2', 2, port)]),
      ).rejects.toThrow(`switch s2: cannot listen on 127.0.0.1:${port}`);
      // s9 was stopped again: its port is free.
      const again = await startEmbeddedSwitches([entry('s9', 9, other)]);
      await again.stop();
    } finally {
      await first.stop();
    }
  });

  it('refuses a topology entry the domain refuses', async () => {
    await expect(startEmbeddedSwitches([{ name: 's1' }])).rejects.toThrow(/switches\[0\]/);
  });
});
