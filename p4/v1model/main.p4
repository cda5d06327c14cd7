/*
 * main.p4 (v1model): the ssa-fabric data plane for bmv2 simple_switch(_grpc).
 *
 *   p4c-bm2-ss --arch v1model -o main.json --p4runtime-files main.p4info.txt main.p4
 *
 * Everything here is v1model glue: the parser error and checksum error become a drop
 * reason, meta.drop / punt / egress_port become standard_metadata, and the shared controls
 * of ../include are wired into V1Switch. Options: -DCPU_PORT=<n> (default 510, must equal
 * bmv2's --cpu-port), -DPRIORITY_NORMAL=<n> (define.p4).
 */
#include <core.p4>
#include <v1model.p4>

#include "arch.p4"
#include "../include/define.p4"
#include "../include/size.p4"
#include "../include/header.p4"
#include "../include/parser.p4"
#include "checksum.p4"
#include "../include/pipeline.p4"

parser V1Parser(packet_in packet, out headers_t hdr, inout local_metadata_t meta,
                inout standard_metadata_t standard_metadata) {
    FabricParser() fabric_parser;

    state start {
        fabric_parser.apply(packet, hdr, standard_metadata.ingress_port);
        transition accept;
    }
}

control V1Ingress(inout headers_t hdr, inout local_metadata_t meta,
                  inout standard_metadata_t standard_metadata) {
    FabricIngress() fabric_ingress;

    apply {
        // v1model hands parser errors to the ingress instead of dropping (wire §5).
        drop_reason_t parser_drop_reason = DROP_NONE;
        error e = standard_metadata.parser_error;
        if (e == error.NoError) {
            if (standard_metadata.checksum_error == 1) {
                parser_drop_reason = DROP_IPV4_CHECKSUM;
            }
        } else if (e == error.PacketTooShort) {
            parser_drop_reason = DROP_PARSER_PACKET_TOO_SHORT;
        } else if (e == error.NoMatch) {
            parser_drop_reason = DROP_PARSER_NO_MATCH;
        } else if (e == error.BadIpVersion) {
            parser_drop_reason = DROP_PARSER_BAD_IP_VERSION;
        } else if (e == error.BadIpv4Ihl) {
            parser_drop_reason = DROP_PARSER_BAD_IPV4_IHL;
        } else if (e == error.BadRosaOption) {
            parser_drop_reason = DROP_PARSER_BAD_ROSA_OPTION;
        } else {
            parser_drop_reason = DROP_PARSER_OTHER;
        }

        meta.ingress_port = standard_metadata.ingress_port;
        fabric_ingress.apply(hdr, meta, parser_drop_reason);

        if (meta.drop) {
            mark_to_drop(standard_metadata);
        } else if (meta.punt) {
            standard_metadata.egress_spec = CPU_PORT;
        } else {
            standard_metadata.egress_spec = meta.egress_port;
            standard_metadata.priority = meta.demote ? (bit<3>)PRIORITY_LOWEST : (bit<3>)PRIORITY_NORMAL;
        }
    }
}

control V1Egress(inout headers_t hdr, inout local_metadata_t meta,
                 inout standard_metadata_t standard_metadata) {
    FabricEgress() fabric_egress;

    apply {
        fabric_egress.apply(hdr, meta, standard_metadata.egress_port);
    }
}

V1Switch(V1Parser(), FabricVerifyChecksum(), V1Ingress(), V1Egress(), FabricComputeChecksum(),
         FabricDeparser()) main;
