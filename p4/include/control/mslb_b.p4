/*
 * mslb_b.p4: the MSLB-B step (wire §4). A packet to one of this switch's IP_B addresses
 * gets dst := IP_S (translation mode) or loses its outer header (encapsulation mode); a
 * decapsulated packet then looks exactly like the inner packet did on the wire.
 */
#ifndef SSA_FABRIC_MSLB_B_P4
#define SSA_FABRIC_MSLB_B_P4

#include "../header.p4"
#include "lookup.p4"

control MslbB(inout headers_t hdr, inout local_metadata_t meta, out bool hit) {

    @id(30) @name(".mslb.b_addresses_v6_counter")
    DIRECT_COUNTER(b_addresses_v6_counter);
    @id(31) @name(".mslb.b_addresses_v4_counter")
    DIRECT_COUNTER(b_addresses_v4_counter);

    Lookup() relookup;

    bool decap = false;

    @id(30) @name(".mslb.b_write_back_v6")
    action b_write_back_v6(ipv6_addr_t service_addr) {
        hdr.ipv6.dst_addr = service_addr;
        DIRECT_COUNT(b_addresses_v6_counter);
    }

    @id(31) @name(".mslb.b_decap_v6")
    action b_decap_v6() {
        decap = true;
        DIRECT_COUNT(b_addresses_v6_counter);
    }

    @id(32) @name(".mslb.b_miss_v6")
    action b_miss_v6() {
        DIRECT_COUNT(b_addresses_v6_counter);
    }

    @id(30) @name(".mslb.b_addresses_v6")
    table b_addresses_v6 {
        key = {
            hdr.ipv6.dst_addr : exact @id(1) @name("ipv6_dst");
        }
        actions = {
            b_write_back_v6;
            b_decap_v6;
            @defaultonly b_miss_v6;
        }
        const default_action = b_miss_v6();
        counters = b_addresses_v6_counter;
        size = MSLB_B_ADDRESSES_TABLE_SIZE;
    }

    @id(33) @name(".mslb.b_write_back_v4")
    action b_write_back_v4(ipv4_addr_t service_addr) {
        hdr.ipv4.dst_addr = service_addr;
        DIRECT_COUNT(b_addresses_v4_counter);
    }

    @id(34) @name(".mslb.b_decap_v4")
    action b_decap_v4() {
        decap = true;
        DIRECT_COUNT(b_addresses_v4_counter);
    }

    @id(35) @name(".mslb.b_miss_v4")
    action b_miss_v4() {
        DIRECT_COUNT(b_addresses_v4_counter);
    }

    @id(31) @name(".mslb.b_addresses_v4")
    table b_addresses_v4 {
        key = {
            hdr.ipv4.dst_addr : exact @id(1) @name("ipv4_dst");
        }
        actions = {
            b_write_back_v4;
            b_decap_v4;
            @defaultonly b_miss_v4;
        }
        const default_action = b_miss_v4();
        counters = b_addresses_v4_counter;
        size = MSLB_B_ADDRESSES_TABLE_SIZE;
    }

    apply {
        hit = false;
        if (hdr.ipv6.isValid()) {
            hit = b_addresses_v6.apply().hit;
        } else if (hdr.ipv4.isValid()) {
            hit = b_addresses_v4.apply().hit;
        }

        if (decap) {
            // The inner header (and its TCP/UDP header) takes the place of the outer one.
            if (hdr.inner_ipv6.isValid()) {
                hdr.ipv6 = hdr.inner_ipv6;
                hdr.ipv4.setInvalid();
            } else if (hdr.inner_ipv4.isValid()) {
                hdr.ipv4 = hdr.inner_ipv4;
                hdr.ipv6.setInvalid();
            } else {
                meta.drop = true;
                meta.drop_reason = DROP_MSLB_NOT_TUNNEL;
            }
            if (!meta.drop) {
                hdr.inner_ipv6.setInvalid();
                hdr.inner_ipv4.setInvalid();
                hdr.tcp = hdr.inner_tcp;
                hdr.udp = hdr.inner_udp;
                hdr.inner_tcp.setInvalid();
                hdr.inner_udp.setInvalid();
                relookup.apply(hdr, meta);
            }
        }
    }
}

#endif  // SSA_FABRIC_MSLB_B_P4
