/**
 * Test harness for the embedded switch's P4Runtime server: a switch on a loopback port with
 * one or more devices, real P4RuntimeClients, raw gRPC calls for what the client does not
 * expose (per-request Read errors, hand-made streams), and the kitchen-sink test pipeline.
 */
import { EventEmitter as EventEmitterImpl, once, type EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { P4RuntimeClient, type ClientOptions } from '../../p4runtime/client/client';
import { statusDetails } from '../../p4runtime/client/errors';
import { google, p4, protoRoot, toLong, toUint128 } from '../../p4runtime/proto';
import { P4Schema } from '../../p4runtime/schema';
import { CHANNEL_OPTIONS, P4RuntimeService } from '../../p4runtime/service';
import { parseText } from '../../p4runtime/textformat';
import { Device, DeviceEvent, type DeviceOptions } from '../../softswitch/device';
import type { PipelineFactory } from '../../softswitch/pipeline/types';
import { P4RuntimeServer, type ServerOptions } from '../../softswitch/p4rt/server';
import { REFLECTOR_P4INFO, reflector } from '../../softswitch/pipelines/reflector';
import { KITCHEN_SINK_P4INFO } from '../fixtures/kitchen-sink';

export { Code } from '../../softswitch/p4rt/status';

/** A P4Info file as a message. */
export function loadP4Info(path: string): p4.config.v1.P4Info {
  return P4Schema.fromFile(path).p4info;
}

/** reflector.p4's P4Info. */
export const reflectorP4Info = () => loadP4Info(REFLECTOR_P4INFO);
/** The kitchen-sink P4Info (every object kind). */
export const kitchenSinkP4Info = () => loadP4Info(KITCHEN_SINK_P4INFO);

/**
 * A test model for the kitchen-sink P4Info, a little L2 learner: a packet's source MAC
 * (bytes 6..11) is looked up in MyIngress.smac; on a miss it is reported with the
 * mac_learn_digest_t digest; MyIngress.port_counter counts every packet by ingress port;
 * nothing is forwarded.
 */
export const kitchenSink: PipelineFactory = {
  name: 'kitchen-sink',
  description: 'test model: smac learning digests and a port counter',
  create(ctx) {
    const smac = ctx.state.table('MyIngress.smac');
    const learn = ctx.state.digest('mac_learn_digest_t');
    const ports = ctx.state.counter('MyIngress.port_counter');
    return {
      process(port, packet) {
        if (packet.length < 12) return [];
        ports.count(port, packet.length);
        const src = packet.subarray(6, 12);
        if (smac.apply(src, 0, packet.length, ctx.clock()) < 0) {
          learn.push([src, Uint8Array.of(port >> 8, port & 0xff)]);
        }
        return [];
      },
    };
  },
};

/** A running switch and the clients a test opened; `close()` stops everything. */
export class TestSwitch {
  readonly clients: P4RuntimeClient[] = [];
  private constructor(
    readonly server: P4RuntimeServer,
    readonly devices: Device[],
    readonly address: string,
  ) {}

  /** Starts a server on an ephemeral loopback port with the given devices (default: device 1). */
  static async start(
    devices: Partial<DeviceOptions>[] = [{}],
    opts: ServerOptions = {},
  ): Promise<TestSwitch> {
    const ds = devices.map(
      (d, i) =>
        new Device({
          id: i + 1,
          pipelines: [reflector, kitchenSink],
          defaultPipeline: 'reflector',
          ...d,
        }),
    );
    const server = new P4RuntimeServer(ds, { idleScanIntervalMs: 10, ...opts });
    const port = await server.start({ host: '127.0.0.1', port: 0 });
    return new TestSwitch(server, ds, `127.0.0.1:${port}`);
  }

  get device(): Device {
    return this.devices[0];
  }

  /** A client (not yet connected) that is closed with the switch. */
  client(opts: Partial<ClientOptions> & { electionId?: bigint | number } = {}): P4RuntimeClient {
    const c = new P4RuntimeClient({
      address: this.address,
      deviceId: 1,
      electionId: 1,
      reconnect: false,
      timeoutMs: 5000,
      ...opts,
    });
    this.clients.push(c);
    return c;
  }

  /** A connected primary client with `p4info` pushed (reflector by default). */
  async primary(
    p4info: p4.config.v1.IP4Info = reflectorP4Info(),
    deviceConfig = 'reflector',
    electionId = 10n,
  ): Promise<P4RuntimeClient> {
    const c = this.client({ electionId });
    await c.connect();
    await c.waitPrimary();
    await c.setPipeline({ p4info, deviceConfig: Buffer.from(deviceConfig) });
    return c;
  }

  /** A raw gRPC client of the service, for calls the P4RuntimeClient does not expose. */
  raw(): grpc.Client {
    const c = new grpc.Client(this.address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.rawClients.push(c);
    return c;
  }
  private readonly rawClients: grpc.Client[] = [];

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    for (const c of this.rawClients) c.close();
    await this.server.stop();
  }

  /** Loops every packet leaving on `from` back into `to` (a cable between two ports). */
  cable(from: number, to: number): void {
    this.device.on(DeviceEvent.EGRESS, ({ port, packet }) => {
      if (port === from) this.device.inject(to, packet);
    });
  }
}

/**
 * A controller on a raw StreamChannel (arbitration sent, every response kept), for messages
 * the P4RuntimeClient would refuse to build.
 */
export class RawController {
  readonly received: p4.v1.StreamMessageResponse[] = [];
  private readonly call: grpc.ClientDuplexStream<
    p4.v1.IStreamMessageRequest,
    p4.v1.StreamMessageResponse
  >;
  private readonly events = new EventEmitterImpl();

  constructor(sw: TestSwitch, electionId: bigint, deviceId = 1n) {
    const m = P4RuntimeService.StreamChannel;
    this.call = sw
      .raw()
      .makeBidiStreamRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
      ) as unknown as typeof this.call;
    this.call.on('data', (msg: p4.v1.StreamMessageResponse) => {
      this.received.push(msg);
      this.events.emit('message', msg);
    });
    this.call.on('error', () => {});
    this.send({ arbitration: { device_id: toLong(deviceId), election_id: toUint128(electionId) } });
  }

  send(msg: p4.v1.IStreamMessageRequest): void {
    this.call.write(msg);
  }

  /** The next (or an already received) message satisfying `pred`. */
  async expect(
    pred: (m: p4.v1.StreamMessageResponse) => boolean,
    ms = 3000,
  ): Promise<p4.v1.StreamMessageResponse> {
    const seen = this.received.find(pred);
    if (seen) return seen;
    return next<p4.v1.StreamMessageResponse>(this.events, 'message', pred, ms);
  }
}

/** A Read with the raw stub: the entities, and the per-request errors of a failed read. */
export async function rawRead(
  sw: TestSwitch,
  entities: p4.v1.IEntity[],
  deviceId = 1,
): Promise<{ entities: p4.v1.IEntity[]; code: number; errors: p4.v1.Error[]; responses: number }> {
  const m = P4RuntimeService.Read;
  const call = sw.raw().makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, {
    device_id: toLong(BigInt(deviceId)),
    entities,
  });
  const out: p4.v1.IEntity[] = [];
  let responses = 0;
  try {
    for await (const res of call as AsyncIterable<p4.v1.ReadResponse>) {
      responses++;
      out.push(...res.entities);
    }
    return { entities: out, code: 0, errors: [], responses };
  } catch (e) {
    const err = e as grpc.ServiceError;
    const status = statusDetails(err.metadata);
    const errors = (status?.details ?? []).map((d) => p4.v1.Error.decode(d.value!));
    return { entities: out, code: err.code, errors, responses };
  }
}

/** A unary RPC with the raw stub (for requests the client would not build); rejects with the ServiceError. */
export function rawUnary(
  sw: TestSwitch,
  name: 'Write' | 'SetForwardingPipelineConfig' | 'GetForwardingPipelineConfig' | 'Capabilities',
  request: object,
): Promise<unknown> {
  const m = P4RuntimeService[name] as unknown as {
    path: string;
    requestSerialize: (r: object) => Buffer;
    responseDeserialize: (b: Buffer) => unknown;
  };
  return new Promise((resolve, reject) =>
    sw
      .raw()
      .makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, request, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
  );
}

/** Every entity a read returns, through the client. */
export async function readAll(
  client: P4RuntimeClient,
  entities: p4.v1.IEntity[],
): Promise<p4.v1.IEntity[]> {
  const out: p4.v1.IEntity[] = [];
  for await (const e of client.read(entities)) out.push(e);
  return out;
}

/** A message written in protobuf text format (readable in review), e.g. an Entity. */
export function text<T>(type: string, source: string): T {
  return parseText<T & object>(source, protoRoot.lookup(type));
}

/** An Entity in text format. */
export const entity = (source: string) => text<p4.v1.Entity>('p4.v1.Entity', source);

/** Resolves with the next `event` emitted by `emitter` that satisfies `pred`. */
export async function next<T>(
  emitter: EventEmitter,
  event: string,
  pred: (v: T) => boolean = () => true,
  ms = 3000,
): Promise<T> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    while (true) {
      const [v] = (await once(emitter, event, { signal: ac.signal })) as [T];
      if (pred(v)) return v;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The google.rpc.Status of a message's `status` field as a plain code. */
export function codeOf(s: google.rpc.IStatus | null | undefined): number {
  return s?.code ?? 0;
}
