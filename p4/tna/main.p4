/*
 * main.p4 (TNA): the ssa-fabric data plane for Tofino (Tofino Native Architecture).
 *
 *   bf-p4c --arch tna --target tofino -o build/tna --p4runtime-files build/tna/p4info.txt \
 *       p4/tna/main.p4                          # add a profile: -DPROFILE_SSA_SAR, ...
 *
 * Everything here is TNA glue around the shared program of ../include, which is the same
 * source the v1model entry compiles: the tables, actions, keys, parameters, counters and the
 * register keep their @name and @id, so the P4Info has the v1model program's names and ids
 * (npm run p4:check compares them) and one controller serves both. What the glue does:
 *   - ingress parser: intrinsic and port metadata, then FabricParser; the IPv4 checksum is
 *     verified there (arch.p4, PARSER_IPV4_CHECKSUM);
 *   - ingress: a parser error, a failed FabricParserChecks check or a bad IPv4 checksum
 *     becomes a drop reason (as v1model's glue does); the old IPv6 addresses and L4 checksum
 *     are kept for the incremental L4 fix; FabricIngress; meta.drop / punt / egress_port /
 *     demote become drop_ctl / ucast_egress_port / qid; bridged metadata for the egress;
 *   - ingress deparser: the IPv4 checksums and the L4 checksum after a SAR rewrite;
 *   - egress parser and egress: the bridged metadata, then FabricEgress (the packet_in
 *     header on the CPU port); the packet itself is not parsed again in egress.
 * Neither mirroring nor resubmission is needed: a punt is a unicast to CPU_PORT and its
 * packet_in header is added in that port's egress, as on bmv2.
 */
#include <core.p4>
#include <tna.p4>

#include "arch.p4"
#include "../include/define.p4"
#include "../include/size.p4"
#include "../include/header.p4"
#include "../include/parser.p4"
#include "../include/checksum.p4"
#include "../include/pipeline.p4"

// What the ingress tells the egress about a packet (TNA has no metadata that crosses the
// traffic manager): what PacketIoEgress needs to write the packet_in header.
header bridged_t {
    port_num_t    ingress_port;
    bit<6>        _pad0;
    bit<1>        bypass;        // a PacketOut: no packet_in header, even on the CPU port
    bit<1>        punt;
    punt_reason_t punt_reason;
    bit<16>       punt_mtu;
}

struct tna_ingress_metadata_t {
    bridged_t        bridged;
    local_metadata_t fabric;
    bool             ipv4_checksum_err;
    // For the incremental L4 checksum fix after a SAR rewrite (RFC 1624, eqn. 3):
    // HC' = ~(~HC + ~m + m'), with m the old and m' the new pseudo-header addresses. The
    // ingress stores ~HC and ~m before FabricIngress; the deparser adds m' (the rewritten
    // addresses) and complements. Only the addresses change: the upper-layer length and the
    // payload are the same, so the result equals v1model's full recomputation over
    // L4_V6_CHECKSUM_FIELDS, which a Tofino deparser cannot do (it cannot sum a payload).
    bit<16>          l4_checksum_neg;
    ipv6_addr_t      old_src_neg;
    ipv6_addr_t      old_dst_neg;
}

struct tna_egress_metadata_t {
    bridged_t        bridged;
    local_metadata_t fabric;
}

parser TnaIngressParser(packet_in packet, out headers_t hdr, out tna_ingress_metadata_t md,
                        out ingress_intrinsic_metadata_t ig_intr_md) {
    FabricParser() fabric_parser;

    state start {
        packet.extract(ig_intr_md);
        packet.advance(PORT_METADATA_SIZE);
        fabric_parser.apply(packet, hdr, ig_intr_md.ingress_port, md.ipv4_checksum_err);
        transition accept;
    }
}

control TnaIngress(inout headers_t hdr, inout tna_ingress_metadata_t md,
                   in ingress_intrinsic_metadata_t ig_intr_md,
                   in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                   inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                   inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {
    FabricParserChecks() parser_checks;
    FabricIngress() fabric_ingress;

    apply {
        // The drop reason v1model's glue derives from its parser error (wire §5): the
        // program's own checks first (they are on headers parsed before any later error),
        // then the hardware parser's error bits, then the IPv4 header checksum.
        drop_reason_t parser_drop_reason;
        parser_checks.apply(hdr, parser_drop_reason);
        if (parser_drop_reason == DROP_NONE) {
            if ((ig_prsr_md.parser_err & PARSER_ERROR_PARTIAL_HDR) != 0) {
                parser_drop_reason = DROP_PARSER_PACKET_TOO_SHORT;
            } else if ((ig_prsr_md.parser_err & PARSER_ERROR_NO_MATCH) != 0) {
                parser_drop_reason = DROP_PARSER_NO_MATCH;
            } else if (ig_prsr_md.parser_err != PARSER_ERROR_OK) {
                parser_drop_reason = DROP_PARSER_OTHER;
            } else if (md.ipv4_checksum_err) {
                parser_drop_reason = DROP_IPV4_CHECKSUM;
            }
        }

        md.l4_checksum_neg = 0;
        if (hdr.udp.isValid()) {
            md.l4_checksum_neg = ~hdr.udp.checksum;
        } else if (hdr.tcp.isValid()) {
            md.l4_checksum_neg = ~hdr.tcp.checksum;
        } else if (hdr.icmpv6.isValid()) {
            md.l4_checksum_neg = ~hdr.icmpv6.checksum;
        }
        md.old_src_neg = ~hdr.ipv6.src_addr;
        md.old_dst_neg = ~hdr.ipv6.dst_addr;

        md.fabric.ingress_port = ig_intr_md.ingress_port;
        fabric_ingress.apply(hdr, md.fabric, parser_drop_reason);

        if (md.fabric.drop) {
            ig_dprsr_md.drop_ctl = 1;
        } else if (md.fabric.punt) {
            ig_tm_md.ucast_egress_port = CPU_PORT;
        } else {
            ig_tm_md.ucast_egress_port = md.fabric.egress_port;
            ig_tm_md.qid = md.fabric.demote ? (QueueId_t)QUEUE_DEMOTED : (QueueId_t)QUEUE_NORMAL;
        }

        md.bridged.setValid();
        md.bridged.ingress_port = md.fabric.ingress_port;
        md.bridged._pad0 = 0;
        md.bridged.bypass = md.fabric.bypass ? 1w1 : 1w0;
        md.bridged.punt = md.fabric.punt ? 1w1 : 1w0;
        md.bridged.punt_reason = md.fabric.punt_reason;
        md.bridged.punt_mtu = md.fabric.punt_mtu;
    }
}

control TnaIngressDeparser(packet_out packet, inout headers_t hdr, in tna_ingress_metadata_t md,
                           in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Checksum() tun_ipv4_checksum;
    Checksum() ipv4_checksum;
    Checksum() udp_checksum;
    Checksum() tcp_checksum;
    Checksum() icmpv6_checksum;
    FabricDeparser() fabric_deparser;

    apply {
        // wire §5: every IPv4 header that leaves has a valid checksum; the deparser writes
        // only valid headers, so the update needs no condition.
        hdr.tun_ipv4.hdr_checksum = tun_ipv4_checksum.update(IPV4_CHECKSUM_FIELDS(hdr.tun_ipv4));
        hdr.ipv4.hdr_checksum = ipv4_checksum.update(IPV4_CHECKSUM_FIELDS(hdr.ipv4));

        // wire §1: after a SAR rewrite, the L4 checksum over the new pseudo-header,
        // incrementally (tna_ingress_metadata_t says why). One header of the three is valid.
        if (md.fabric.fix_l4_checksum) {
            hdr.udp.checksum = udp_checksum.update({
                md.l4_checksum_neg, md.old_src_neg, md.old_dst_neg,
                hdr.ipv6.src_addr, hdr.ipv6.dst_addr });
            hdr.tcp.checksum = tcp_checksum.update({
                md.l4_checksum_neg, md.old_src_neg, md.old_dst_neg,
                hdr.ipv6.src_addr, hdr.ipv6.dst_addr });
            hdr.icmpv6.checksum = icmpv6_checksum.update({
                md.l4_checksum_neg, md.old_src_neg, md.old_dst_neg,
                hdr.ipv6.src_addr, hdr.ipv6.dst_addr });
        }

        packet.emit(md.bridged);
        fabric_deparser.apply(packet, hdr);
    }
}

parser TnaEgressParser(packet_in packet, out headers_t hdr, out tna_egress_metadata_t md,
                       out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        packet.extract(eg_intr_md);
        packet.extract(md.bridged);
        transition accept;
    }
}

control TnaEgress(inout headers_t hdr, inout tna_egress_metadata_t md,
                  in egress_intrinsic_metadata_t eg_intr_md,
                  in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
                  inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
                  inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    FabricEgress() fabric_egress;

    apply {
        md.fabric.ingress_port = md.bridged.ingress_port;
        md.fabric.bypass = md.bridged.bypass == 1;
        md.fabric.punt = md.bridged.punt == 1;
        md.fabric.punt_reason = md.bridged.punt_reason;
        md.fabric.punt_mtu = md.bridged.punt_mtu;
        fabric_egress.apply(hdr, md.fabric, eg_intr_md.egress_port);
    }
}

// The egress adds at most the packet_in header; the packet follows it unparsed.
control TnaEgressDeparser(packet_out packet, inout headers_t hdr, in tna_egress_metadata_t md,
                          in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply {
        packet.emit(hdr.packet_in);
    }
}

Pipeline(TnaIngressParser(), TnaIngress(), TnaIngressDeparser(), TnaEgressParser(),
         TnaEgress(), TnaEgressDeparser()) pipe;

Switch(pipe) main;
