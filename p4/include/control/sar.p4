/*
 * sar.p4: the Service Address Router of ROSA (wire §1).
 *
 * For an IPv6 packet to one of the SAR's own addresses (sar.addresses):
 *   REQUEST   -> sar.fib (service_id) gives the service's index, scheduling mode and member
 *                count; a member slot is chosen by the mode; sar.nhib (service, slot) gives
 *                the instance (or next SAR) address. src := the SAR address (the packet's
 *                destination), dst := that address, the option is kept, the L4 checksum is
 *                fixed, and the packet is routed. A FIB miss goes to the gateway when the
 *                controller made sar.to_gateway the FIB's default action, else is dropped.
 *   RESPONSE  -> src := the SAR address, dst := the option's client; L4 checksum fixed.
 *   ANNOUNCE, WITHDRAW -> punted with the ingress port.
 *   anything else -> dropped and counted.
 */
#ifndef SSA_FABRIC_SAR_P4
#define SSA_FABRIC_SAR_P4

#include "../header.p4"
#include "lookup.p4"

control Sar(inout headers_t hdr, inout local_metadata_t meta) {

    @id(20) @name(".sar.addresses_counter")
    DIRECT_COUNTER(addresses_counter);
    @id(21) @name(".sar.fib_counter")
    DIRECT_COUNTER(fib_counter);
    @id(22) @name(".sar.nhib_counter")
    DIRECT_COUNTER(nhib_counter);

    RoundRobin() round_robin;
    RANDOM_SOURCE(random_slot)
    CRC32_HASHER(flow_hash)

    // What the FIB and the NHIB said.
    bit<16>     fib_service = 0;
    bit<8>      fib_mode = SAR_MODE_RANDOM;
    bit<16>     fib_members = 0;
    bit<16>     slot = 0;
    ipv6_addr_t target = 0;

    @id(20) @name(".sar.address_miss")
    action address_miss() {
        DIRECT_COUNT(addresses_counter);
    }

    @id(21) @name(".sar.own_address")
    action own_address() {
        DIRECT_COUNT(addresses_counter);
    }

    @id(20) @name(".sar.addresses")
    table addresses {
        key = {
            hdr.ipv6.dst_addr : exact @id(1) @name("ipv6_dst");
        }
        actions = {
            own_address;
            @defaultonly address_miss;
        }
        const default_action = address_miss();
        counters = addresses_counter;
        size = SAR_ADDRESSES_TABLE_SIZE;
    }

    // `mode` is a SAR_MODE_* value (define.p4); unknown modes use slot 0. `members` is the
    // number of NHIB slots of the service (weighted: members replicated by weight).
    @id(22) @name(".sar.set_service")
    action set_service(bit<16> service, bit<8> mode, bit<16> members) {
        fib_service = service;
        fib_mode = mode;
        fib_members = members;
        DIRECT_COUNT(fib_counter);
    }

    // The `*` entry: the Service Address Gateway (wire §1), set as the default action.
    @id(23) @name(".sar.to_gateway")
    action to_gateway(ipv6_addr_t gateway) {
        target = gateway;
        DIRECT_COUNT(fib_counter);
    }

    @id(24) @name(".sar.fib_miss")
    action fib_miss() {
        DIRECT_COUNT(fib_counter);
    }

    @id(21) @name(".sar.fib")
    table fib {
        key = {
            hdr.rosa.service_id : exact @id(1) @name("service_id");
        }
        actions = {
            set_service;
            @defaultonly to_gateway;
            @defaultonly fib_miss;
        }
        default_action = fib_miss();
        counters = fib_counter;
        size = SAR_SERVICES;
    }

    @id(25) @name(".sar.nhib_miss")
    action nhib_miss() {
        DIRECT_COUNT(nhib_counter);
    }

    @id(26) @name(".sar.set_member")
    action set_member(ipv6_addr_t address) {
        target = address;
        DIRECT_COUNT(nhib_counter);
    }

    @id(22) @name(".sar.nhib")
    table nhib {
        key = {
            fib_service : exact @id(1) @name("service");
            slot        : exact @id(2) @name("slot");
        }
        actions = {
            set_member;
            @defaultonly nhib_miss;
        }
        const default_action = nhib_miss();
        counters = nhib_counter;
        size = SAR_NHIB_TABLE_SIZE;
    }

    @hidden
    action drop(drop_reason_t reason) {
        meta.drop = true;
        meta.drop_reason = reason;
    }

    // src := the SAR's own address, dst := the chosen address; the option stays as it is.
    @hidden
    action rewrite(ipv6_addr_t sar_address, ipv6_addr_t destination) {
        hdr.ipv6.src_addr = sar_address;
        hdr.ipv6.dst_addr = destination;
        meta.fix_l4_checksum = true;
        meta.l4_len = hdr.ipv6.payload_len - (((bit<16>)hdr.dest_opts.hdr_ext_len + 1) << 3);
    }

    // The member slot of a REQUEST, by the service's scheduling mode (wire §1).
    @hidden
    action choose_random_slot() {
        RANDOM(random_slot, slot, 16w0, fib_members - 1);
    }

    @hidden
    action choose_flow_hash_slot() {
        CRC32_MOD(flow_hash, slot, fib_members, FLOW_FIELDS_V6(hdr, meta));
    }

    apply {
        if (hdr.ipv6.isValid() && addresses.apply().hit) {
            meta.claimed = true;
            ipv6_addr_t sar_address = hdr.ipv6.dst_addr;
            if (hdr.rosa_request.isValid() && hdr.rosa.msg_type == ROSA_MSG_REQUEST) {
                switch (fib.apply().action_run) {
                    set_service: {
                        if (fib_members == 0) {
                            drop(DROP_SAR_NO_MEMBERS);
                        } else {
                            if (fib_mode == SAR_MODE_RANDOM || fib_mode == SAR_MODE_WEIGHTED) {
                                choose_random_slot();
                            } else if (fib_mode == SAR_MODE_ROUND_ROBIN) {
                                round_robin.apply(fib_service, fib_members, slot);
                            } else if (fib_mode == SAR_MODE_FLOW_HASH) {
                                choose_flow_hash_slot();
                            } else {
                                slot = 0;  // SAR_MODE_LOWEST_METRIC: the controller orders the slots
                            }
                            if (nhib.apply().hit) {
                                rewrite(sar_address, target);
                            } else {
                                drop(DROP_SAR_NHIB_MISS);
                            }
                        }
                    }
                    to_gateway: {
                        rewrite(sar_address, target);
                    }
                    fib_miss: {
                        drop(DROP_SAR_FIB_MISS);
                    }
                }
            } else if (hdr.rosa_response.isValid() && hdr.rosa.msg_type == ROSA_MSG_RESPONSE) {
                rewrite(sar_address, hdr.rosa_request.client);
            } else if (hdr.rosa_announce.isValid() && hdr.rosa.msg_type == ROSA_MSG_ANNOUNCE) {
                meta.punt = true;
                meta.punt_reason = PUNT_ROSA_ANNOUNCE;
            } else if (hdr.rosa_announce.isValid() && hdr.rosa.msg_type == ROSA_MSG_WITHDRAW) {
                meta.punt = true;
                meta.punt_reason = PUNT_ROSA_WITHDRAW;
            } else {
                drop(DROP_SAR_NOT_ROSA);
            }
        }
    }
}

#endif  // SSA_FABRIC_SAR_P4
