/**
 * The model of reflector.p4, control for control: parser (packet_out header on the CPU port),
 * ReflectorIngress (packet_out wins, else port_table by ingress port), ReflectorEgress
 * (packet_in header towards the CPU port), deparser. v1model details it keeps: mark_to_drop
 * and an egress_spec equal to the drop port drop the packet; a packet too short for the
 * packet_out header continues with that header invalid (v1model does not drop on parser
 * errors); the direct counter and the idle timer of an entry count every hit.
 */
import { copyPacket } from '../../pipeline/packet-buffer';
import type { Table } from '../../tables/table';
import type { EgressPacket, Pipeline, PipelineContext } from '../../pipeline/types';

/** Bytes of the packet_out and packet_in headers: bit<9> port + bit<7> padding. */
const HEADER_BYTES = 2;

/** reflector.p4 bound to one device's forwarding state. */
export class ReflectorModel implements Pipeline {
  private readonly portTable: Table;
  private readonly toPort: number;
  private readonly toCpu: number;
  private readonly drop: number;
  private readonly key = new Uint8Array(2);

  constructor(private readonly ctx: PipelineContext) {
    const { state } = ctx;
    this.portTable = state.table('ReflectorIngress.port_table');
    const fields = this.portTable.schema.fields;
    if (
      fields.length !== 1 ||
      fields[0].spec.matchKind !== 'exact' ||
      fields[0].spec.bitwidth !== 9
    ) {
      throw new Error(
        "reflector: table 'ReflectorIngress.port_table' must have one exact bit<9> key",
      );
    }
    this.toPort = state.actionId('ReflectorIngress.to_port');
    this.toCpu = state.actionId('ReflectorIngress.to_cpu');
    this.drop = state.actionId('ReflectorIngress.drop');
    for (const header of ['packet_in', 'packet_out']) {
      const bits = ctx.schema.packetMetadata
        .get(header)
        .metadata.list.reduce((n, f) => n + f.bitwidth, 0);
      if (bits !== HEADER_BYTES * 8)
        throw new Error(`reflector: controller header '${header}' must be 16 bits`);
    }
  }

  process(ingressPort: number, packet: Uint8Array): EgressPacket[] {
    const { cpuPort, dropPort } = this.ctx;
    // Parser: only packets from the CPU port carry a packet_out header.
    const packetOutValid = ingressPort === cpuPort && packet.length >= HEADER_BYTES;
    const payload = packetOutValid ? packet.subarray(HEADER_BYTES) : packet;

    // ReflectorIngress.
    let egressSpec = 0;
    if (packetOutValid) {
      egressSpec = ((packet[0] << 1) | (packet[1] >> 7)) & 0x1ff;
    } else {
      this.key[0] = (ingressPort >> 8) & 0x01;
      this.key[1] = ingressPort & 0xff;
      const hit = this.portTable.apply(this.key, 0, packet.length, this.ctx.clock());
      const action = this.portTable.actionOf(hit);
      if (action?.kind === 'action') {
        if (action.actionId === this.toPort)
          egressSpec = ((action.params[0][0] << 8) | action.params[0][1]) & 0x1ff;
        else if (action.actionId === this.toCpu) egressSpec = cpuPort;
        else if (action.actionId === this.drop) egressSpec = dropPort;
      }
    }
    if (egressSpec === dropPort) return [];

    // ReflectorEgress + deparser: packet_in in front of what the parser did not consume.
    if (egressSpec === cpuPort) {
      const out = new Uint8Array(HEADER_BYTES + payload.length);
      out[0] = (ingressPort >> 1) & 0xff;
      out[1] = (ingressPort & 0x01) << 7;
      out.set(payload, HEADER_BYTES);
      return [{ port: cpuPort, packet: out }];
    }
    return [{ port: egressSpec, packet: copyPacket(payload) }];
  }
}
