import { readFileSync } from 'node:fs';
import { Server, ServerCredentials, type ServiceDefinition, experimental } from '@grpc/grpc-js';
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
  const identity = { certificate: readFileSync(l.tlsCert), privateKey: readFileSync(l.tlsKey) };
  if (l.clientCa === undefined) {
    return ServerCredentials.createSsl(
      null,
      [{ cert_chain: identity.certificate, private_key: identity.privateKey }],
      false,
    );
  }
  // A client certificate is asked for but not required (requestCert, not rejectUnauthorized):
  // a client without one may still send a token. Only a certificate that verified against
  // clientCa reaches the authenticator (grpc-js hides the others).
  // One provider for both roles: grpc-js 1.14's factory passes its two providers to the
  // constructor in the opposite order from its typings.
  const provider = new StaticCertificates(readFileSync(l.clientCa), identity);
  return experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

/** Certificates read once at start (grpc-js's provider interface, without file watching). */
class StaticCertificates implements experimental.CertificateProvider {
  constructor(
    private readonly ca: Buffer,
    private readonly identity: experimental.IdentityCertificateUpdate,
  ) {}
  // Listeners are called after the call returns: grpc-js registers its watcher only after
  // adding the listener, so a synchronous update would be lost.
  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    queueMicrotask(() => listener({ caCertificate: this.ca }));
  }
  removeCaCertificateListener(): void {}
  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    queueMicrotask(() => listener(this.identity));
  }
  removeIdentityCertificateListener(): void {}
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
