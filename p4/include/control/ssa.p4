/*
 * ssa.p4: Structured Service Addressing (wire §2).
 *
 * For an IPv6 packet whose destination is in a service's range P/L:
 *   1. ssa.ranges (LPM on dst) gives the service's rule, key, slice mask (2^s - 1),
 *      current epoch and what to do with non-conforming packets;
 *   2. ssa.slices (LPM on dst, one entry per slice P/(L+s)) gives the slice index
 *      (A >> (128 - L - s)) & (2^s - 1), so no shift of the 128-bit address is needed,
 *      and the next hop of the instance holding the slice; a legacy slice (published as
 *      AAAA, wire §3) is exempt from the rule;
 *   3. the rule is checked; conforming packets go to the slice's next hop with the
 *      destination unchanged, non-conforming ones are dropped or demoted to the lowest
 *      priority, and counted per service either way.
 */
#ifndef SSA_FABRIC_SSA_P4
#define SSA_FABRIC_SSA_P4

#include "../header.p4"

control Ssa(inout headers_t hdr, inout local_metadata_t meta) {

    @id(10) @name(".ssa.ranges_counter")
    DIRECT_COUNTER(ranges_counter);
    @id(11) @name(".ssa.slices_counter")
    DIRECT_COUNTER(slices_counter);
    @id(10) @name(".ssa.conforming")
    INDEXED_COUNTER(conforming, SSA_SERVICES);
    @id(11) @name(".ssa.non_conforming")
    INDEXED_COUNTER(non_conforming, SSA_SERVICES);

    CRC32_HASHER(hash_key)
#ifndef WITHOUT_TIME_HOP
    CRC32_HASHER(hash_epoch)
    CRC32_HASHER(hash_previous_epoch)
#endif

    // What ssa.ranges said about the range.
    bit<16> range_service = 0;
    bit<3>  range_rule = SSA_RULE_ANY;
    bit<32> range_key = 0;
    bit<32> range_slice_mask = 0;
    bit<32> range_epoch = 0;
    bool    range_demote = false;
    // What ssa.slices said about the slice.
    bit<32>       slice_index = 0;
    bool          slice_legacy = false;
    next_hop_id_t slice_next_hop = 0;

    @id(10) @name(".ssa.range_miss")
    action range_miss() {
        DIRECT_COUNT(ranges_counter);
    }

    // `demote`: 0 drops non-conforming packets (the default, wire §2), 1 sends them on
    // with the lowest priority.
    @id(11) @name(".ssa.rule_any")
    action rule_any(bit<16> service) {
        range_service = service;
        range_rule = SSA_RULE_ANY;
        DIRECT_COUNT(ranges_counter);
    }

    @id(12) @name(".ssa.rule_identity")
    action rule_identity(bit<16> service, bit<1> demote) {
        range_service = service;
        range_rule = SSA_RULE_IDENTITY;
        range_demote = demote == 1;
        DIRECT_COUNT(ranges_counter);
    }

    @id(13) @name(".ssa.rule_hash")
    action rule_hash(bit<16> service, bit<32> key, bit<32> slice_mask, bit<1> demote) {
        range_service = service;
        range_rule = SSA_RULE_HASH;
        range_key = key;
        range_slice_mask = slice_mask;
        range_demote = demote == 1;
        DIRECT_COUNT(ranges_counter);
    }

#ifndef WITHOUT_TIME_HOP
    // `epoch` is the current epoch, floor(unix seconds / period); the controller rewrites
    // it every period. The previous epoch (epoch - 1) is accepted too. A profile built with
    // -DWITHOUT_TIME_HOP (tna/profiles.p4) leaves the rule out: two more CRC32 units.
    @id(14) @name(".ssa.rule_time_hop")
    action rule_time_hop(bit<16> service, bit<32> key, bit<32> slice_mask, bit<32> epoch,
                         bit<1> demote) {
        range_service = service;
        range_rule = SSA_RULE_TIME_HOP;
        range_key = key;
        range_slice_mask = slice_mask;
        range_epoch = epoch;
        range_demote = demote == 1;
        DIRECT_COUNT(ranges_counter);
    }
#endif

    @id(15) @name(".ssa.rule_content")
    action rule_content(bit<16> service) {
        range_service = service;
        range_rule = SSA_RULE_CONTENT;
        DIRECT_COUNT(ranges_counter);
    }

    @id(10) @name(".ssa.ranges")
    table ranges {
        key = {
            hdr.ipv6.dst_addr : lpm @id(1) @name("ipv6_dst");
        }
        actions = {
            rule_any;
            rule_identity;
            rule_hash;
#ifndef WITHOUT_TIME_HOP
            rule_time_hop;
#endif
            rule_content;
            @defaultonly range_miss;
        }
        const default_action = range_miss();
        counters = ranges_counter;
        size = SSA_RANGES_TABLE_SIZE;
    }

    @id(16) @name(".ssa.slice_miss")
    action slice_miss() {
        DIRECT_COUNT(slices_counter);
    }

    @id(17) @name(".ssa.set_slice")
    action set_slice(bit<32> index, next_hop_id_t next_hop) {
        slice_index = index;
        slice_next_hop = next_hop;
        DIRECT_COUNT(slices_counter);
    }

    @id(18) @name(".ssa.set_legacy_slice")
    action set_legacy_slice(next_hop_id_t next_hop) {
        slice_legacy = true;
        slice_next_hop = next_hop;
        DIRECT_COUNT(slices_counter);
    }

    @id(11) @name(".ssa.slices")
    table slices {
        key = {
            hdr.ipv6.dst_addr : lpm @id(1) @name("ipv6_dst");
        }
        actions = {
            set_slice;
            set_legacy_slice;
            @defaultonly slice_miss;
        }
        const default_action = slice_miss();
        counters = slices_counter;
        size = SSA_SLICES_TABLE_SIZE;
    }

    apply {
        if (hdr.ipv6.isValid() && ranges.apply().hit) {
            meta.claimed = true;
            if (!slices.apply().hit) {
                meta.drop = true;
                meta.drop_reason = DROP_SSA_NO_SLICE;
            } else {
                bit<64> src_high = hdr.ipv6.src_addr[127:64];
                bool conforms = true;
                if (slice_legacy) {
                    conforms = true;
                } else if (range_rule == SSA_RULE_IDENTITY) {
                    conforms = EQ64(hdr.ipv6.dst_addr[63:0], src_high);
                } else if (range_rule == SSA_RULE_HASH) {
                    bit<32> h;
                    CRC32(hash_key, h, { src_high, range_key });
                    conforms = (h & range_slice_mask) == slice_index;
                }
#ifndef WITHOUT_TIME_HOP
                else if (range_rule == SSA_RULE_TIME_HOP) {
                    bit<32> previous_epoch = range_epoch - 1;
                    bit<32> h_now;
                    bit<32> h_before;
                    CRC32(hash_epoch, h_now, { src_high, range_key, range_epoch });
                    CRC32(hash_previous_epoch, h_before, { src_high, range_key, previous_epoch });
                    conforms = (h_now & range_slice_mask) == slice_index
                        || (h_before & range_slice_mask) == slice_index;
                }
#endif

                if (conforms) {
                    if ((bit<32>)range_service < SSA_SERVICES) {
                        INDEXED_COUNT(conforming, range_service);
                    }
                } else {
                    if ((bit<32>)range_service < SSA_SERVICES) {
                        INDEXED_COUNT(non_conforming, range_service);
                    }
                    if (range_demote) {
                        meta.demote = true;
                    } else {
                        meta.drop = true;
                        meta.drop_reason = DROP_SSA_NON_CONFORMING;
                    }
                }
                if (!meta.drop) {
                    meta.has_next_hop = true;
                    meta.next_hop = slice_next_hop;
                }
            }
        }
    }
}

#endif  // SSA_FABRIC_SSA_P4
