/**
 * ssactl's connection to the admin API: a client built from the .proto files by proto-loader,
 * bearer token or client certificate, a deadline on every unary call, and the Watch stream.
 */
import { readFileSync } from 'node:fs';
import {
  type ChannelCredentials,
  type Client,
  type ClientReadableStream,
  Metadata,
  type ServiceError,
  credentials,
  loadPackageDefinition,
  status,
} from '@grpc/grpc-js';
import { loadAdminPackage } from '../admin/proto-files';
import { decodeFieldViolations, type FieldViolation } from '../admin/rpc-error';

/** How to reach the admin API. */
export interface Target {
  readonly server: string;
  readonly token?: string;
  /** PEM files: the CA that signed the server's certificate; a client certificate and key. */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  /** TLS server name when it differs from the host (e.g. `localhost` for 127.0.0.1). */
  readonly serverName?: string;
  readonly timeoutMs: number;
}

/** A call that failed: its status code, message and the fields a BadRequest named. */
export class CallError extends Error {
  override readonly name = 'CallError';
  constructor(
    readonly code: number,
    message: string,
    readonly violations: readonly FieldViolation[],
  ) {
    super(message);
  }
}

/** A message as proto-loader decodes it (fields as in the .proto). */
export type Message = Record<string, unknown>;

type Unary = (
  req: unknown,
  md: Metadata,
  opts: { deadline: number },
  cb: (e: ServiceError | null, r: Message) => void,
) => void;

/** A connection to the admin API. */
export class AdminConnection {
  private readonly client: Client;

  constructor(private readonly target: Target) {
    const pkg = loadPackageDefinition(
      loadAdminPackage({
        keepCase: true,
        longs: Number,
        enums: String,
        defaults: true,
        arrays: true,
        objects: true,
        oneofs: true,
      }),
    ) as unknown as {
      ssa: {
        admin: {
          v1: { AdminService: new (a: string, c: ChannelCredentials, o: object) => Client };
        };
      };
    };
    const tls = target.ca !== undefined || target.cert !== undefined;
    const creds = tls
      ? credentials.createSsl(
          target.ca ? readFileSync(target.ca) : null,
          target.key ? readFileSync(target.key) : null,
          target.cert ? readFileSync(target.cert) : null,
        )
      : credentials.createInsecure();
    const options = target.serverName ? { 'grpc.ssl_target_name_override': target.serverName } : {};
    this.client = new pkg.ssa.admin.v1.AdminService(target.server, creds, options);
  }

  /** One unary call with the configured deadline. */
  call(method: string, request: Message = {}): Promise<Message> {
    const f = (this.client as unknown as Record<string, Unary>)[method];
    return new Promise((resolve, reject) =>
      f.call(
        this.client,
        request,
        this.metadata(),
        { deadline: Date.now() + this.target.timeoutMs },
        (e, r) => (e ? reject(callError(e)) : resolve(r)),
      ),
    );
  }

  /**
   * The Watch stream; `onEvent` for each event, `onReady` once the server has subscribed it
   * (its response headers); resolves when stopped, rejects when it failed.
   */
  watch(
    request: Message,
    onEvent: (e: Message) => void,
    signal: AbortSignal,
    onReady: () => void = () => undefined,
  ): Promise<void> {
    const stream = (
      this.client as unknown as Record<
        string,
        (r: Message, md: Metadata) => ClientReadableStream<Message>
      >
    ).Watch.call(this.client, request, this.metadata());
    return new Promise((resolve, reject) => {
      const stop = () => stream.cancel();
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop, { once: true });
      stream.on('metadata', () => onReady());
      stream.on('data', onEvent);
      stream.on('error', (e: ServiceError) =>
        e.code === status.CANCELLED ? resolve() : reject(callError(e)),
      );
      stream.on('end', () => resolve());
    });
  }

  close(): void {
    this.client.close();
  }

  private metadata(): Metadata {
    const md = new Metadata();
    if (this.target.token) md.set('authorization', `Bearer ${this.target.token}`);
    return md;
  }
}

function callError(e: ServiceError): CallError {
  const raw = e.metadata?.get('grpc-status-details-bin')[0];
  const violations = raw === undefined ? [] : decodeFieldViolations(raw as Buffer);
  return new CallError(e.code, e.details || e.message, violations);
}
