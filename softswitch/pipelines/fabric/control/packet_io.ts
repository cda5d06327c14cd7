/**
 * packet_io.p4 in TypeScript. PacketOut: the packet leaves on packet_out.egress_port as it
 * is (meta.bypass). PacketIn: a packet leaving on the CPU port gets a packet_in header with
 * its ingress port, the punt reason and the MTU of a tunnel-MTU punt.
 */
import type { Headers, LocalMetadata } from '../header';

/** The egress_port (bit<9>) of a packet_out header. */
export function packetOutPort(b: Uint8Array): number {
  return ((b[0] << 1) | (b[1] >> 7)) & 0x1ff;
}

/** PacketIoIngress. */
export function packetIoIngress(hdr: Headers, meta: LocalMetadata): void {
  if (hdr.packet_out.valid) {
    meta.egress_port = packetOutPort(hdr.packet_out.b);
    meta.bypass = true;
    hdr.packet_out.setInvalid();
  }
}

/** PacketIoEgress: packet_in = { ingress_port: 9, _pad0: 7, reason: 8, mtu: 16 }. */
export function packetIoEgress(
  hdr: Headers,
  meta: LocalMetadata,
  egressPort: number,
  cpuPort: number,
): void {
  if (egressPort === cpuPort && !meta.bypass) {
    const h = hdr.packet_in;
    h.setValid();
    h.b[0] = (meta.ingress_port >> 1) & 0xff;
    h.b[1] = (meta.ingress_port & 1) << 7;
    h.b[2] = meta.punt_reason & 0xff;
    h.b[3] = (meta.punt_mtu >> 8) & 0xff;
    h.b[4] = meta.punt_mtu & 0xff;
  }
}
