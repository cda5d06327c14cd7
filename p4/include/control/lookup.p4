/*
 * lookup.p4: the lookup fields (meta.lkp) derived from the parsed headers, and the flow
 * hash over them.
 */
#ifndef SSA_FABRIC_LOOKUP_P4
#define SSA_FABRIC_LOOKUP_P4

#include "../header.p4"

// The flow of an IPv6 / IPv4 packet, the input of every flow hash (SAR flow-hash
// scheduling, MSLB buckets, the outer IPv6 flow label): source, destination, upper-layer
// protocol, TCP/UDP ports (0 for other protocols). CRC32 over these bytes in this order:
// 16+16+1+2+2 = 37 bytes for IPv6, 4+4+1+2+2 = 13 bytes for IPv4.
#define FLOW_FIELDS_V6(hdr, meta) { \
    hdr.ipv6.src_addr, hdr.ipv6.dst_addr, meta.lkp.ip_proto, meta.lkp.l4_sport, meta.lkp.l4_dport }
#define FLOW_FIELDS_V4(hdr, meta) { \
    hdr.ipv4.src_addr, hdr.ipv4.dst_addr, meta.lkp.ip_proto, meta.lkp.l4_sport, meta.lkp.l4_dport }

// ip_proto is the protocol after the IP header, or after the Destination Options header
// when there is one; ports and ICMP type are 0 when their header is absent.
control Lookup(in headers_t hdr, inout local_metadata_t meta) {
    apply {
        meta.lkp.ip_proto = 0;
        meta.lkp.l4_sport = 0;
        meta.lkp.l4_dport = 0;
        meta.lkp.icmp_type = 0;

        if (hdr.ipv4.isValid()) {
            meta.lkp.ip_proto = hdr.ipv4.protocol;
        } else if (hdr.dest_opts.isValid()) {
            meta.lkp.ip_proto = hdr.dest_opts.next_header;
        } else if (hdr.ipv6.isValid()) {
            meta.lkp.ip_proto = hdr.ipv6.next_header;
        }

        if (hdr.tcp.isValid()) {
            meta.lkp.l4_sport = hdr.tcp.src_port;
            meta.lkp.l4_dport = hdr.tcp.dst_port;
        } else if (hdr.udp.isValid()) {
            meta.lkp.l4_sport = hdr.udp.src_port;
            meta.lkp.l4_dport = hdr.udp.dst_port;
        } else if (hdr.icmp.isValid()) {
            meta.lkp.icmp_type = hdr.icmp.icmp_type;
        } else if (hdr.icmpv6.isValid()) {
            meta.lkp.icmp_type = hdr.icmpv6.icmp_type;
        }
    }
}

// The 32-bit flow hash of the packet's IPv6 or IPv4 header (0 when it has neither).
control FlowHash(in headers_t hdr, in local_metadata_t meta, out bit<32> flow_hash) {
    CRC32_HASHER(hash_v6)
    CRC32_HASHER(hash_v4)

    apply {
        flow_hash = 0;
        if (hdr.ipv6.isValid()) {
            CRC32(hash_v6, flow_hash, FLOW_FIELDS_V6(hdr, meta));
        } else if (hdr.ipv4.isValid()) {
            CRC32(hash_v4, flow_hash, FLOW_FIELDS_V4(hdr, meta));
        }
    }
}

#endif  // SSA_FABRIC_LOOKUP_P4
