/*
 * mslb_f.p4: the MSLB-F step (wire §4). A packet to a service address IP_S fronted here
 * goes to one MSLB-B: the highest-priority source entry that matches its source, else the
 * bucket (flow hash & bucket_mask) of the service. Translation mode sets dst := IP_B (the
 * IPv4 header checksum is rewritten, the transport checksum is not); encapsulation mode
 * pushes an outer header towards IP_B, unless the result would exceed the tunnel MTU: then
 * the packet is punted, unchanged, with the MTU left for the inner packet, so that the
 * controller answers with ICMPv6 Packet Too Big / ICMP fragmentation needed.
 */
#ifndef SSA_FABRIC_MSLB_F_P4
#define SSA_FABRIC_MSLB_F_P4

#include "../header.p4"
#include "lookup.p4"
#include "mslb_encap.p4"

control MslbF(inout headers_t hdr, inout local_metadata_t meta, out bool hit) {

    @id(32) @name(".mslb.f_services_v6_counter")
    DIRECT_COUNTER(f_services_v6_counter);
    @id(33) @name(".mslb.f_services_v4_counter")
    DIRECT_COUNTER(f_services_v4_counter);
    @id(34) @name(".mslb.f_sources_v6_counter")
    DIRECT_COUNTER(f_sources_v6_counter);
    @id(35) @name(".mslb.f_sources_v4_counter")
    DIRECT_COUNTER(f_sources_v4_counter);
    @id(36) @name(".mslb.f_buckets_counter")
    DIRECT_COUNTER(f_buckets_counter);

    FlowHash() flow_hash;
    MslbEncap() push_outer;

    // The service.
    bit<16>     f_service = 0;
    bool        f_encap = false;
    bit<16>     f_bucket_mask = 0;
    bit<16>     f_tunnel_mtu = 0;
    ipv4_addr_t f_tunnel_src_v4 = 0;
    ipv6_addr_t f_tunnel_src_v6 = 0;
    // The flow and the chosen MSLB-B.
    bit<32>     f_flow_hash = 0;
    bit<16>     f_bucket = 0;
    bool        b_is_v6 = false;
    ipv6_addr_t b_v6 = 0;
    ipv4_addr_t b_v4 = 0;

    // ---- the service --------------------------------------------------------------------

    action remember_service(bit<16> service, bit<1> encap, bit<16> bucket_mask,
                            bit<16> tunnel_mtu, ipv4_addr_t tunnel_src_v4,
                            ipv6_addr_t tunnel_src_v6) {
        f_service = service;
        f_encap = encap == 1;
        f_bucket_mask = bucket_mask;
        f_tunnel_mtu = tunnel_mtu;
        f_tunnel_src_v4 = tunnel_src_v4;
        f_tunnel_src_v6 = tunnel_src_v6;
    }

    // `service`: the service's index in mslb.f_sources_* and mslb.f_buckets.
    // `encap`: 0 translates, 1 encapsulates. `bucket_mask`: number of buckets - 1 (a power
    // of two - 1). `tunnel_mtu`: the largest outer packet (IP header and payload) the
    // tunnel carries, 0 = no check. `tunnel_src_v4`, `tunnel_src_v6`: this F's tunnel
    // address of each outer family.
    @id(40) @name(".mslb.f_set_service_v6")
    action f_set_service_v6(bit<16> service, bit<1> encap, bit<16> bucket_mask,
                            bit<16> tunnel_mtu, ipv4_addr_t tunnel_src_v4,
                            ipv6_addr_t tunnel_src_v6) {
        remember_service(service, encap, bucket_mask, tunnel_mtu, tunnel_src_v4, tunnel_src_v6);
        DIRECT_COUNT(f_services_v6_counter);
    }

    @id(41) @name(".mslb.f_service_v6_miss")
    action f_service_v6_miss() {
        DIRECT_COUNT(f_services_v6_counter);
    }

    @id(32) @name(".mslb.f_services_v6")
    table f_services_v6 {
        key = {
            hdr.ipv6.dst_addr : exact @id(1) @name("ipv6_dst");
        }
        actions = {
            f_set_service_v6;
            @defaultonly f_service_v6_miss;
        }
        const default_action = f_service_v6_miss();
        counters = f_services_v6_counter;
        size = MSLB_SERVICES_TABLE_SIZE;
    }

    @id(42) @name(".mslb.f_set_service_v4")
    action f_set_service_v4(bit<16> service, bit<1> encap, bit<16> bucket_mask,
                            bit<16> tunnel_mtu, ipv4_addr_t tunnel_src_v4,
                            ipv6_addr_t tunnel_src_v6) {
        remember_service(service, encap, bucket_mask, tunnel_mtu, tunnel_src_v4, tunnel_src_v6);
        DIRECT_COUNT(f_services_v4_counter);
    }

    @id(43) @name(".mslb.f_service_v4_miss")
    action f_service_v4_miss() {
        DIRECT_COUNT(f_services_v4_counter);
    }

    @id(33) @name(".mslb.f_services_v4")
    table f_services_v4 {
        key = {
            hdr.ipv4.dst_addr : exact @id(1) @name("ipv4_dst");
        }
        actions = {
            f_set_service_v4;
            @defaultonly f_service_v4_miss;
        }
        const default_action = f_service_v4_miss();
        counters = f_services_v4_counter;
        size = MSLB_SERVICES_TABLE_SIZE;
    }

    // ---- the MSLB-B: by source (priority order), else by bucket ---------------------------

    action choose_b_v6(ipv6_addr_t b_addr) {
        b_is_v6 = true;
        b_v6 = b_addr;
    }

    action choose_b_v4(ipv4_addr_t b_addr) {
        b_is_v6 = false;
        b_v4 = b_addr;
    }

    @id(44) @name(".mslb.f_source_v6_to_b_v6")
    action f_source_v6_to_b_v6(ipv6_addr_t b_addr) {
        choose_b_v6(b_addr);
        DIRECT_COUNT(f_sources_v6_counter);
    }

    @id(45) @name(".mslb.f_source_v6_to_b_v4")
    action f_source_v6_to_b_v4(ipv4_addr_t b_addr) {
        choose_b_v4(b_addr);
        DIRECT_COUNT(f_sources_v6_counter);
    }

    @id(46) @name(".mslb.f_source_v6_miss")
    action f_source_v6_miss() {
        DIRECT_COUNT(f_sources_v6_counter);
    }

    @id(34) @name(".mslb.f_sources_v6")
    table f_sources_v6 {
        key = {
            f_service         : exact   @id(1) @name("service");
            hdr.ipv6.src_addr : ternary @id(2) @name("ipv6_src");
        }
        actions = {
            f_source_v6_to_b_v6;
            f_source_v6_to_b_v4;
            @defaultonly f_source_v6_miss;
        }
        const default_action = f_source_v6_miss();
        counters = f_sources_v6_counter;
        size = MSLB_SOURCES_TABLE_SIZE;
    }

    @id(47) @name(".mslb.f_source_v4_to_b_v6")
    action f_source_v4_to_b_v6(ipv6_addr_t b_addr) {
        choose_b_v6(b_addr);
        DIRECT_COUNT(f_sources_v4_counter);
    }

    @id(48) @name(".mslb.f_source_v4_to_b_v4")
    action f_source_v4_to_b_v4(ipv4_addr_t b_addr) {
        choose_b_v4(b_addr);
        DIRECT_COUNT(f_sources_v4_counter);
    }

    @id(49) @name(".mslb.f_source_v4_miss")
    action f_source_v4_miss() {
        DIRECT_COUNT(f_sources_v4_counter);
    }

    @id(35) @name(".mslb.f_sources_v4")
    table f_sources_v4 {
        key = {
            f_service         : exact   @id(1) @name("service");
            hdr.ipv4.src_addr : ternary @id(2) @name("ipv4_src");
        }
        actions = {
            f_source_v4_to_b_v6;
            f_source_v4_to_b_v4;
            @defaultonly f_source_v4_miss;
        }
        const default_action = f_source_v4_miss();
        counters = f_sources_v4_counter;
        size = MSLB_SOURCES_TABLE_SIZE;
    }

    @id(50) @name(".mslb.f_bucket_to_b_v6")
    action f_bucket_to_b_v6(ipv6_addr_t b_addr) {
        choose_b_v6(b_addr);
        DIRECT_COUNT(f_buckets_counter);
    }

    @id(51) @name(".mslb.f_bucket_to_b_v4")
    action f_bucket_to_b_v4(ipv4_addr_t b_addr) {
        choose_b_v4(b_addr);
        DIRECT_COUNT(f_buckets_counter);
    }

    @id(52) @name(".mslb.f_bucket_miss")
    action f_bucket_miss() {
        DIRECT_COUNT(f_buckets_counter);
    }

    @id(36) @name(".mslb.f_buckets")
    table f_buckets {
        key = {
            f_service : exact @id(1) @name("service");
            f_bucket  : exact @id(2) @name("bucket");
        }
        actions = {
            f_bucket_to_b_v6;
            f_bucket_to_b_v4;
            @defaultonly f_bucket_miss;
        }
        const default_action = f_bucket_miss();
        counters = f_buckets_counter;
        size = MSLB_BUCKETS_TABLE_SIZE;
    }

    // ---- apply ------------------------------------------------------------------------------

    apply {
        hit = false;
        bool chosen = false;
        if (hdr.ipv6.isValid()) {
            hit = f_services_v6.apply().hit;
            if (hit) {
                chosen = f_sources_v6.apply().hit;
            }
        } else if (hdr.ipv4.isValid()) {
            hit = f_services_v4.apply().hit;
            if (hit) {
                chosen = f_sources_v4.apply().hit;
            }
        }

        if (hit) {
            flow_hash.apply(hdr, meta, f_flow_hash);
            if (!chosen) {
                f_bucket = f_flow_hash[15:0] & f_bucket_mask;
                chosen = f_buckets.apply().hit;
            }

            if (!chosen) {
                meta.drop = true;
                meta.drop_reason = DROP_MSLB_NO_BACKEND;
            } else if (!f_encap) {
                // Translation: only the destination changes, within its family.
                if (hdr.ipv6.isValid() && b_is_v6) {
                    hdr.ipv6.dst_addr = b_v6;
                } else if (hdr.ipv4.isValid() && !b_is_v6) {
                    hdr.ipv4.dst_addr = b_v4;
                } else {
                    meta.drop = true;
                    meta.drop_reason = DROP_MSLB_FAMILY_MISMATCH;
                }
            } else {
                // Encapsulation, if the outer packet fits the tunnel MTU.
                bit<32> inner_len = 0;
                if (hdr.ipv6.isValid()) {
                    inner_len = (bit<32>)hdr.ipv6.payload_len + (bit<32>)IPV6_HEADER_BYTES;
                } else if (hdr.ipv4.isValid()) {
                    inner_len = (bit<32>)hdr.ipv4.total_len;
                }
                bit<16> outer_len = b_is_v6 ? IPV6_HEADER_BYTES : IPV4_HEADER_BYTES;
                if (f_tunnel_mtu != 0 && inner_len + (bit<32>)outer_len > (bit<32>)f_tunnel_mtu) {
                    meta.punt = true;
                    meta.punt_mtu = 0;
                    if (f_tunnel_mtu > outer_len) {
                        meta.punt_mtu = f_tunnel_mtu - outer_len;
                    }
                    if (hdr.ipv6.isValid()) {
                        meta.punt_reason = PUNT_MSLB_PACKET_TOO_BIG;
                    } else if (hdr.ipv4.isValid() && (hdr.ipv4.flags & IPV4_FLAGS_DF) != 0) {
                        meta.punt_reason = PUNT_MSLB_FRAG_NEEDED;
                    } else {
                        meta.punt_reason = PUNT_MSLB_TOO_BIG_NO_DF;
                    }
                } else {
                    push_outer.apply(hdr, b_is_v6, f_tunnel_src_v6, b_v6, f_tunnel_src_v4, b_v4,
                                f_flow_hash);
                }
            }
        }
    }
}

#endif  // SSA_FABRIC_MSLB_F_P4
