/*
 * checksum.p4 (v1model): the verify and compute checksum stages of V1Switch, over the
 * field lists of ../include/checksum.p4.
 */
#ifndef SSA_FABRIC_V1MODEL_CHECKSUM_P4
#define SSA_FABRIC_V1MODEL_CHECKSUM_P4

#include "../include/header.p4"
#include "../include/checksum.p4"

// An IPv4 header whose checksum does not verify is dropped (DROP_IPV4_CHECKSUM). Only
// the header this switch routes on is checked: the inner header of a tunnel packet is
// rewritten with a fresh checksum when it is decapsulated.
control FabricVerifyChecksum(inout headers_t hdr, inout local_metadata_t meta) {
    apply {
        VERIFY_CSUM16(hdr.ipv4.isValid(), hdr.ipv4.hdr_checksum, IPV4_CHECKSUM_FIELDS(hdr.ipv4));
    }
}

// wire §5: every IPv4 header that leaves has a valid checksum (TTL and addresses change,
// outer headers are new). wire §1: after a SAR rewrote the IPv6 addresses, the UDP, TCP or
// ICMPv6 checksum is recomputed over the new pseudo-header, with the upper-layer length
// (meta.l4_len) = payload length minus the Destination Options header. wire §4: MSLB
// translation leaves the transport checksum alone.
control FabricComputeChecksum(inout headers_t hdr, inout local_metadata_t meta) {
    apply {
        UPDATE_CSUM16(hdr.tun_ipv4.isValid(), hdr.tun_ipv4.hdr_checksum,
                      IPV4_CHECKSUM_FIELDS(hdr.tun_ipv4));
        UPDATE_CSUM16(hdr.ipv4.isValid(), hdr.ipv4.hdr_checksum,
                      IPV4_CHECKSUM_FIELDS(hdr.ipv4));

        UPDATE_CSUM16_WITH_PAYLOAD(meta.fix_l4_checksum && hdr.udp.isValid(), hdr.udp.checksum,
            L4_V6_CHECKSUM_FIELDS(hdr.ipv6, meta.l4_len, IP_PROTO_UDP,
                hdr.udp.src_port, hdr.udp.dst_port, hdr.udp.len));
        UPDATE_CSUM16_WITH_PAYLOAD(meta.fix_l4_checksum && hdr.tcp.isValid(), hdr.tcp.checksum,
            L4_V6_CHECKSUM_FIELDS(hdr.ipv6, meta.l4_len, IP_PROTO_TCP,
                hdr.tcp.src_port, hdr.tcp.dst_port, hdr.tcp.seq_no, hdr.tcp.ack_no,
                hdr.tcp.data_offset, hdr.tcp.res, hdr.tcp.flags, hdr.tcp.window,
                hdr.tcp.urgent_ptr));
        UPDATE_CSUM16_WITH_PAYLOAD(meta.fix_l4_checksum && hdr.icmpv6.isValid(),
            hdr.icmpv6.checksum,
            L4_V6_CHECKSUM_FIELDS(hdr.ipv6, meta.l4_len, IP_PROTO_ICMPV6,
                hdr.icmpv6.icmp_type, hdr.icmpv6.code));
    }
}

#endif  // SSA_FABRIC_V1MODEL_CHECKSUM_P4
