/**
 * connect() with reconnect on retries until the switch answers (or the deadline or signal);
 * after a reconnect has re-arbitrated, RECONNECTED tells a controller to re-read and reconcile;
 * the role's config travels in arbitration; grpc-js channel options reach the channel.
 */
import { once } from 'node:events';
import { status } from '@grpc/grpc-js';
import { P4RuntimeClient, SwitchEvent } from '../../p4runtime/client/client';
import { P4RuntimeError } from '../../p4runtime/client/errors';
import type { ReconnectedEvent } from '../../p4runtime/client/stream';
import { Device } from '../../softswitch/device';
import { P4RuntimeServer } from '../../softswitch/p4rt/server';
import { reflector } from '../../softswitch/pipelines/reflector';

function newServer(): P4RuntimeServer {
  const device = new Device({ id: 1n, pipelines: [reflector], defaultPipeline: reflector.name });
  return new P4RuntimeServer(device);
}

/** A loopback port that was free a moment ago (a server bound it, then let it go). */
async function freePort(): Promise<number> {
  const s = newServer();
  const port = await s.start({ host: '127.0.0.1', port: 0 });
  await s.stop();
  return port;
}

describe('connect() and reconnects', () => {
  const clients: P4RuntimeClient[] = [];
  const servers: P4RuntimeServer[] = [];
  const client = (
    port: number,
    extra: Partial<ConstructorParameters<typeof P4RuntimeClient>[0]> = {},
  ) => {
    const c = new P4RuntimeClient({
      address: `127.0.0.1:${port}`,
      deviceId: 1n,
      electionId: 5n,
      backoffInitialMs: 20,
      backoffMaxMs: 100,
      // grpc-js's own reconnect backoff starts at 1 s: shortened through the channel options.
      channelOptions: {
        'grpc.initial_reconnect_backoff_ms': 20,
        'grpc.max_reconnect_backoff_ms': 100,
      },
      ...extra,
    });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('keeps retrying through CHANNEL_DOWN until the switch comes up', async () => {
    const port = await freePort();
    const c = client(port);
    const down = once(c, SwitchEvent.CHANNEL_DOWN);
    const connecting = c.connect({ timeout: 15_000 });
    const [err] = (await down) as [{ code?: number }];
    expect(err.code).toBe(status.UNAVAILABLE);
    const server = newServer();
    servers.push(server);
    await server.start({ host: '127.0.0.1', port });
    const state = await connecting;
    expect(state.primary).toBe(true);
  });

  it('rejects at the first CHANNEL_DOWN when reconnect is off', async () => {
    const c = client(await freePort(), { reconnect: false });
    const err = await c.connect({ timeout: 10_000 }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(status.UNAVAILABLE);
  });

  it('gives up at its deadline, naming the last stream error', async () => {
    const c = client(await freePort());
    const err = await c.connect({ timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(P4RuntimeError);
    expect((err as P4RuntimeError).code).toBe(status.DEADLINE_EXCEEDED);
    expect((err as P4RuntimeError).details).toMatch(/last stream error: .*UNAVAILABLE/);
  });

  it('gives up when its AbortSignal fires', async () => {
    const c = client(await freePort());
    const ac = new AbortController();
    const pending = c.connect({ timeout: 10_000, signal: ac.signal }).catch((e: unknown) => e);
    await once(c, SwitchEvent.CHANNEL_DOWN);
    ac.abort();
    expect(((await pending) as Error).name).toBe('AbortError');
  });

  it('fires RECONNECTED once a new stream has re-arbitrated, saying whether it is primary', async () => {
    const first = newServer();
    servers.push(first);
    const port = await first.start({ host: '127.0.0.1', port: 0 });
    const c = client(port);
    const events: ReconnectedEvent[] = [];
    c.on(SwitchEvent.RECONNECTED, (e: ReconnectedEvent) => events.push(e));
    await c.connect();
    expect(events).toEqual([]);
    const down = once(c, SwitchEvent.CHANNEL_DOWN);
    await first.stop();
    await down;
    const second = newServer();
    servers.push(second);
    const reconnected = once(c, SwitchEvent.RECONNECTED);
    await second.start({ host: '127.0.0.1', port });
    const [e] = (await reconnected) as [ReconnectedEvent];
    expect(e.primary).toBe(true);
    expect(e.streams).toBe(2);
    expect(e.arbitration.primaryElectionId).toBe(5n);
    expect(c.isPrimary).toBe(true);
  });

  it('sends the role and its config in arbitration', async () => {
    const server = newServer();
    servers.push(server);
    const port = await server.start({ host: '127.0.0.1', port: 0 });
    const config = { type_url: 'type.googleapis.com/ssa.RoleConfig', value: Buffer.from('ops') };
    const c = client(port, { role: { name: 'ops', config } });
    const state = await c.connect();
    expect(state.primary).toBe(true);
    expect(state.role).toBe('ops');
    expect(state.roleConfig?.type_url).toBe(config.type_url);
    expect(Buffer.from(state.roleConfig!.value!)).toEqual(config.value);
    expect(server.session(1)!.isPrimary('ops', 5n)).toBe(true);
  });
});
