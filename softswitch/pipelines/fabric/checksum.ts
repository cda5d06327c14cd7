/**
 * checksum.p4 in TypeScript (p4/v1model/checksum.p4 over p4/include/checksum.p4's field
 * lists): FabricVerifyChecksum (the IPv4 header checksum, compared exactly
 * as bmv2's verify_checksum does: the stored field must equal the computed value) and
 * FabricComputeChecksum (IPv4 header checksums of tun_ipv4 and ipv4; after a SAR rewrite the
 * UDP / TCP / ICMPv6 checksum over the IPv6 pseudo-header with meta.l4_len, then the header
 * without its checksum, then the unparsed payload; wire §1, §5).
 */
import * as D from './define';
import { Csum16 } from './v1model/hash';
import { Icmp, Tcp, Udp, V4, V6, setU16, u16 } from './header';
import type { Header, Headers, LocalMetadata } from './header';

const sum = new Csum16();

/** csum16 over the 20-byte IPv4 header without its checksum field. */
export function ipv4HeaderChecksum(ip: Header): number {
  return sum
    .reset()
    .add(ip.b, 0, V4.csum)
    .add(ip.b, V4.csum + 2, 20 - V4.csum - 2)
    .finish();
}

/** FabricVerifyChecksum: true when the checksum verifies (or there is no IPv4 header). */
export function verifyChecksum(hdr: Headers): boolean {
  if (!hdr.ipv4.valid) return true;
  return ipv4HeaderChecksum(hdr.ipv4) === u16(hdr.ipv4.b, V4.csum);
}

/** FabricComputeChecksum over the headers and the payload packet[payloadOffset..]. */
export function computeChecksum(
  hdr: Headers,
  meta: LocalMetadata,
  packet: Uint8Array,
  payloadOffset: number,
): void {
  if (hdr.tun_ipv4.valid) setU16(hdr.tun_ipv4.b, V4.csum, ipv4HeaderChecksum(hdr.tun_ipv4));
  if (hdr.ipv4.valid) setU16(hdr.ipv4.b, V4.csum, ipv4HeaderChecksum(hdr.ipv4));
  if (!meta.fix_l4_checksum) return;
  // The update_checksum_with_payload calls are independent: at most one L4 header is valid.
  if (hdr.udp.valid) fixL4(hdr, meta, hdr.udp, D.IP_PROTO_UDP, Udp.csum, packet, payloadOffset);
  else if (hdr.tcp.valid)
    fixL4(hdr, meta, hdr.tcp, D.IP_PROTO_TCP, Tcp.csum, packet, payloadOffset);
  else if (hdr.icmpv6.valid)
    fixL4(hdr, meta, hdr.icmpv6, D.IP_PROTO_ICMPV6, Icmp.csum, packet, payloadOffset);
}

/** The L4 checksum over the IPv6 pseudo-header, `l4` without its checksum, and the payload. */
function fixL4(
  hdr: Headers,
  meta: LocalMetadata,
  l4: Header,
  proto: number,
  csumAt: number,
  packet: Uint8Array,
  payloadOffset: number,
): void {
  sum.reset().add(hdr.ipv6.b, V6.src, 32).addWord(0).addWord(meta.l4_len).addWord(0).addWord(proto);
  sum.add(l4.b, 0, csumAt).add(l4.b, csumAt + 2, l4.bytes - csumAt - 2);
  sum.add(packet, payloadOffset, packet.length - payloadOffset);
  setU16(l4.b, csumAt, sum.finish());
}
