/*
 * mslb_encap.p4: pushes the outer header of an MSLB tunnel (wire §4): 6in6, 4in6 (outer
 * IPv6, next header 41 / 4) or 4in4, 6in4 (outer IPv4, protocol 4 / 41). Outer hop limit /
 * TTL 64, traffic class copied from the inner header, IPv6 flow label = the low 20 bits of
 * the inner flow hash; the outer IPv4 header has DF set (this switch never fragments),
 * identification 0, and its checksum is written by the checksum control. The inner packet
 * is not changed here.
 */
#ifndef SSA_FABRIC_MSLB_ENCAP_P4
#define SSA_FABRIC_MSLB_ENCAP_P4

#include "../header.p4"

control MslbEncap(inout headers_t hdr,
                  in bool outer_is_v6,
                  in ipv6_addr_t src_v6, in ipv6_addr_t dst_v6,
                  in ipv4_addr_t src_v4, in ipv4_addr_t dst_v4,
                  in bit<32> flow_hash) {
    apply {
        // The inner packet: its length (IP header and payload), protocol number and
        // traffic class.
        bit<16> inner_len = 0;
        bit<8>  inner_proto = 0;
        bit<8>  traffic_class = 0;
        if (hdr.ipv6.isValid()) {
            inner_len = hdr.ipv6.payload_len + IPV6_HEADER_BYTES;
            inner_proto = IP_PROTO_IPV6;
            traffic_class = hdr.ipv6.traffic_class;
        } else if (hdr.ipv4.isValid()) {
            inner_len = hdr.ipv4.total_len;
            inner_proto = IP_PROTO_IPV4;
            traffic_class = hdr.ipv4.dscp ++ hdr.ipv4.ecn;
        }

        if (outer_is_v6) {
            hdr.tun_ipv6.setValid();
            hdr.tun_ipv6.version = 6;
            hdr.tun_ipv6.traffic_class = traffic_class;
            hdr.tun_ipv6.flow_label = flow_hash[19:0];
            hdr.tun_ipv6.payload_len = inner_len;
            hdr.tun_ipv6.next_header = inner_proto;
            hdr.tun_ipv6.hop_limit = TUNNEL_HOP_LIMIT;
            hdr.tun_ipv6.src_addr = src_v6;
            hdr.tun_ipv6.dst_addr = dst_v6;
        } else {
            hdr.tun_ipv4.setValid();
            hdr.tun_ipv4.version = 4;
            hdr.tun_ipv4.ihl = 5;
            hdr.tun_ipv4.dscp = traffic_class[7:2];
            hdr.tun_ipv4.ecn = traffic_class[1:0];
            hdr.tun_ipv4.total_len = inner_len + IPV4_HEADER_BYTES;
            hdr.tun_ipv4.identification = 0;
            hdr.tun_ipv4.flags = IPV4_FLAGS_DF;
            hdr.tun_ipv4.frag_offset = 0;
            hdr.tun_ipv4.ttl = TUNNEL_HOP_LIMIT;
            hdr.tun_ipv4.protocol = inner_proto;
            hdr.tun_ipv4.hdr_checksum = 0;
            hdr.tun_ipv4.src_addr = src_v4;
            hdr.tun_ipv4.dst_addr = dst_v4;
        }
    }
}

#endif  // SSA_FABRIC_MSLB_ENCAP_P4
