/*
 * parser.p4: the parser and deparser every architecture shares.
 *
 * The architecture's own parser calls FabricParser as a sub-parser with the ingress port.
 * Malformed or truncated headers end parsing with an error (wire §5); the architecture
 * hands that error to the ingress, which drops and counts the packet by error.
 *
 * Per-architecture hooks (defined by v1model/arch.p4 and tna/arch.p4):
 *   PARSER_VERIFY(cond, err)   v1model: verify(); TNA: nothing, since Tofino's parser has no
 *                              user errors: the TNA ingress applies FabricParserChecks below,
 *                              which tests the same conditions on the extracted headers.
 *   FABRIC_PARSER_ARCH_PARAMS  extra parameters after ingress_port (TNA: the IPv4 checksum
 *                              result), FABRIC_PARSER_ARCH_DECLS the parser's externs (TNA:
 *                              a Checksum), FABRIC_PARSER_ARCH_START their initialisation,
 *   PARSER_IPV4_CHECKSUM(ip)   the IPv4 header checksum, in the state that extracts it: a
 *                              Tofino parser checksum unit only sees the bytes being parsed.
 */
#ifndef SSA_FABRIC_PARSER_P4
#define SSA_FABRIC_PARSER_P4

#include "header.p4"

error {
    BadIpVersion,   // the IP version field disagrees with the EtherType / next header
    BadIpv4Ihl,     // IHL != 5: options are not supported, less than 5 is malformed
    BadRosaOption   // a ROSA option whose lengths break wire §1
}

parser FabricParser(packet_in packet, out headers_t hdr,
                    in port_num_t ingress_port FABRIC_PARSER_ARCH_PARAMS) {
    FABRIC_PARSER_ARCH_DECLS

    state start {
        FABRIC_PARSER_ARCH_START
        transition select(ingress_port) {
            CPU_PORT: parse_packet_out;
            default:  parse_ethernet;
        }
    }

    // A PacketOut: the rest is sent as it is (control/packet_io.p4).
    state parse_packet_out {
        packet.extract(hdr.packet_out);
        transition accept;
    }

    state parse_ethernet {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default:        accept;
        }
    }

    // Non-first fragments carry no upper-layer header.
    state parse_ipv4 {
        packet.extract(hdr.ipv4);
        PARSER_IPV4_CHECKSUM(hdr.ipv4)
        PARSER_VERIFY(hdr.ipv4.version == 4, error.BadIpVersion);
        PARSER_VERIFY(hdr.ipv4.ihl == 5, error.BadIpv4Ihl);
        transition select(hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (0, IP_PROTO_TCP):  parse_tcp;
            (0, IP_PROTO_UDP):  parse_udp;
            (0, IP_PROTO_ICMP): parse_icmp;
            (0, IP_PROTO_IPV4): parse_inner_ipv4;
            (0, IP_PROTO_IPV6): parse_inner_ipv6;
            default:            accept;
        }
    }

    state parse_ipv6 {
        packet.extract(hdr.ipv6);
        PARSER_VERIFY(hdr.ipv6.version == 6, error.BadIpVersion);
        transition select(hdr.ipv6.next_header) {
            IP_PROTO_TCP:       parse_tcp;
            IP_PROTO_UDP:       parse_udp;
            IP_PROTO_ICMPV6:    parse_icmpv6;
            IP_PROTO_DEST_OPTS: parse_dest_opts;
            IP_PROTO_IPV4:      parse_inner_ipv4;
            IP_PROTO_IPV6:      parse_inner_ipv6;
            default:            accept;
        }
    }

    // wire §1: the ROSA option is the only option of a Destination Options header placed
    // directly after the IPv6 header. Destination Options without it are left unparsed
    // (the packet is routed on its IPv6 header alone).
    state parse_dest_opts {
        packet.extract(hdr.dest_opts);
        transition select(hdr.dest_opts.opt_type) {
            ROSA_OPTION_TYPE: parse_rosa;
            default:          accept;
        }
    }

    // Each message type has one option length and one Hdr Ext Len (wire §1); anything else
    // is malformed.
    state parse_rosa {
        packet.extract(hdr.rosa);
        transition select(hdr.rosa.msg_type, hdr.dest_opts.hdr_ext_len, hdr.dest_opts.opt_len) {
            (ROSA_MSG_REQUEST, ROSA_REQUEST_EXT_LEN, ROSA_REQUEST_OPT_LEN):     parse_rosa_request;
            (ROSA_MSG_RESPONSE, ROSA_RESPONSE_EXT_LEN, ROSA_RESPONSE_OPT_LEN):  parse_rosa_response;
            (ROSA_MSG_ANNOUNCE, ROSA_ANNOUNCE_EXT_LEN, ROSA_ANNOUNCE_OPT_LEN):  parse_rosa_announce;
            (ROSA_MSG_WITHDRAW, ROSA_ANNOUNCE_EXT_LEN, ROSA_ANNOUNCE_OPT_LEN):  parse_rosa_announce;
            default:                                                            bad_rosa_option;
        }
    }

    state bad_rosa_option {
        PARSER_VERIFY(false, error.BadRosaOption);
        transition accept;
    }

    state parse_rosa_request {
        packet.extract(hdr.rosa_request);
        PARSER_VERIFY(hdr.ipv6.payload_len >= ROSA_REQUEST_HDR_BYTES, error.BadRosaOption);
        transition parse_rosa_upper_layer;
    }

    state parse_rosa_response {
        packet.extract(hdr.rosa_request);
        packet.extract(hdr.rosa_response);
        PARSER_VERIFY(hdr.ipv6.payload_len >= ROSA_RESPONSE_HDR_BYTES, error.BadRosaOption);
        transition parse_rosa_upper_layer;
    }

    state parse_rosa_announce {
        packet.extract(hdr.rosa_announce);
        PARSER_VERIFY(hdr.ipv6.payload_len >= ROSA_ANNOUNCE_HDR_BYTES, error.BadRosaOption);
        transition parse_rosa_upper_layer;
    }

    state parse_rosa_upper_layer {
        transition select(hdr.dest_opts.next_header) {
            IP_PROTO_TCP:    parse_tcp;
            IP_PROTO_UDP:    parse_udp;
            IP_PROTO_ICMPV6: parse_icmpv6;
            default:         accept;
        }
    }

    state parse_tcp {
        packet.extract(hdr.tcp);
        transition accept;
    }

    state parse_udp {
        packet.extract(hdr.udp);
        transition accept;
    }

    state parse_icmp {
        packet.extract(hdr.icmp);
        transition accept;
    }

    state parse_icmpv6 {
        packet.extract(hdr.icmpv6);
        transition accept;
    }

    // Inner headers of 4in4, 6in4, 4in6 and 6in6 (wire §4), with their TCP/UDP ports so
    // that a decapsulated packet hashes like any other.
    state parse_inner_ipv4 {
        packet.extract(hdr.inner_ipv4);
        PARSER_VERIFY(hdr.inner_ipv4.version == 4, error.BadIpVersion);
        PARSER_VERIFY(hdr.inner_ipv4.ihl == 5, error.BadIpv4Ihl);
        transition select(hdr.inner_ipv4.frag_offset, hdr.inner_ipv4.protocol) {
            (0, IP_PROTO_TCP): parse_inner_tcp;
            (0, IP_PROTO_UDP): parse_inner_udp;
            default:           accept;
        }
    }

    state parse_inner_ipv6 {
        packet.extract(hdr.inner_ipv6);
        PARSER_VERIFY(hdr.inner_ipv6.version == 6, error.BadIpVersion);
        transition select(hdr.inner_ipv6.next_header) {
            IP_PROTO_TCP: parse_inner_tcp;
            IP_PROTO_UDP: parse_inner_udp;
            default:      accept;
        }
    }

    state parse_inner_tcp {
        packet.extract(hdr.inner_tcp);
        transition accept;
    }

    state parse_inner_udp {
        packet.extract(hdr.inner_udp);
        transition accept;
    }
}

// The checks of every PARSER_VERIFY above, made on the extracted headers, for an
// architecture whose parser cannot raise its own errors (TNA). Only a header the parser
// reached is tested, in parse order, so the first failed check is the one v1model's
// verify() would have stopped at. Keep it in step with the parser.
control FabricParserChecks(in headers_t hdr, out drop_reason_t reason) {
    apply {
        reason = DROP_NONE;
        if (hdr.ipv4.isValid() && hdr.ipv4.version != 4) {
            reason = DROP_PARSER_BAD_IP_VERSION;
        } else if (hdr.ipv4.isValid() && hdr.ipv4.ihl != 5) {
            reason = DROP_PARSER_BAD_IPV4_IHL;
        } else if (hdr.ipv6.isValid() && hdr.ipv6.version != 6) {
            reason = DROP_PARSER_BAD_IP_VERSION;
        } else if (hdr.rosa.isValid() && !hdr.rosa_request.isValid()
                   && !hdr.rosa_announce.isValid()) {
            reason = DROP_PARSER_BAD_ROSA_OPTION;      // state bad_rosa_option
        } else if (hdr.rosa_response.isValid()
                   && hdr.ipv6.payload_len < ROSA_RESPONSE_HDR_BYTES) {
            reason = DROP_PARSER_BAD_ROSA_OPTION;
        } else if (hdr.rosa_request.isValid() && !hdr.rosa_response.isValid()
                   && hdr.ipv6.payload_len < ROSA_REQUEST_HDR_BYTES) {
            reason = DROP_PARSER_BAD_ROSA_OPTION;
        } else if (hdr.rosa_announce.isValid()
                   && hdr.ipv6.payload_len < ROSA_ANNOUNCE_HDR_BYTES) {
            reason = DROP_PARSER_BAD_ROSA_OPTION;
        } else if (hdr.inner_ipv4.isValid() && hdr.inner_ipv4.version != 4) {
            reason = DROP_PARSER_BAD_IP_VERSION;
        } else if (hdr.inner_ipv4.isValid() && hdr.inner_ipv4.ihl != 5) {
            reason = DROP_PARSER_BAD_IPV4_IHL;
        } else if (hdr.inner_ipv6.isValid() && hdr.inner_ipv6.version != 6) {
            reason = DROP_PARSER_BAD_IP_VERSION;
        }
    }
}

// Headers are emitted in this order; invalid ones are skipped. A pushed outer header
// (tun_*) precedes the packet's own IP header, which precedes a received tunnel's inner one.
control FabricDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.packet_in);
        packet.emit(hdr.ethernet);
        packet.emit(hdr.tun_ipv4);
        packet.emit(hdr.tun_ipv6);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.ipv6);
        packet.emit(hdr.dest_opts);
        packet.emit(hdr.rosa);
        packet.emit(hdr.rosa_request);
        packet.emit(hdr.rosa_response);
        packet.emit(hdr.rosa_announce);
        packet.emit(hdr.tcp);
        packet.emit(hdr.udp);
        packet.emit(hdr.icmp);
        packet.emit(hdr.icmpv6);
        packet.emit(hdr.inner_ipv4);
        packet.emit(hdr.inner_ipv6);
        packet.emit(hdr.inner_tcp);
        packet.emit(hdr.inner_udp);
    }
}

#endif  // SSA_FABRIC_PARSER_P4
