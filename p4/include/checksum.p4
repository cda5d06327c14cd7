/*
 * checksum.p4: which checksums this program verifies and writes, over which fields.
 *
 * The field lists are the contract every architecture computes over:
 *   - verified: the IPv4 header the switch routes on (`ipv4`); a mismatch drops the packet
 *     (DROP_IPV4_CHECKSUM). The inner header of a tunnel packet is not verified; it gets a
 *     fresh checksum when this switch decapsulates it;
 *   - written (wire §5): `tun_ipv4` and `ipv4` whenever valid;
 *   - written after a SAR rewrite only (wire §1): UDP, TCP or ICMPv6 over the IPv6
 *     pseudo-header with the new addresses; MSLB never touches transport checksums.
 * Where they are computed is the architecture's: v1model's verify / compute checksum stages
 * (v1model/checksum.p4); TNA's parser and deparser Checksum externs (tna/main.p4), the L4
 * one updated incrementally there since a Tofino deparser cannot sum a payload.
 */
#ifndef SSA_FABRIC_CHECKSUM_P4
#define SSA_FABRIC_CHECKSUM_P4

#include "header.p4"

// The 20-byte IPv4 header without its checksum field.
#define IPV4_CHECKSUM_FIELDS(ip) { \
    ip.version, ip.ihl, ip.dscp, ip.ecn, ip.total_len, ip.identification, ip.flags, \
    ip.frag_offset, ip.ttl, ip.protocol, ip.src_addr, ip.dst_addr }

// The IPv6 pseudo-header (RFC 8200 §8.1) followed by an upper-layer header without its
// checksum field; the payload that follows is summed by the *_WITH_PAYLOAD macro.
#define L4_V6_CHECKSUM_FIELDS(ip6, len, proto, ...) { \
    ip6.src_addr, ip6.dst_addr, 16w0, len, 24w0, proto, __VA_ARGS__ }

#endif  // SSA_FABRIC_CHECKSUM_P4
