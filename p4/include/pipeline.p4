/*
 * pipeline.p4: the order in which the controls see a packet, shared by every architecture.
 *
 * Ingress:
 *   1. a parser or checksum error (given by the architecture) drops the packet (wire §5);
 *   2. packet_io: a PacketOut leaves on its port, nothing else applies;
 *   3. lookup fields, then acl (punt / drop / permit);
 *   4. at most one feature takes the packet: sar (to a SAR address, wire §1), else ssa
 *      (destination in an SSA range, wire §2), else mslb (B / F / return path, wire §4);
 *   5. routing: next hop, MACs, hop limit / TTL (wire §5);
 *   6. the drop or punt is counted by reason.
 * The architecture then turns meta.drop / meta.punt / meta.egress_port into its own
 * metadata. Egress only adds the packet_in header on the CPU port.
 */
#ifndef SSA_FABRIC_PIPELINE_P4
#define SSA_FABRIC_PIPELINE_P4

#include "header.p4"
#include "control/packet_io.p4"
#include "control/lookup.p4"
#include "control/acl.p4"
#ifndef WITHOUT_SAR
#include "control/sar.p4"
#endif
#ifndef WITHOUT_SSA
#include "control/ssa.p4"
#endif
#ifndef WITHOUT_MSLB
#include "control/mslb.p4"
#endif
#include "control/routing.p4"

control FabricIngress(inout headers_t hdr, inout local_metadata_t meta,
                      in drop_reason_t parser_drop_reason) {

    @id(1) @name(".ingress.drops")
    INDEXED_COUNTER(drops, DROP_REASONS);
    @id(2) @name(".ingress.punts")
    INDEXED_COUNTER(punts, PUNT_REASONS);

    PacketIoIngress() packet_io;
    Lookup() lookup;
    Acl() acl;
    // A profile may leave a feature out (-DWITHOUT_SAR, _SSA, _MSLB; tna/profiles.p4): its
    // tables and actions leave the P4Info, every other name and id stays.
#ifndef WITHOUT_SAR
    Sar() sar;
#endif
#ifndef WITHOUT_SSA
    Ssa() ssa;
#endif
#ifndef WITHOUT_MSLB
    Mslb() mslb;
#endif
    Routing() routing;

    apply {
        // meta.ingress_port is set by the architecture; everything else starts here.
        meta.egress_port = 0;
        meta.bypass = false;
        meta.drop = false;
        meta.drop_reason = DROP_NONE;
        meta.punt = false;
        meta.punt_reason = PUNT_NONE;
        meta.punt_mtu = 0;
        meta.demote = false;
        meta.claimed = false;
        meta.has_next_hop = false;
        meta.next_hop = 0;
        meta.fix_l4_checksum = false;
        meta.l4_len = 0;

        if (parser_drop_reason != DROP_NONE) {
            meta.drop = true;
            meta.drop_reason = parser_drop_reason;
        } else {
            packet_io.apply(hdr, meta);
        }

        if (!meta.drop && !meta.bypass) {
            lookup.apply(hdr, meta);
            acl.apply(hdr, meta);
#ifndef WITHOUT_SAR
            if (!meta.drop && !meta.punt) {
                sar.apply(hdr, meta);
            }
#endif
#ifndef WITHOUT_SSA
            if (!meta.drop && !meta.punt && !meta.claimed) {
                ssa.apply(hdr, meta);
            }
#endif
#ifndef WITHOUT_MSLB
            if (!meta.drop && !meta.punt && !meta.claimed) {
                mslb.apply(hdr, meta);
            }
#endif
            if (!meta.drop && !meta.punt) {
                routing.apply(hdr, meta);
            }
        }

        if (meta.drop) {
            INDEXED_COUNT(drops, meta.drop_reason);
        } else if (meta.punt) {
            INDEXED_COUNT(punts, meta.punt_reason);
        }
    }
}

control FabricEgress(inout headers_t hdr, inout local_metadata_t meta, in port_num_t egress_port) {
    PacketIoEgress() packet_io;

    apply {
        packet_io.apply(hdr, meta, egress_port);
    }
}

#endif  // SSA_FABRIC_PIPELINE_P4
