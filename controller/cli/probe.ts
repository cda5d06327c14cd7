/**
 * `ssactl probe`: a packet into an embedded switch, its way printed (docs/admin-api.md). The
 * switch is named (its address and device id come from the admin API) or given with
 * --address and --device-id; the call goes to the switch's ssa.probe.v1.Probe service.
 */
import { join } from 'node:path';
import {
  type Client,
  type ServiceError,
  credentials,
  loadPackageDefinition,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoRoot } from '../admin/proto-files';
import type { CommandSpec } from './commands';
import { CallError, type Message } from './connection';
import { UsageError, uintOption } from './inputs';
import { buildPacket } from './packet';

function probeClient(address: string): Client {
  const root = protoRoot();
  const def = loadSync(join(root, 'ssa/probe/v1/probe.proto'), {
    keepCase: true,
    longs: String,
    defaults: true,
    includeDirs: [root],
  });
  const pkg = loadPackageDefinition(def) as unknown as {
    ssa: {
      probe: {
        v1: { Probe: new (a: string, c: ReturnType<typeof credentials.createInsecure>) => Client };
      };
    };
  };
  return new pkg.ssa.probe.v1.Probe(address, credentials.createInsecure());
}

function trace(address: string, request: Message, timeoutMs: number): Promise<Message> {
  const client = probeClient(address);
  return new Promise<Message>((resolve, reject) =>
    (client as unknown as Record<string, (...a: unknown[]) => void>).Trace.call(
      client,
      request,
      { deadline: Date.now() + timeoutMs },
      (e: ServiceError | null, r: Message) => {
        client.close();
        if (e) reject(new CallError(e.code, e.details || e.message, []));
        else resolve(r);
      },
    ),
  );
}

const headerText = (h: Message) =>
  `${String(h.name)} ${Object.entries(h.fields as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;

export const PROBE_COMMAND: CommandSpec = {
  path: ['probe'],
  summary: 'put a packet into an embedded switch and print its way (tables, verdict, egress)',
  args: '[SWITCH]',
  options: {
    address: { type: 'string', help: "the switch's P4Runtime address (instead of SWITCH)" },
    'device-id': { type: 'string', help: 'its device id (with --address; default 1)' },
    port: { type: 'string', help: 'ingress port (required)' },
    hex: { type: 'string', help: 'the whole Ethernet frame, hex (instead of the fields below)' },
    src: { type: 'string', help: 'source address (IPv6 or IPv4)' },
    dst: { type: 'string', help: 'destination address' },
    proto: { type: 'string', help: 'udp (default) or tcp' },
    sport: { type: 'string', help: 'source port (default 40000)' },
    dport: { type: 'string', help: 'destination port (default 443)' },
    'src-mac': { type: 'string', help: 'default 02:00:00:00:00:aa' },
    'dst-mac': { type: 'string', help: 'default 02:00:00:00:00:bb' },
    payload: { type: 'string', help: 'payload bytes (default 32)' },
    'hop-limit': { type: 'string', help: 'hop limit / TTL (default 64)' },
  },
  run: async ({ conn, values, args }) => {
    let address = typeof values.address === 'string' ? values.address : undefined;
    let deviceId = uintOption(values['device-id'], 'device-id') ?? 1;
    if (address === undefined) {
      if (args[0] === undefined) throw new UsageError('expected SWITCH or --address');
      const all = await conn.call('ListSwitches');
      const sw = (all.switches as Message[]).find((s) => s.name === args[0]);
      if (sw === undefined)
        throw new CallError(status.NOT_FOUND, `no switch named '${args[0]}'`, []);
      const spec = JSON.parse(String(sw.spec_json)) as { address: string; deviceId: number };
      address = spec.address;
      deviceId = spec.deviceId;
    }
    const port = uintOption(values.port, 'port');
    if (port === undefined) throw new UsageError('--port is required');
    let packet: Uint8Array;
    if (typeof values.hex === 'string') {
      const h = values.hex.replace(/[\s:]/g, '');
      if (!/^([0-9a-fA-F]{2})+$/.test(h)) throw new UsageError('--hex: expected hex bytes');
      packet = Buffer.from(h, 'hex');
    } else {
      if (typeof values.src !== 'string' || typeof values.dst !== 'string') {
        throw new UsageError('--src and --dst are required (or --hex)');
      }
      const proto = values.proto ?? 'udp';
      if (proto !== 'udp' && proto !== 'tcp') throw new UsageError('--proto: expected udp or tcp');
      packet = buildPacket({
        src: values.src,
        dst: values.dst,
        proto,
        sport: uintOption(values.sport, 'sport') ?? 40000,
        dport: uintOption(values.dport, 'dport') ?? 443,
        srcMac: typeof values['src-mac'] === 'string' ? values['src-mac'] : '02:00:00:00:00:aa',
        dstMac: typeof values['dst-mac'] === 'string' ? values['dst-mac'] : '02:00:00:00:00:bb',
        payload: uintOption(values.payload, 'payload') ?? 32,
        hopLimit: uintOption(values['hop-limit'], 'hop-limit') ?? 64,
      });
    }
    const r = await trace(address, { device_id: deviceId, ingress_port: port, packet }, 10_000);
    const tables = r.tables as Message[];
    const egress = r.egress as Message[];
    const verdict =
      `verdict: ${String(r.verdict)}` +
      (r.drop_reason ? ` (${String(r.drop_reason)})` : '') +
      (r.punt_reason ? ` (${String(r.punt_reason)})` : '');
    const data = {
      ...r,
      egress: egress.map((e) => ({
        ...e,
        packet: Buffer.from(e.packet as Uint8Array).toString('hex'),
      })),
    };
    return {
      data,
      table: {
        columns: ['table', 'hit', 'action', 'params', 'match'],
        rows: tables.map((t) => [
          t.table,
          t.hit ? 'hit' : 'miss',
          t.action,
          Object.entries(t.params as Record<string, string>).map(([k, v]) => `${k}=${v}`),
          t.match,
        ]),
      },
      lines: [
        `in:  port ${port}: ${(r.ingress_headers as Message[]).map(headerText).join(' | ')}`,
        verdict,
        ...egress.map(
          (e) =>
            `out: port ${String(e.port)}: ${(e.headers as Message[]).map(headerText).join(' | ')} (+${String(e.payload_bytes)} bytes payload)`,
        ),
      ],
    };
  },
};
