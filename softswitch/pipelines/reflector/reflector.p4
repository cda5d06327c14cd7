/*
 * reflector.p4: the smallest real pipeline of the embedded switch, for tests of the P4Runtime
 * plumbing (packet-in/out, one table, a direct counter, idle timeout).
 *
 * - A packet from the controller (arriving on CPU_PORT with a packet_out header) leaves on the
 *   port named in that header, without its header.
 * - A packet arriving on a front-panel port is looked up in port_table by ingress port; the
 *   default action sends it to the CPU, where it becomes a PacketIn carrying ingress_port.
 *
 * Names and ids are pinned so the P4Info does not depend on the compiler version:
 *   p4c-bm2-ss --arch v1model --p4runtime-files reflector.p4info.txt reflector.p4
 * CPU_PORT must equal bmv2's --cpu-port (and the embedded device's cpuPort); change it with
 * -DCPU_PORT=<n>. The TypeScript model next to this file does exactly what this program does.
 */
#include <core.p4>
#include <v1model.p4>

#ifndef CPU_PORT
#define CPU_PORT 510
#endif

@controller_header("packet_out")
@id(0x04000001)
header packet_out_t {
    bit<9> egress_port;
    @padding bit<7> _pad;
}

@controller_header("packet_in")
@id(0x04000002)
header packet_in_t {
    bit<9> ingress_port;
    @padding bit<7> _pad;
}

struct headers_t {
    packet_in_t  packet_in;
    packet_out_t packet_out;
}

struct metadata_t { }

parser ReflectorParser(packet_in packet, out headers_t hdr, inout metadata_t meta,
                       inout standard_metadata_t standard_metadata) {
    state start {
        transition select(standard_metadata.ingress_port) {
            CPU_PORT: parse_packet_out;
            default: accept;
        }
    }
    state parse_packet_out {
        packet.extract(hdr.packet_out);
        transition accept;
    }
}

control ReflectorVerifyChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control ReflectorIngress(inout headers_t hdr, inout metadata_t meta,
                         inout standard_metadata_t standard_metadata) {
    @id(0x13000001) @name("port_counter")
    direct_counter(CounterType.packets_and_bytes) port_counter;

    @id(0x01000001) @name("to_port")
    action to_port(@id(1) bit<9> port) {
        standard_metadata.egress_spec = port;
    }

    @id(0x01000002) @name("to_cpu")
    action to_cpu() {
        standard_metadata.egress_spec = CPU_PORT;
    }

    @id(0x01000003) @name("drop")
    action drop() {
        mark_to_drop(standard_metadata);
    }

    @id(0x02000001) @name("port_table")
    table port_table {
        key = {
            standard_metadata.ingress_port : exact @id(1) @name("ingress_port");
        }
        actions = {
            to_port;
            to_cpu;
            drop;
        }
        default_action = to_cpu();
        counters = port_counter;
        support_timeout = true;
        size = 512;
    }

    apply {
        if (hdr.packet_out.isValid()) {
            standard_metadata.egress_spec = hdr.packet_out.egress_port;
            hdr.packet_out.setInvalid();
        } else {
            port_table.apply();
        }
    }
}

control ReflectorEgress(inout headers_t hdr, inout metadata_t meta,
                        inout standard_metadata_t standard_metadata) {
    apply {
        if (standard_metadata.egress_port == CPU_PORT) {
            hdr.packet_in.setValid();
            hdr.packet_in.ingress_port = standard_metadata.ingress_port;
            hdr.packet_in._pad = 0;
        }
    }
}

control ReflectorComputeChecksum(inout headers_t hdr, inout metadata_t meta) {
    apply { }
}

control ReflectorDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.packet_in);
    }
}

V1Switch(ReflectorParser(), ReflectorVerifyChecksum(), ReflectorIngress(), ReflectorEgress(),
         ReflectorComputeChecksum(), ReflectorDeparser()) main;
