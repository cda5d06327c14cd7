/**
 * The P4Runtime side of the controller over TLS, where the target offers it (issue 11): with
 * `p4runtime.tlsCa` the sessions verify the switch's certificate (and present a client
 * certificate with `tlsCert`/`tlsKey`); every call is timed per switch and method into
 * `ssa_p4runtime_call_duration_seconds`.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { AppConfig } from '../../controller/config/app-config';
import { loadConfig } from '../../controller/config/load';
import { Switch } from '../../controller/domain/switch';
import { FabricMetrics } from '../../controller/metrics/fabric-metrics';
import { SessionEvent } from '../../controller/switches/session';
import { poolFor } from '../../controller/switches/switches.module';
import { P4RuntimeClient } from '../../p4runtime/client/client';
import { Device } from '../../softswitch/device';
import { P4RuntimeServer } from '../../softswitch/p4rt/server';
import { fabric } from '../../softswitch/pipelines/fabric';
import { makeTestCa, type TestCa } from './admin/test-ca';

describe('P4Runtime to the switches over TLS, with call metrics', () => {
  let ca: TestCa;
  let server: P4RuntimeServer;
  let port: number;

  beforeAll(async () => {
    ca = makeTestCa();
    server = new P4RuntimeServer(new Device({ id: 1, pipelines: [fabric] }));
    port = await server.start({
      port: 0,
      credentials: grpc.ServerCredentials.createSsl(
        readFileSync(ca.caCert),
        [{ private_key: readFileSync(ca.serverKey), cert_chain: readFileSync(ca.serverCert) }],
        // The switch asks for a client certificate signed by the same CA (mTLS).
        true,
      ),
    });
  });
  afterAll(() => server.stop());

  const sw = () =>
    Switch.create(
      {
        name: 's1',
        deviceId: 1,
        address: `127.0.0.1:${port}`,
        target: 'embedded',
        roles: ['router'],
      },
      'switch',
    );

  it('brings a session up over mTLS and times every call per switch and method', async () => {
    // Any certificate of the switch's CA will do for it; the admin API's test CA makes 'alice'.
    const client = ca.client('alice');
    const config = new AppConfig(
      loadConfig({
        env: {
          SSA_P4RUNTIME_TLS_CA: ca.caCert,
          SSA_P4RUNTIME_TLS_CERT: client.cert,
          SSA_P4RUNTIME_TLS_KEY: client.key,
        },
      }),
    );
    const metrics = new FabricMetrics();
    const pool = poolFor(config, undefined, metrics);
    try {
      pool.sync([sw()]);
      const session = pool.get('s1')!;
      const [ready] = await once(session, SessionEvent.READY);
      expect(ready).toMatchObject({ switchName: 's1', pipelinePushed: true });
      const text = await metrics.registry.metrics();
      expect(text).toMatch(
        /ssa_p4runtime_call_duration_seconds_count\{switch="s1",method="SetForwardingPipelineConfig"\} 1/,
      );
      expect(text).toMatch(
        /ssa_p4runtime_call_duration_seconds_count\{switch="s1",method="GetForwardingPipelineConfig"\} [1-9]/,
      );
      expect(text).not.toMatch(/method="StreamChannel"/);
      // A refused Write counts as an error of its status (P4Runtime's per-update errors: UNKNOWN).
      await expect(
        session.client.write([{ type: 'insert', entity: { table_entry: { table_id: 1 } } }]),
      ).rejects.toThrow();
      expect(await metrics.registry.metrics()).toMatch(
        /ssa_p4runtime_call_errors_total\{switch="s1",method="Write",code="[A-Z_]+"\} 1/,
      );
    } finally {
      pool.close();
    }
  });

  it('a plaintext client cannot talk to the TLS switch', async () => {
    const plain = new P4RuntimeClient({
      address: `127.0.0.1:${port}`,
      deviceId: 1n,
      electionId: 1n,
      reconnect: false,
    });
    try {
      await expect(plain.capabilities({ timeout: 2000 })).rejects.toThrow(/UNAVAILABLE|DEADLINE/);
    } finally {
      plain.close();
    }
  });

  it('refuses half a client certificate before boot', () => {
    expect(() => loadConfig({ env: { SSA_P4RUNTIME_TLS_CERT: '/x.pem' } })).toThrow(
      /p4runtime.tlsCert.*tlsCert and tlsKey go together/s,
    );
  });
});
