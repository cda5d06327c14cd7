/*
 * define.p4: constants shared by every control and every architecture.
 *
 * Numbers on the wire come from the IANA registries and from the project's wire contract
 * (wire.md, cited by section as "wire §1" throughout p4/). Numbers that only
 * the controller and the switch share (drop and punt reasons, SAR scheduling modes) are
 * listed in docs/dataplane.md; the reference model and the controller take them from
 * there, so change them only together.
 */
#ifndef SSA_FABRIC_DEFINE_P4
#define SSA_FABRIC_DEFINE_P4

// CPU_PORT (the port P4Runtime PacketIn / PacketOut use) and the queue choices of demoted
// packets are the architecture's: v1model/arch.p4 (bmv2's --cpu-port, 510) and tna/arch.p4
// (the Tofino PCIe CPU port). The entry includes its arch.p4 before this file.
#ifndef CPU_PORT
#error "CPU_PORT is defined by the architecture's arch.p4, included before define.p4"
#endif

typedef bit<9>   port_num_t;
typedef bit<48>  mac_addr_t;
typedef bit<32>  ipv4_addr_t;
typedef bit<128> ipv6_addr_t;
typedef bit<16>  next_hop_id_t;
typedef bit<8>   drop_reason_t;
typedef bit<8>   punt_reason_t;

// EtherTypes.
const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_IPV6 = 0x86DD;

// IP protocol / IPv6 next header numbers.
const bit<8> IP_PROTO_ICMP      = 1;
const bit<8> IP_PROTO_IPV4      = 4;   // IPv4 in IP (4in4, 4in6; wire §4)
const bit<8> IP_PROTO_TCP       = 6;
const bit<8> IP_PROTO_UDP       = 17;
const bit<8> IP_PROTO_IPV6      = 41;  // IPv6 in IP (6in6, 6in4; wire §4)
const bit<8> IP_PROTO_ICMPV6    = 58;
const bit<8> IP_PROTO_DEST_OPTS = 60;  // IPv6 Destination Options (wire §1)

// Header lengths in bytes.
const bit<16> IPV4_HEADER_BYTES = 20;
const bit<16> IPV6_HEADER_BYTES = 40;

// Outer headers pushed by this switch (wire §4).
const bit<8> TUNNEL_HOP_LIMIT = 64;
const bit<3> IPV4_FLAGS_DF    = 0b010;

// ROSA option (wire §1): option type and message types.
const bit<8> ROSA_OPTION_TYPE  = 0x1E;
const bit<8> ROSA_MSG_ANNOUNCE = 1;
const bit<8> ROSA_MSG_REQUEST  = 2;
const bit<8> ROSA_MSG_RESPONSE = 3;
const bit<8> ROSA_MSG_WITHDRAW = 4;
// Option data length and Hdr Ext Len of each message type (wire §1).
const bit<8> ROSA_REQUEST_OPT_LEN    = 44;
const bit<8> ROSA_REQUEST_EXT_LEN    = 5;
const bit<8> ROSA_RESPONSE_OPT_LEN   = 60;
const bit<8> ROSA_RESPONSE_EXT_LEN   = 7;
const bit<8> ROSA_ANNOUNCE_OPT_LEN   = 52;
const bit<8> ROSA_ANNOUNCE_EXT_LEN   = 6;
// Bytes of the whole Destination Options header: (Hdr Ext Len + 1) * 8.
const bit<16> ROSA_REQUEST_HDR_BYTES  = 48;
const bit<16> ROSA_RESPONSE_HDR_BYTES = 64;
const bit<16> ROSA_ANNOUNCE_HDR_BYTES = 56;

// SSA rules (wire §2), set by the ssa.rule_* actions; internal to the switch.
const bit<3> SSA_RULE_ANY       = 0;
const bit<3> SSA_RULE_IDENTITY  = 1;  // source-bound-identity
const bit<3> SSA_RULE_HASH      = 2;  // source-bound-hash
const bit<3> SSA_RULE_TIME_HOP  = 3;
const bit<3> SSA_RULE_CONTENT   = 4;

// SAR scheduling modes (wire §1), the `mode` parameter of sar.set_service.
const bit<8> SAR_MODE_RANDOM        = 0;
const bit<8> SAR_MODE_ROUND_ROBIN   = 1;
const bit<8> SAR_MODE_WEIGHTED      = 2;  // controller replicates members by weight
const bit<8> SAR_MODE_LOWEST_METRIC = 3;  // controller puts the best member in slot 0
const bit<8> SAR_MODE_FLOW_HASH     = 4;

// Punt reasons: the `reason` field of the packet_in header.
const punt_reason_t PUNT_NONE               = 0;  // sent to the CPU port by a next hop
const punt_reason_t PUNT_ACL                = 1;  // acl.punt
const punt_reason_t PUNT_ROSA_ANNOUNCE      = 2;  // wire §1
const punt_reason_t PUNT_ROSA_WITHDRAW      = 3;  // wire §1
const punt_reason_t PUNT_MSLB_PACKET_TOO_BIG = 4; // wire §4: IPv6 inner, answer ICMPv6 Packet Too Big
const punt_reason_t PUNT_MSLB_FRAG_NEEDED   = 5;  // wire §4: IPv4 inner with DF, answer ICMP frag needed
const punt_reason_t PUNT_MSLB_TOO_BIG_NO_DF = 6;  // wire §4: IPv4 inner without DF (controller fragments or drops)

// Drop reasons: the index into the `drops` counter.
const drop_reason_t DROP_NONE                 = 0;
const drop_reason_t DROP_PARSER_PACKET_TOO_SHORT = 1;  // truncated header
const drop_reason_t DROP_PARSER_NO_MATCH      = 2;
const drop_reason_t DROP_PARSER_BAD_IP_VERSION = 3;
const drop_reason_t DROP_PARSER_BAD_IPV4_IHL  = 4;   // IPv4 options are not supported
const drop_reason_t DROP_PARSER_BAD_ROSA_OPTION = 5; // wire §1 lengths violated
const drop_reason_t DROP_PARSER_OTHER         = 6;   // any other parser error
const drop_reason_t DROP_IPV4_CHECKSUM        = 7;
const drop_reason_t DROP_ACL                  = 8;
const drop_reason_t DROP_NOT_IP               = 9;
const drop_reason_t DROP_NO_ROUTE             = 10;
const drop_reason_t DROP_NEXT_HOP_MISS        = 11;
const drop_reason_t DROP_TTL_EXPIRED          = 12;  // wire §5
const drop_reason_t DROP_SSA_NO_SLICE         = 13;
const drop_reason_t DROP_SSA_NON_CONFORMING   = 14;  // wire §2
const drop_reason_t DROP_SAR_NOT_ROSA         = 15;  // wire §1: anything else to the SAR
const drop_reason_t DROP_SAR_FIB_MISS         = 16;  // wire §1: no gateway
const drop_reason_t DROP_SAR_NO_MEMBERS       = 17;
const drop_reason_t DROP_SAR_NHIB_MISS        = 18;
const drop_reason_t DROP_MSLB_NO_BACKEND      = 19;
const drop_reason_t DROP_MSLB_FAMILY_MISMATCH = 20;
const drop_reason_t DROP_MSLB_NOT_TUNNEL      = 21;

#endif  // SSA_FABRIC_DEFINE_P4
