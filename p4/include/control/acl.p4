/*
 * acl.p4: the first table every front-panel packet meets. It punts what the controller
 * must see (ARP, neighbour discovery, ...) and drops what an operator forbids; everything
 * else goes on (acl.permit, the default).
 */
#ifndef SSA_FABRIC_ACL_P4
#define SSA_FABRIC_ACL_P4

#include "../header.p4"

control Acl(inout headers_t hdr, inout local_metadata_t meta) {

    @id(1) @name(".acl.acl_counter")
    DIRECT_COUNTER(acl_counter);

    @id(1) @name(".acl.permit")
    action permit() {
        DIRECT_COUNT(acl_counter);
    }

    @id(2) @name(".acl.drop")
    action drop() {
        meta.drop = true;
        meta.drop_reason = DROP_ACL;
        DIRECT_COUNT(acl_counter);
    }

    @id(3) @name(".acl.punt")
    action punt() {
        meta.punt = true;
        meta.punt_reason = PUNT_ACL;
        DIRECT_COUNT(acl_counter);
    }

    @id(1) @name(".acl.acl")
    table acl {
        key = {
            meta.ingress_port      : ternary @id(1) @name("ingress_port");
            hdr.ethernet.dst_addr  : ternary @id(2) @name("eth_dst");
            hdr.ethernet.ether_type: ternary @id(3) @name("eth_type");
            meta.lkp.ip_proto      : ternary @id(4) @name("ip_proto");
            meta.lkp.icmp_type     : ternary @id(5) @name("icmp_type");
            meta.lkp.l4_dport      : ternary @id(6) @name("l4_dport");
        }
        actions = {
            permit;
            drop;
            punt;
        }
        const default_action = permit();
        counters = acl_counter;
        size = ACL_TABLE_SIZE;
    }

    apply {
        acl.apply();
    }
}

#endif  // SSA_FABRIC_ACL_P4
