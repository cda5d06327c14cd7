/**
 * P4RuntimeServer: the embedded switch's P4Runtime v1.5.0 service over a real gRPC socket,
 * hosting one or more Devices by device id.
 *
 *   const server = new P4RuntimeServer([new Device({ id: 1, pipelines: [reflector] })]);
 *   const port = await server.start({ host: '127.0.0.1', port: 0 });  // 0: any free port
 *   ...
 *   await server.stop();
 */
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { fromUint128, p4, toBigInt, type Int64 } from '../../p4runtime/proto';
import { CHANNEL_OPTIONS, P4RuntimeService } from '../../p4runtime/service';
import type { Device } from '../device';
import type { PrimaryLossPolicy } from './arbitration';
import { getPipelineConfig, setPipelineConfig } from './pipeline-config';
import { applyRead } from './read';
import { DeviceSession } from './session';
import { Code, P4RuntimeStatus, fail, toStatus } from './status';
import { StreamChannel } from './stream-channel';
import { applyWrite } from './write';
import { readErrorStatus, writeErrorStatus } from './write-status';

/** The P4Runtime API version this server implements. */
export const P4RUNTIME_API_VERSION = '1.5.0';

export interface ServerOptions {
  /** What happens when a primary's stream ends (default 'promote-next', like bmv2). */
  onPrimaryLoss?: PrimaryLossPolicy;
  /** Live controllers per (device, role) (default 16, like bmv2). */
  maxControllersPerRole?: number;
  /** Scan interval of idle-timeout tables, ms (default 20). */
  idleScanIntervalMs?: number;
  /** Entities per ReadResponse message (default 1000). */
  readBatchSize?: number;
  /**
   * Services served beside P4Runtime on the same port (the embedded switch's probe,
   * softswitch/p4rt/probe.ts; embedded only).
   */
  extraServices?: readonly {
    readonly definition: grpc.ServiceDefinition;
    readonly handlers: grpc.UntypedServiceImplementation;
  }[];
}

type RpcName = keyof typeof P4RuntimeService;

/** A P4Runtime gRPC server for a set of devices. */
export class P4RuntimeServer {
  /** RPCs received, by name (a SetForwardingPipelineConfig count shows whether a push happened). */
  readonly calls: Record<RpcName, number> = {
    Write: 0,
    Read: 0,
    SetForwardingPipelineConfig: 0,
    GetForwardingPipelineConfig: 0,
    StreamChannel: 0,
    Capabilities: 0,
  };
  private readonly sessions = new Map<bigint, DeviceSession>();
  private readonly streams = new Set<StreamChannel>();
  private readonly opts: Required<ServerOptions>;
  private grpc: grpc.Server | undefined;

  constructor(devices: Device | readonly Device[] = [], opts: ServerOptions = {}) {
    this.opts = {
      onPrimaryLoss: opts.onPrimaryLoss ?? 'promote-next',
      maxControllersPerRole: opts.maxControllersPerRole ?? 16,
      idleScanIntervalMs: opts.idleScanIntervalMs ?? 20,
      readBatchSize: opts.readBatchSize ?? 1000,
      extraServices: opts.extraServices ?? [],
    };
    for (const d of Array.isArray(devices) ? devices : [devices]) this.addDevice(d);
  }

  /** Serves `device` under its device id (ids are unique per server). */
  addDevice(device: Device): void {
    if (this.sessions.has(device.id))
      throw new RangeError(`device id ${device.id} is already served`);
    this.sessions.set(
      device.id,
      new DeviceSession(device, {
        onPrimaryLoss: this.opts.onPrimaryLoss,
        maxControllers: this.opts.maxControllersPerRole,
        idleScanIntervalMs: this.opts.idleScanIntervalMs,
      }),
    );
  }

  /** The device served under `deviceId`, if any. */
  device(deviceId: bigint | number): Device | undefined {
    return this.sessions.get(BigInt(deviceId))?.device;
  }

  /** The P4Runtime session of a device (arbitration, stream counts), for tests and tools. */
  session(deviceId: bigint | number): DeviceSession | undefined {
    return this.sessions.get(BigInt(deviceId));
  }

  /**
   * Binds and serves; resolves with the bound port (useful with port 0). `credentials` serves
   * TLS (grpc.ServerCredentials.createSsl); plaintext by default.
   */
  async start(
    where: { host?: string; port?: number; credentials?: grpc.ServerCredentials } = {},
  ): Promise<number> {
    if (this.grpc) throw new Error('the server is already started');
    const host = where.host ?? '127.0.0.1';
    const address = `${host.includes(':') ? `[${host}]` : host}:${where.port ?? 9559}`;
    const server = new grpc.Server(CHANNEL_OPTIONS);
    server.addService(P4RuntimeService, this.handlers());
    for (const extra of this.opts.extraServices)
      server.addService(extra.definition, extra.handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        address,
        where.credentials ?? grpc.ServerCredentials.createInsecure(),
        (err, p) => (err ? reject(err) : resolve(p)),
      ),
    );
    this.grpc = server;
    return port;
  }

  /** Ends every stream (UNAVAILABLE), stops the device sessions and the gRPC server. */
  async stop(): Promise<void> {
    for (const s of [...this.streams])
      s.close(new P4RuntimeStatus(Code.UNAVAILABLE, 'the switch is shutting down'));
    for (const s of this.sessions.values()) s.stop();
    const server = this.grpc;
    this.grpc = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 1000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private sessionOf(deviceId: Int64): DeviceSession {
    const id = toBigInt(deviceId);
    const s = this.sessions.get(id);
    if (!s) fail(Code.NOT_FOUND, `device id ${id} is not served here`);
    return s;
  }

  /** Write and SetForwardingPipelineConfig: device, role and primary checks, in the spec's order. */
  private primarySession(req: {
    device_id?: Int64;
    role?: string | null;
    election_id?: p4.v1.IUint128 | null;
  }): DeviceSession {
    const session = this.sessionOf(req.device_id as Int64);
    const role = req.role ?? '';
    if (!session.knowsRole(role))
      fail(Code.NOT_FOUND, `role '${role}' is not known on device ${session.device.id}`);
    const electionId = req.election_id ? fromUint128(req.election_id) : undefined;
    if (!session.isPrimary(role, electionId)) {
      fail(
        Code.PERMISSION_DENIED,
        `election id ${electionId ?? '(unset)'} is not the primary's for role '${role}'`,
      );
    }
    return session;
  }

  private handlers(): grpc.UntypedServiceImplementation {
    return {
      Capabilities: unary<p4.v1.CapabilitiesRequest, p4.v1.ICapabilitiesResponse>(() => {
        this.calls.Capabilities++;
        return { p4runtime_api_version: P4RUNTIME_API_VERSION };
      }),
      SetForwardingPipelineConfig: unary<p4.v1.SetForwardingPipelineConfigRequest, object>(
        (req) => {
          this.calls.SetForwardingPipelineConfig++;
          const session = this.primarySession(req);
          setPipelineConfig(session.device, req.action, req.config);
          return {};
        },
      ),
      GetForwardingPipelineConfig: unary<
        p4.v1.GetForwardingPipelineConfigRequest,
        p4.v1.IGetForwardingPipelineConfigResponse
      >((req) => {
        this.calls.GetForwardingPipelineConfig++;
        const session = this.sessionOf(req.device_id as Int64);
        return { config: getPipelineConfig(session.device, req.response_type) ?? null };
      }),
      Write: (
        call: grpc.ServerUnaryCall<p4.v1.WriteRequest, object>,
        cb: grpc.sendUnaryData<object>,
      ) => {
        this.calls.Write++;
        try {
          const req = call.request;
          const session = this.primarySession(req);
          const control = session.device.control;
          if (!control) fail(Code.FAILED_PRECONDITION, 'no forwarding pipeline config is set');
          const errors = applyWrite(control.state, req.updates, req.atomicity);
          session.afterWrite();
          if (!errors) return cb(null, {});
          // The trailer carries one p4.v1.Error per update (write-status.ts); the RPC's message
          // names the first refusal for clients that do not unpack the details.
          const { message, metadata } = writeErrorStatus(errors);
          cb({ code: Code.UNKNOWN, details: message, metadata });
        } catch (e) {
          cb(serviceError(e));
        }
      },
      Read: (call: grpc.ServerWritableStream<p4.v1.ReadRequest, p4.v1.IReadResponse>) => {
        this.calls.Read++;
        this.read(call).catch((e) => call.emit('error', serviceError(e)));
      },
      StreamChannel: (
        call: grpc.ServerDuplexStream<p4.v1.StreamMessageRequest, p4.v1.IStreamMessageResponse>,
      ) => {
        this.calls.StreamChannel++;
        const channel = new StreamChannel(
          call,
          (id) => this.sessions.get(id),
          (c) => this.streams.delete(c),
        );
        this.streams.add(channel);
      },
    };
  }

  private async read(
    call: grpc.ServerWritableStream<p4.v1.ReadRequest, p4.v1.IReadResponse>,
  ): Promise<void> {
    const req = call.request;
    const session = this.sessionOf(req.device_id as Int64);
    const control = session.device.control;
    if (!control) fail(Code.FAILED_PRECONDITION, 'no forwarding pipeline config is set');
    // The read is computed in one turn, so it reflects the state between two Writes.
    const { entities, errors } = applyRead(control.state, req.entities);
    const size = this.opts.readBatchSize;
    const cancelled = new AbortController();
    call.once('cancelled', () => cancelled.abort());
    for (let i = 0; i < entities.length && !call.cancelled; i += size) {
      if (!call.write({ entities: entities.slice(i, i + size) })) {
        await once(call, 'drain', { signal: cancelled.signal }).catch(() => undefined);
      }
    }
    if (call.cancelled) return;
    if (!errors) {
      call.end();
      return;
    }
    // One p4.v1.Error per entity of the request, in a trailer cut to fit (write-status.ts).
    const { message, metadata } = readErrorStatus(errors);
    call.emit('error', { code: Code.UNKNOWN, details: message, metadata });
  }
}

/** A unary handler whose body may throw a P4RuntimeStatus. */
function unary<Req, Res>(body: (req: Req) => Res) {
  return (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => {
    try {
      cb(null, body(call.request));
    } catch (e) {
      cb(serviceError(e));
    }
  };
}

function serviceError(e: unknown): Partial<grpc.ServiceError> {
  const s = toStatus(e);
  if (s.code === Code.INTERNAL) console.error('softswitch: internal error', e);
  return { code: s.code, details: s.message, metadata: new grpc.Metadata() };
}
