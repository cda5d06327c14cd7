/*
 * header.p4: packet headers, the controller headers, and the metadata the controls share.
 *
 * Field names are snake_case; the P4Info shows the controller headers' field names, so
 * they are part of the controller contract (docs/dataplane.md, "Packet I/O").
 */
#ifndef SSA_FABRIC_HEADER_P4
#define SSA_FABRIC_HEADER_P4

#include "define.p4"

// ---------------------------------------------------------------------------------------
// Controller headers (P4Runtime PacketOut / PacketIn metadata).
// ---------------------------------------------------------------------------------------

// Prepended by the controller to every PacketOut: the packet leaves on egress_port as it
// is, with nothing else applied.
@controller_header("packet_out")
@id(1)
header packet_out_t {
    port_num_t egress_port;
    @padding bit<7> _pad0;
}

// Prepended to every packet sent to the CPU port. `reason` is a PUNT_* value; `mtu` is set
// for the MSLB tunnel-MTU punts: the largest inner packet (bytes of its IP header and
// payload) that fits the tunnel, i.e. the value for the ICMPv6 Packet Too Big MTU field or
// the ICMP "fragmentation needed" next-hop MTU (wire §4). 0 for other reasons.
@controller_header("packet_in")
@id(2)
header packet_in_t {
    port_num_t    ingress_port;
    @padding bit<7> _pad0;
    punt_reason_t reason;
    bit<16>       mtu;
}

// ---------------------------------------------------------------------------------------
// Packet headers.
// ---------------------------------------------------------------------------------------

header ethernet_t {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

// Options (IHL > 5) are not supported: the parser rejects them (drop reason
// DROP_PARSER_BAD_IPV4_IHL), so that every IPv4 header this switch writes has a checksum
// over exactly these 20 bytes (wire §5).
header ipv4_t {
    bit<4>      version;
    bit<4>      ihl;
    bit<6>      dscp;
    bit<2>      ecn;
    bit<16>     total_len;
    bit<16>     identification;
    bit<3>      flags;
    bit<13>     frag_offset;
    bit<8>      ttl;
    bit<8>      protocol;
    bit<16>     hdr_checksum;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
}

header ipv6_t {
    bit<4>      version;
    bit<8>      traffic_class;
    bit<20>     flow_label;
    bit<16>     payload_len;
    bit<8>      next_header;
    bit<8>      hop_limit;
    ipv6_addr_t src_addr;
    ipv6_addr_t dst_addr;
}

// The fixed part of an IPv6 Destination Options header and the type/length of its first
// option. With the ROSA option that option is the only one (wire §1).
header dest_opts_t {
    bit<8> next_header;
    bit<8> hdr_ext_len;
    bit<8> opt_type;
    bit<8> opt_len;
}

// ROSA option data, offsets 0..11: common to every message type (wire §1).
header rosa_t {
    bit<8>  msg_type;
    bit<8>  flags;
    bit<16> port;        // client transport port (REQUEST, RESPONSE) or weight (ANNOUNCE, WITHDRAW)
    bit<64> service_id;
}

// ROSA option data, offsets 12..43: REQUEST and RESPONSE (wire §1).
header rosa_request_t {
    ipv6_addr_t client;
    ipv6_addr_t ingress;  // the client's ingress SAR
}

// ROSA option data, offsets 44..59: RESPONSE only (wire §1).
header rosa_response_t {
    ipv6_addr_t instance;
}

// ROSA option data, offsets 12..51: ANNOUNCE and WITHDRAW (wire §1).
header rosa_announce_t {
    ipv6_addr_t instance;
    bit<32>     metric;
    bit<32>     sequence;
    bit<128>    auth_tag;
}

header tcp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> seq_no;
    bit<32> ack_no;
    bit<4>  data_offset;
    bit<4>  res;
    bit<8>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent_ptr;
}

header udp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<16> len;
    bit<16> checksum;
}

// ICMP and ICMPv6 share their first four bytes; the rest stays in the payload.
header icmp_t {
    bit<8>  icmp_type;
    bit<8>  code;
    bit<16> checksum;
}

// Emission order is the deparser's (parser.p4): tun_* are outer headers this switch pushes
// (MSLB encapsulation, wire §4); inner_* are the inner headers of a received tunnel packet.
struct headers_t {
    packet_out_t    packet_out;
    packet_in_t     packet_in;
    ethernet_t      ethernet;
    ipv4_t          tun_ipv4;
    ipv6_t          tun_ipv6;
    ipv4_t          ipv4;
    ipv6_t          ipv6;
    dest_opts_t     dest_opts;
    rosa_t          rosa;
    rosa_request_t  rosa_request;
    rosa_response_t rosa_response;
    rosa_announce_t rosa_announce;
    tcp_t           tcp;
    udp_t           udp;
    icmp_t          icmp;
    icmp_t          icmpv6;
    ipv4_t          inner_ipv4;
    ipv6_t          inner_ipv6;
    tcp_t           inner_tcp;
    udp_t           inner_udp;
}

// ---------------------------------------------------------------------------------------
// Metadata.
// ---------------------------------------------------------------------------------------

// Lookup fields derived from the parsed headers (control/lookup.p4).
struct lookup_metadata_t {
    bit<8>  ip_proto;    // upper-layer protocol: after the Destination Options header if any
    bit<16> l4_sport;    // TCP/UDP ports, 0 otherwise
    bit<16> l4_dport;
    bit<8>  icmp_type;   // ICMP or ICMPv6 type, 0 otherwise
}

struct local_metadata_t {
    port_num_t        ingress_port;
    port_num_t        egress_port;   // set by routing.next_hops or by a PacketOut
    bool              bypass;        // PacketOut: nothing else applies
    bool              drop;
    drop_reason_t     drop_reason;
    bool              punt;          // leave on CPU_PORT with a packet_in header
    punt_reason_t     punt_reason;
    bit<16>           punt_mtu;
    bool              demote;        // leave with the lowest queue priority (SSA, wire §2)
    bool              claimed;       // a feature control (SAR, SSA, MSLB) took the packet
    bool              has_next_hop;  // the next hop is known; skip the routing LPM
    next_hop_id_t     next_hop;
    bool              fix_l4_checksum;  // SAR rewrote IPv6 addresses (wire §1)
    bit<16>           l4_len;           // upper-layer length for the IPv6 pseudo-header
    lookup_metadata_t lkp;
}

#endif  // SSA_FABRIC_HEADER_P4
