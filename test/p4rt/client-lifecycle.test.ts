/**
 * Client lifecycle over real sockets: reconnecting with backoff and arbitrating again after the
 * switch restarts, deadlines on every call, and cancellation with an AbortSignal.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { status } from '@grpc/grpc-js';
import { P4RuntimeClient, SwitchEvent } from '../../p4runtime/client/client';
import { P4RuntimeError } from '../../p4runtime/client/errors';
import { Device } from '../../softswitch/device';
import { P4RuntimeServer } from '../../softswitch/p4rt/server';
import { reflector } from '../../softswitch/pipelines/reflector';

function newServer(): P4RuntimeServer {
  const device = new Device({ id: 1n, pipelines: [reflector], defaultPipeline: reflector.name });
  return new P4RuntimeServer(device);
}

describe('P4RuntimeClient lifecycle', () => {
  const clients: P4RuntimeClient[] = [];
  const servers: P4RuntimeServer[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('reconnects after the switch restarts and becomes primary again', async () => {
    const first = newServer();
    servers.push(first);
    const port = await first.start({ host: '127.0.0.1', port: 0 });
    const c = new P4RuntimeClient({
      address: `127.0.0.1:${port}`,
      deviceId: 1n,
      electionId: 5n,
      backoffInitialMs: 20,
      backoffMaxMs: 200,
    });
    clients.push(c);
    expect((await c.connect()).primary).toBe(true);
    expect(c.isPrimary).toBe(true);

    const down = once(c, SwitchEvent.CHANNEL_DOWN);
    await first.stop();
    await down;
    expect(c.isPrimary).toBe(false);

    const again = once(c, SwitchEvent.BECAME_PRIMARY);
    const second = newServer();
    servers.push(second);
    await second.start({ host: '127.0.0.1', port });
    await again;
    expect(c.isPrimary).toBe(true);
    expect(c.arbitration?.primaryElectionId).toBe(5n);
    expect(await c.capabilities()).toBe('1.5.0');
  });

  describe('against a peer that accepts TCP and never answers', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    let address: string;
    beforeEach(async () => {
      silent = createServer((s) => sockets.push(s));
      silent.listen(0, '127.0.0.1');
      await once(silent, 'listening');
      address = `127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterEach(async () => {
      sockets.splice(0).forEach((s) => s.destroy());
      silent.close();
    });

    it('fails a call with DEADLINE_EXCEEDED at its deadline', async () => {
      const c = new P4RuntimeClient({ address, deviceId: 1n, electionId: 1n, reconnect: false });
      clients.push(c);
      const err = await c.capabilities({ timeout: 150 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(P4RuntimeError);
      expect((err as P4RuntimeError).code).toBe(status.DEADLINE_EXCEEDED);
    });

    it('cancels a call when its AbortSignal fires', async () => {
      const c = new P4RuntimeClient({ address, deviceId: 1n, electionId: 1n, reconnect: false });
      clients.push(c);
      const ac = new AbortController();
      const pending = c
        .capabilities({ timeout: 10_000, signal: ac.signal })
        .catch((e: unknown) => e);
      setTimeout(() => ac.abort(), 50);
      const err = await pending;
      expect((err as P4RuntimeError).code).toBe(status.CANCELLED);
    });

    it('gives up waiting for arbitration at the deadline', async () => {
      const c = new P4RuntimeClient({ address, deviceId: 1n, electionId: 1n, reconnect: false });
      clients.push(c);
      const err = await c.connect({ timeout: 150 }).catch((e: unknown) => e);
      expect((err as P4RuntimeError).code).toBe(status.DEADLINE_EXCEEDED);
    });
  });
});
