/*
 * packet_io.p4: P4Runtime PacketOut and PacketIn.
 *
 * PacketOut: a packet from the controller (on CPU_PORT, with a packet_out header) leaves on
 * packet_out.egress_port as it is; nothing else is applied (meta.bypass).
 * PacketIn: a packet leaving on CPU_PORT gets a packet_in header with its ingress port, the
 * punt reason and, for tunnel-MTU punts, the MTU (header.p4).
 */
#ifndef SSA_FABRIC_PACKET_IO_P4
#define SSA_FABRIC_PACKET_IO_P4

#include "../header.p4"

control PacketIoIngress(inout headers_t hdr, inout local_metadata_t meta) {
    apply {
        if (hdr.packet_out.isValid()) {
            meta.egress_port = hdr.packet_out.egress_port;
            meta.bypass = true;
            hdr.packet_out.setInvalid();
        }
    }
}

control PacketIoEgress(inout headers_t hdr, in local_metadata_t meta, in port_num_t egress_port) {
    apply {
        if (egress_port == CPU_PORT && !meta.bypass) {
            hdr.packet_in.setValid();
            hdr.packet_in.ingress_port = meta.ingress_port;
            hdr.packet_in._pad0 = 0;
            hdr.packet_in.reason = meta.punt_reason;
            hdr.packet_in.mtu = meta.punt_mtu;
        }
    }
}

#endif  // SSA_FABRIC_PACKET_IO_P4
