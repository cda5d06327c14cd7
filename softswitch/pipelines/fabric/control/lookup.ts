/**
 * lookup.p4 in TypeScript: Lookup (meta.lkp from the parsed headers) and FlowHash, the CRC32
 * over src ‖ dst ‖ ip_proto ‖ l4_sport ‖ l4_dport (37 bytes for IPv6, 13 for IPv4), the input
 * of SAR flow-hash scheduling, MSLB buckets and the outer IPv6 flow label.
 */
import { crc32 } from '../v1model/hash';
import { DestOpts, Icmp, L4, V4, V6, copyBytes, u16 } from '../header';
import type { Headers, LocalMetadata } from '../header';

/** Lookup: ip_proto after the IP (or Destination Options) header, ports, ICMP type. */
export function lookup(hdr: Headers, meta: LocalMetadata): void {
  const lkp = meta.lkp;
  lkp.ip_proto = 0;
  lkp.l4_sport = 0;
  lkp.l4_dport = 0;
  lkp.icmp_type = 0;

  if (hdr.ipv4.valid) lkp.ip_proto = hdr.ipv4.b[V4.proto];
  else if (hdr.dest_opts.valid) lkp.ip_proto = hdr.dest_opts.b[DestOpts.nextHeader];
  else if (hdr.ipv6.valid) lkp.ip_proto = hdr.ipv6.b[V6.nextHeader];

  if (hdr.tcp.valid) {
    lkp.l4_sport = u16(hdr.tcp.b, L4.sport);
    lkp.l4_dport = u16(hdr.tcp.b, L4.dport);
  } else if (hdr.udp.valid) {
    lkp.l4_sport = u16(hdr.udp.b, L4.sport);
    lkp.l4_dport = u16(hdr.udp.b, L4.dport);
  } else if (hdr.icmp.valid) {
    lkp.icmp_type = hdr.icmp.b[Icmp.type];
  } else if (hdr.icmpv6.valid) {
    lkp.icmp_type = hdr.icmpv6.b[Icmp.type];
  }
}

const flowV6 = new Uint8Array(37);
const flowV4 = new Uint8Array(13);

function tail(buf: Uint8Array, at: number, meta: LocalMetadata): void {
  const lkp = meta.lkp;
  buf[at] = lkp.ip_proto;
  buf[at + 1] = lkp.l4_sport >> 8;
  buf[at + 2] = lkp.l4_sport & 0xff;
  buf[at + 3] = lkp.l4_dport >> 8;
  buf[at + 4] = lkp.l4_dport & 0xff;
}

/** The FLOW_FIELDS_V6 bytes of the packet (37 bytes, reused buffer). */
export function flowFieldsV6(hdr: Headers, meta: LocalMetadata): Uint8Array {
  copyBytes(flowV6, 0, hdr.ipv6.b, V6.src, 32);
  tail(flowV6, 32, meta);
  return flowV6;
}

/** FlowHash: the 32-bit flow hash of the IPv6 or IPv4 header, 0 when there is neither. */
export function flowHash(hdr: Headers, meta: LocalMetadata): number {
  if (hdr.ipv6.valid) return crc32(flowFieldsV6(hdr, meta));
  if (hdr.ipv4.valid) {
    copyBytes(flowV4, 0, hdr.ipv4.b, V4.src, 8);
    tail(flowV4, 8, meta);
    return crc32(flowV4);
  }
  return 0;
}
