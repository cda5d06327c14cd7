/**
 * ssa.probe.v1.Probe: the embedded switch's packet probe (embedded only). A packet goes into
 * a device's committed pipeline as if it arrived on a port; the reply lists the tables it
 * hit (entry match, action, parameters), the verdict and what left, headers decoded. The
 * pipeline must be able to trace (the fabric model can); the probe packet is processed for
 * real: counters count it, and what leaves is not transmitted (the probe returns it instead).
 */
import {
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { formatIPv4, formatIPv6, formatMac } from '../../p4runtime/bytes/address';
import type { Device } from '../device';
import { sourcePath } from '../pipeline/source-path';
import { decodeHeaders } from '../pipelines/fabric/decode';
import type { PacketTrace } from '../pipelines/fabric/v1model/main';
import type { FieldMatch } from '../tables/types';

interface TraceRequest {
  device_id?: number | string;
  ingress_port?: number;
  packet?: Buffer;
}

interface Traceable {
  trace(port: number, packet: Uint8Array): PacketTrace;
}

/** The Probe service definition (loaded from proto/ssa/probe/v1/probe.proto). */
export function probeServiceDefinition(): ServiceDefinition {
  const root = sourcePath('proto');
  const def = loadSync(sourcePath('proto', 'ssa', 'probe', 'v1', 'probe.proto'), {
    keepCase: true,
    longs: String,
    defaults: true,
    includeDirs: [root],
  });
  return def['ssa.probe.v1.Probe'] as ServiceDefinition;
}

/** The handlers over the devices `find` returns by id. */
export function probeHandlers(
  find: (deviceId: bigint) => Device | undefined,
): UntypedServiceImplementation {
  return {
    Trace: (call: ServerUnaryCall<TraceRequest, unknown>, callback: sendUnaryData<unknown>) => {
      const req = call.request;
      let id: bigint;
      try {
        id = BigInt(req.device_id ?? 0);
      } catch {
        callback({ code: status.INVALID_ARGUMENT, details: 'device_id: expected an integer' });
        return;
      }
      const device = find(id);
      if (device === undefined) {
        callback({ code: status.NOT_FOUND, details: `device_id: no device ${id}` });
        return;
      }
      const loaded = device.dataplane;
      const pipeline = loaded?.pipeline as Partial<Traceable> | undefined;
      if (loaded === undefined || typeof pipeline?.trace !== 'function') {
        callback({
          code: status.FAILED_PRECONDITION,
          details: `device ${id}: its pipeline (${loaded?.factory.name ?? 'none'}) cannot trace packets`,
        });
        return;
      }
      const packet = new Uint8Array(req.packet ?? []);
      if (packet.length === 0) {
        callback({ code: status.INVALID_ARGUMENT, details: 'packet: expected an Ethernet frame' });
        return;
      }
      const port = req.ingress_port ?? 0;
      // A fault in the trace or its formatting answers INTERNAL instead of leaving the call open.
      let reply: ProbeReply;
      try {
        reply = probeReply(pipeline as Traceable, loaded, device, port, packet);
      } catch (e) {
        callback({ code: status.INTERNAL, details: `probe: ${(e as Error).message}` });
        return;
      }
      callback(null, reply);
    },
  };
}

type ProbeReply = ReturnType<typeof probeReply>;

/** The trace of `packet` arriving on `port`, in the probe service's reply shape. */
function probeReply(
  pipeline: Traceable,
  loaded: NonNullable<Device['dataplane']>,
  device: Device,
  port: number,
  packet: Uint8Array,
) {
  const t = pipeline.trace(port, packet);
  return {
    pipeline: loaded.factory.name,
    tables: t.visits.map((v) => {
      const schemaTable = loaded.schema.tables.get(v.table);
      const action = loaded.schema.actions.findId(v.actionId);
      const ref = v.entry?.action;
      const params: Record<string, string> = {};
      if (ref?.kind === 'action' && action) {
        action.params.list.forEach((p, i) => {
          params[p.name] = formatValue(ref.params[i], p.bitwidth);
        });
      }
      return {
        table: v.table,
        hit: v.handle >= 0,
        action: action?.name ?? (v.actionId === 0 ? 'NoAction' : String(v.actionId)),
        params,
        match: (v.entry?.match ?? []).flatMap((m, i) =>
          m === undefined
            ? []
            : [
                `${schemaTable.fields.list[i].name}=${formatMatch(m, schemaTable.fields.list[i].bitwidth)}`,
              ],
        ),
        priority: v.entry?.priority ?? 0,
      };
    }),
    verdict: t.verdict,
    drop_reason: t.dropReason,
    punt_reason: t.puntReason,
    egress: t.egress.map((e) => {
      // A packet to the CPU carries packet_in (5 bytes) before its Ethernet header.
      const frame = e.port === device.cpuPort ? e.packet.subarray(5) : e.packet;
      const d = decodeHeaders(frame);
      return {
        port: e.port,
        packet: Buffer.from(e.packet),
        headers: d.headers,
        payload_bytes: d.payload,
      };
    }),
    ingress_headers: decodeHeaders(packet).headers,
  };
}

function formatValue(v: Uint8Array | undefined, bitwidth: number): string {
  if (v === undefined) return '';
  if (bitwidth === 128 && v.length === 16) return formatIPv6(v);
  if (bitwidth === 48 && v.length === 6) return formatMac(v);
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  return n.toString();
}

function formatMatch(m: FieldMatch, bitwidth: number): string {
  const show = (v: Uint8Array) =>
    bitwidth === 32 && v.length === 4 ? formatIPv4(v) : formatValue(v, bitwidth);
  switch (m.kind) {
    case 'exact':
    case 'optional':
      return show(m.value);
    case 'lpm':
      return `${show(m.value)}/${m.prefixLen}`;
    case 'ternary':
      return `${show(m.value)}&&&${show(m.mask)}`;
    case 'range':
      return `${show(m.low)}..${show(m.high)}`;
  }
}
