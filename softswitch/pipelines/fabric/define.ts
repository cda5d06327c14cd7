/**
 * define.p4 in TypeScript: the numbers the data plane and the controller share. Wire numbers
 * come from IANA and wire.md (cited as "wire §N"); drop and punt reasons are the indexes of
 * the ingress.drops / ingress.punts counters and the `reason` of packet_in (docs/dataplane.md).
 * Keep every value equal to p4/include/define.p4.
 */

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;

export const IP_PROTO_ICMP = 1;
export const IP_PROTO_IPV4 = 4;
export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;
export const IP_PROTO_IPV6 = 41;
export const IP_PROTO_ICMPV6 = 58;
export const IP_PROTO_DEST_OPTS = 60;

export const IPV4_HEADER_BYTES = 20;
export const IPV6_HEADER_BYTES = 40;

export const TUNNEL_HOP_LIMIT = 64;
export const IPV4_FLAGS_DF = 0b010;

/** wire §1: the ROSA option type and message types. */
export const ROSA_OPTION_TYPE = 0x1e;
export const ROSA_MSG_ANNOUNCE = 1;
export const ROSA_MSG_REQUEST = 2;
export const ROSA_MSG_RESPONSE = 3;
export const ROSA_MSG_WITHDRAW = 4;
export const ROSA_REQUEST_OPT_LEN = 44;
export const ROSA_REQUEST_EXT_LEN = 5;
export const ROSA_RESPONSE_OPT_LEN = 60;
export const ROSA_RESPONSE_EXT_LEN = 7;
export const ROSA_ANNOUNCE_OPT_LEN = 52;
export const ROSA_ANNOUNCE_EXT_LEN = 6;
export const ROSA_REQUEST_HDR_BYTES = 48;
export const ROSA_RESPONSE_HDR_BYTES = 64;
export const ROSA_ANNOUNCE_HDR_BYTES = 56;

/** wire §2: the SSA rules, as the ssa.rule_* actions set them (internal to the switch). */
export const SSA_RULE_ANY = 0;
export const SSA_RULE_IDENTITY = 1;
export const SSA_RULE_HASH = 2;
export const SSA_RULE_TIME_HOP = 3;
export const SSA_RULE_CONTENT = 4;

/** wire §1: the `mode` parameter of sar.set_service. */
export const SAR_MODE_RANDOM = 0;
export const SAR_MODE_ROUND_ROBIN = 1;
export const SAR_MODE_WEIGHTED = 2;
export const SAR_MODE_LOWEST_METRIC = 3;
export const SAR_MODE_FLOW_HASH = 4;

/** The `reason` of packet_in and the index of ingress.punts. */
export const Punt = {
  NONE: 0,
  ACL: 1,
  ROSA_ANNOUNCE: 2,
  ROSA_WITHDRAW: 3,
  MSLB_PACKET_TOO_BIG: 4,
  MSLB_FRAG_NEEDED: 5,
  MSLB_TOO_BIG_NO_DF: 6,
} as const;

/** The index of ingress.drops. */
export const Drop = {
  NONE: 0,
  PARSER_PACKET_TOO_SHORT: 1,
  PARSER_NO_MATCH: 2,
  PARSER_BAD_IP_VERSION: 3,
  PARSER_BAD_IPV4_IHL: 4,
  PARSER_BAD_ROSA_OPTION: 5,
  PARSER_OTHER: 6,
  IPV4_CHECKSUM: 7,
  ACL: 8,
  NOT_IP: 9,
  NO_ROUTE: 10,
  NEXT_HOP_MISS: 11,
  TTL_EXPIRED: 12,
  SSA_NO_SLICE: 13,
  SSA_NON_CONFORMING: 14,
  SAR_NOT_ROSA: 15,
  SAR_FIB_MISS: 16,
  SAR_NO_MEMBERS: 17,
  SAR_NHIB_MISS: 18,
  MSLB_NO_BACKEND: 19,
  MSLB_FAMILY_MISMATCH: 20,
  MSLB_NOT_TUNNEL: 21,
} as const;

/** size.p4: sizes the controls test indexes against. */
export const SSA_SERVICES = 4096;
export const SAR_SERVICES = 16384;
export const DROP_REASONS = 64;
export const PUNT_REASONS = 16;
