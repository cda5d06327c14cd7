import { readFileSync } from 'node:fs';
import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { type GrpcOptions, ServerGrpc } from '@nestjs/microservices';
import { HealthService } from './health';
import { ReflectionService } from './reflection';
import { LOADER_OPTIONS, loadAdminPackage } from './proto-files';

/** Where and how the admin server listens (config `admin.*`). */
export interface AdminListen {
  readonly host: string;
  readonly port: number;
  /** PEM files; with cert and key the server speaks TLS, with clientCa it accepts mTLS. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly clientCa?: string;
}

/** The gRPC service names the admin server hosts. */
export const ADMIN_SERVICE = 'ssa.admin.v1.AdminService';

/** Server credentials: insecure (loopback labs), TLS, or TLS asking for client certificates. */
export function serverCredentials(l: AdminListen): ServerCredentials {
  if (l.tlsCert === undefined || l.tlsKey === undefined) return ServerCredentials.createInsecure();
  const pair = { cert_chain: readFileSync(l.tlsCert), private_key: readFileSync(l.tlsKey) };
  // checkClientCertificate false: a client without a certificate may still use a token; only
  // a certificate that verifies against clientCa is shown to the authenticator.
  return ServerCredentials.createSsl(
    l.clientCa === undefined ? null : readFileSync(l.clientCa),
    [pair],
    false,
  );
}

/**
 * Nest's gRPC transport with two additions: the bound port is kept (tests listen on port 0)
 * and the standard health and reflection services are added beside the admin service.
 */
export class AdminGrpcServer extends ServerGrpc {
  /** The port bound, once listening. */
  port = 0;
  readonly health: HealthService;
  readonly reflection: ReflectionService;
  private readonly definition: PackageDefinition;
  private readonly endpoint: AdminListen;
  private readonly credentials: ServerCredentials;

  constructor(listen: AdminListen, definition: PackageDefinition = loadAdminPackage()) {
    const credentials = serverCredentials(listen);
    const options: GrpcOptions['options'] = {
      package: 'ssa.admin.v1',
      packageDefinition: definition,
      url: `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`,
      credentials,
      loader: LOADER_OPTIONS,
      // Watch streams never end by themselves: a graceful shutdown would wait for them.
      gracefulShutdown: false,
    };
    super(options);
    this.definition = definition;
    this.endpoint = listen;
    this.credentials = credentials;
    this.reflection = new ReflectionService(definition);
    this.health = new HealthService(this.reflection.serviceNames());
  }

  override async createClient(): Promise<Server> {
    const server = new Server({ 'grpc.max_receive_message_length': 16 << 20 });
    server.addService(
      this.definition['grpc.health.v1.Health'] as ServiceDefinition,
      this.health.handlers(),
    );
    server.addService(
      this.definition['grpc.reflection.v1alpha.ServerReflection'] as ServiceDefinition,
      this.reflection.handlers(),
    );
    const host = this.endpoint.host.includes(':') ? `[${this.endpoint.host}]` : this.endpoint.host;
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${this.endpoint.port}`, this.credentials, (e, port) =>
        e ? reject(e) : resolve(port),
      ),
    );
    return server;
  }

  override async close(): Promise<void> {
    this.health.setAll('NOT_SERVING');
    this.health.close();
    await super.close();
  }
}
