/**
 * The metrics endpoint of a running controller: GET /metrics in the Prometheus text format
 * follows the admin API's changes, /healthz answers ok, other paths 404.
 */
import { get } from 'node:http';
import { MetricsEndpoint } from '../../../controller/metrics/metrics.module';
import { adminClient, unary } from './client';
import { type AdminHarness, adminHarness } from './harness';

function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('metrics endpoint', () => {
  let h: AdminHarness;
  let port: number;

  beforeAll(async () => {
    h = await adminHarness('sqlite', { metrics: { enabled: true } });
    port = h.app.get(MetricsEndpoint).port;
  });
  afterAll(() => h?.close());

  it('serves /metrics that follow the changes, /healthz and 404 elsewhere', async () => {
    const c = adminClient(h.address);
    try {
      await unary(c, 'SetWeights', { metrics: { 'video-a': 4 } }, h.adminToken);
    } finally {
      c.close();
    }
    const m = await fetchText(port, '/metrics');
    expect(m.status).toBe(200);
    expect(m.body).toContain('ssa_commands_total{command="set-weights"} 1');
    expect(m.body).toMatch(/^ssa_domain_version 2$/m);
    expect(m.body).toContain('# TYPE ssa_p4runtime_call_duration_seconds histogram');
    expect(m.body).toContain('ssa_process_cpu_seconds_total');
    expect(await fetchText(port, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect((await fetchText(port, '/nope')).status).toBe(404);
  });
});
