/**
 * The numbers the packet tests expect of the data plane, copied from docs/dataplane.md (the
 * controller contract), not imported from the switch's code, so that a change on either side
 * shows up as a failing test.
 */

/** `packet_in.reason` and the index of `ingress.punts`. */
export const Punt = {
  NONE: 0,
  ACL: 1,
  ROSA_ANNOUNCE: 2,
  ROSA_WITHDRAW: 3,
  MSLB_PACKET_TOO_BIG: 4,
  MSLB_FRAG_NEEDED: 5,
  MSLB_TOO_BIG_NO_DF: 6,
} as const;

/** The index of `ingress.drops`. */
export const Drop = {
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

/** The `mode` parameter of sar.set_service (wire §1). */
export const SarMode = {
  RANDOM: 0,
  ROUND_ROBIN: 1,
  WEIGHTED: 2,
  LOWEST_METRIC: 3,
  FLOW_HASH: 4,
} as const;

/** The CPU port the program is compiled with (bmv2 --cpu-port). */
export const CPU_PORT = 510;
