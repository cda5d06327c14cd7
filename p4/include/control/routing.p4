/*
 * routing.p4: IPv6 / IPv4 forwarding (wire §5).
 *
 * The outermost IP header decides: a pushed tunnel header (tun_ipv6 / tun_ipv4) if there
 * is one, else the packet's own. Unless a feature already chose the next hop (an SSA
 * slice), routing.v6 / routing.v4 (LPM on the destination) give a next hop id, and
 * routing.next_hops (exact) the egress port and the MACs. The packet's own IP header (the
 * one it arrived with, or the inner one after decapsulation) loses one hop limit / TTL; a
 * packet that would leave with 0 is dropped. A pushed outer header leaves with 64.
 */
#ifndef SSA_FABRIC_ROUTING_P4
#define SSA_FABRIC_ROUTING_P4

#include "../header.p4"

control Routing(inout headers_t hdr, inout local_metadata_t meta) {

    @id(50) @name(".routing.v6_counter")
    DIRECT_COUNTER(v6_counter);
    @id(51) @name(".routing.v4_counter")
    DIRECT_COUNTER(v4_counter);
    @id(52) @name(".routing.next_hops_counter")
    DIRECT_COUNTER(next_hops_counter);

    ipv6_addr_t dst_v6 = 0;
    ipv4_addr_t dst_v4 = 0;

    @id(70) @name(".routing.v6_set_next_hop")
    action v6_set_next_hop(next_hop_id_t next_hop) {
        meta.has_next_hop = true;
        meta.next_hop = next_hop;
        DIRECT_COUNT(v6_counter);
    }

    @id(71) @name(".routing.v6_miss")
    action v6_miss() {
        DIRECT_COUNT(v6_counter);
    }

    @id(50) @name(".routing.v6")
    table v6 {
        key = {
            dst_v6 : lpm @id(1) @name("ipv6_dst");
        }
        actions = {
            v6_set_next_hop;
            @defaultonly v6_miss;
        }
        const default_action = v6_miss();
        counters = v6_counter;
        size = ROUTING_V6_TABLE_SIZE;
    }

    @id(72) @name(".routing.v4_set_next_hop")
    action v4_set_next_hop(next_hop_id_t next_hop) {
        meta.has_next_hop = true;
        meta.next_hop = next_hop;
        DIRECT_COUNT(v4_counter);
    }

    @id(73) @name(".routing.v4_miss")
    action v4_miss() {
        DIRECT_COUNT(v4_counter);
    }

    @id(51) @name(".routing.v4")
    table v4 {
        key = {
            dst_v4 : lpm @id(1) @name("ipv4_dst");
        }
        actions = {
            v4_set_next_hop;
            @defaultonly v4_miss;
        }
        const default_action = v4_miss();
        counters = v4_counter;
        size = ROUTING_V4_TABLE_SIZE;
    }

    // `port`: the egress port; `smac`: this switch's MAC on that link; `dmac`: the
    // neighbour's MAC.
    @id(74) @name(".routing.set_output")
    action set_output(port_num_t port, mac_addr_t smac, mac_addr_t dmac) {
        meta.egress_port = port;
        hdr.ethernet.src_addr = smac;
        hdr.ethernet.dst_addr = dmac;
        DIRECT_COUNT(next_hops_counter);
    }

    @id(75) @name(".routing.next_hop_miss")
    action next_hop_miss() {
        DIRECT_COUNT(next_hops_counter);
    }

    @id(52) @name(".routing.next_hops")
    table next_hops {
        key = {
            meta.next_hop : exact @id(1) @name("next_hop");
        }
        actions = {
            set_output;
            @defaultonly next_hop_miss;
        }
        const default_action = next_hop_miss();
        counters = next_hops_counter;
        size = NEXT_HOP_TABLE_SIZE;
    }

    @hidden
    action drop(drop_reason_t reason) {
        meta.drop = true;
        meta.drop_reason = reason;
    }

    apply {
        // The outermost IP header, and the EtherType that announces it.
        bool is_v6 = false;
        bool is_v4 = false;
        if (hdr.tun_ipv6.isValid()) {
            is_v6 = true;
            dst_v6 = hdr.tun_ipv6.dst_addr;
        } else if (hdr.tun_ipv4.isValid()) {
            is_v4 = true;
            dst_v4 = hdr.tun_ipv4.dst_addr;
        } else if (hdr.ipv6.isValid()) {
            is_v6 = true;
            dst_v6 = hdr.ipv6.dst_addr;
        } else if (hdr.ipv4.isValid()) {
            is_v4 = true;
            dst_v4 = hdr.ipv4.dst_addr;
        }

        if (!is_v6 && !is_v4) {
            drop(DROP_NOT_IP);
        } else {
            if (!meta.has_next_hop) {
                if (is_v6) {
                    v6.apply();
                } else {
                    v4.apply();
                }
            }
            if (!meta.has_next_hop) {
                drop(DROP_NO_ROUTE);
            } else if (!next_hops.apply().hit) {
                drop(DROP_NEXT_HOP_MISS);
            } else if (hdr.ipv6.isValid() && hdr.ipv6.hop_limit <= 1) {
                drop(DROP_TTL_EXPIRED);
            } else if (hdr.ipv4.isValid() && hdr.ipv4.ttl <= 1) {
                drop(DROP_TTL_EXPIRED);
            } else {
                if (hdr.ipv6.isValid()) {
                    hdr.ipv6.hop_limit = hdr.ipv6.hop_limit - 1;
                }
                if (hdr.ipv4.isValid()) {
                    hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
                }
                hdr.ethernet.ether_type = is_v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
            }
        }
    }
}

#endif  // SSA_FABRIC_ROUTING_P4
