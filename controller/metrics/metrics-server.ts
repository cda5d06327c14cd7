import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FabricMetrics } from './fabric-metrics';

/**
 * `GET /metrics` (Prometheus text format) and `GET /healthz` (`ok` while `healthy()` says so,
 * else 503) on node:http; anything else is 404.
 */
export class MetricsServer {
  private server: Server | undefined;

  constructor(
    private readonly metrics: FabricMetrics,
    private readonly healthy: () => boolean = () => true,
  ) {}

  /** Listens; resolves with the bound port (port 0: any free one). */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/metrics') {
        this.metrics.metrics().then(
          (text) =>
            res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
          (e: unknown) => res.writeHead(500).end(String(e)),
        );
      } else if (path === '/healthz') {
        const ok = this.healthy();
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' })
          .end(ok ? 'ok\n' : 'stopping\n');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and closes open connections. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s === undefined) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
