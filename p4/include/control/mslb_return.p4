/*
 * mslb_return.p4: the MSLB-B return path for ingress-filtered networks (wire §4, seed
 * figure 12). A server reply (src = IP_S) is encapsulated towards a configured endpoint,
 * with the outer source the controller gives (the B's own address). No tunnel-MTU check
 * is made on this path.
 */
#ifndef SSA_FABRIC_MSLB_RETURN_P4
#define SSA_FABRIC_MSLB_RETURN_P4

#include "../header.p4"
#include "lookup.p4"
#include "mslb_encap.p4"

control MslbReturn(inout headers_t hdr, inout local_metadata_t meta, out bool hit) {

    @id(37) @name(".mslb.b_return_v6_counter")
    DIRECT_COUNTER(b_return_v6_counter);
    @id(38) @name(".mslb.b_return_v4_counter")
    DIRECT_COUNTER(b_return_v4_counter);

    FlowHash() flow_hash;
    MslbEncap() push_outer;

    bool        outer_is_v6 = false;
    ipv6_addr_t outer_src_v6 = 0;
    ipv6_addr_t outer_dst_v6 = 0;
    ipv4_addr_t outer_src_v4 = 0;
    ipv4_addr_t outer_dst_v4 = 0;

    action via_v6(ipv6_addr_t src, ipv6_addr_t dst) {
        outer_is_v6 = true;
        outer_src_v6 = src;
        outer_dst_v6 = dst;
    }

    action via_v4(ipv4_addr_t src, ipv4_addr_t dst) {
        outer_is_v6 = false;
        outer_src_v4 = src;
        outer_dst_v4 = dst;
    }

    // `src`: the outer source (this B's tunnel address), `dst`: the endpoint.
    @id(60) @name(".mslb.b_return_v6_via_v6")
    action b_return_v6_via_v6(ipv6_addr_t src, ipv6_addr_t dst) {
        via_v6(src, dst);
        DIRECT_COUNT(b_return_v6_counter);
    }

    @id(61) @name(".mslb.b_return_v6_via_v4")
    action b_return_v6_via_v4(ipv4_addr_t src, ipv4_addr_t dst) {
        via_v4(src, dst);
        DIRECT_COUNT(b_return_v6_counter);
    }

    @id(62) @name(".mslb.b_return_v6_miss")
    action b_return_v6_miss() {
        DIRECT_COUNT(b_return_v6_counter);
    }

    @id(37) @name(".mslb.b_return_v6")
    table b_return_v6 {
        key = {
            hdr.ipv6.src_addr : exact @id(1) @name("ipv6_src");
        }
        actions = {
            b_return_v6_via_v6;
            b_return_v6_via_v4;
            @defaultonly b_return_v6_miss;
        }
        const default_action = b_return_v6_miss();
        counters = b_return_v6_counter;
        size = MSLB_RETURN_TABLE_SIZE;
    }

    @id(63) @name(".mslb.b_return_v4_via_v6")
    action b_return_v4_via_v6(ipv6_addr_t src, ipv6_addr_t dst) {
        via_v6(src, dst);
        DIRECT_COUNT(b_return_v4_counter);
    }

    @id(64) @name(".mslb.b_return_v4_via_v4")
    action b_return_v4_via_v4(ipv4_addr_t src, ipv4_addr_t dst) {
        via_v4(src, dst);
        DIRECT_COUNT(b_return_v4_counter);
    }

    @id(65) @name(".mslb.b_return_v4_miss")
    action b_return_v4_miss() {
        DIRECT_COUNT(b_return_v4_counter);
    }

    @id(38) @name(".mslb.b_return_v4")
    table b_return_v4 {
        key = {
            hdr.ipv4.src_addr : exact @id(1) @name("ipv4_src");
        }
        actions = {
            b_return_v4_via_v6;
            b_return_v4_via_v4;
            @defaultonly b_return_v4_miss;
        }
        const default_action = b_return_v4_miss();
        counters = b_return_v4_counter;
        size = MSLB_RETURN_TABLE_SIZE;
    }

    apply {
        hit = false;
        if (hdr.ipv6.isValid()) {
            hit = b_return_v6.apply().hit;
        } else if (hdr.ipv4.isValid()) {
            hit = b_return_v4.apply().hit;
        }
        if (hit) {
            bit<32> h;
            flow_hash.apply(hdr, meta, h);
            push_outer.apply(hdr, outer_is_v6, outer_src_v6, outer_dst_v6, outer_src_v4, outer_dst_v4, h);
        }
    }
}

#endif  // SSA_FABRIC_MSLB_RETURN_P4
