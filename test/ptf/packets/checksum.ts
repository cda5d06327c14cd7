/**
 * checksum.ts: the Internet checksum (RFC 1071) and the IPv4 / IPv6 pseudo-headers of
 * TCP, UDP and ICMPv6 (RFC 9293, RFC 768, RFC 8200 section 8.1), written independently
 * of the switch.
 */
import { concat } from './bytes';

/** Protocol numbers this suite uses (define.p4 has the same values). */
export const PROTO = Object.freeze({
  ICMP: 1,
  IPV4: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  ICMPV6: 58,
  NO_NEXT_HEADER: 59,
  DEST_OPTS: 60,
});

/** The 16-bit ones' complement of the ones' complement sum of the bytes (odd length: zero-padded). */
export function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    sum += (bytes[i] << 8) | (i + 1 < bytes.length ? bytes[i + 1] : 0);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ~sum & 0xffff;
}

/** The checksum of an IPv4 header as it should be: computed with its checksum field as zero. */
export function ipv4HeaderChecksum(header: Uint8Array): number {
  const h = Uint8Array.from(header);
  h[10] = 0;
  h[11] = 0;
  return internetChecksum(h);
}

/** The pseudo-header: IPv4 src, dst, 0, proto, length(2); IPv6 src, dst, length(4), 0(3), next header. */
export function pseudoHeader(
  src: Uint8Array,
  dst: Uint8Array,
  proto: number,
  length: number,
): Uint8Array {
  if (src.length === 4 && dst.length === 4) {
    return concat(src, dst, Uint8Array.of(0, proto, (length >> 8) & 0xff, length & 0xff));
  }
  if (src.length === 16 && dst.length === 16) {
    const tail = Uint8Array.of(
      length >>> 24,
      (length >> 16) & 0xff,
      (length >> 8) & 0xff,
      length & 0xff,
      0,
      0,
      0,
      proto,
    );
    return concat(src, dst, tail);
  }
  throw new Error(`pseudoHeader: src and dst must both be 4 or both be 16 bytes`);
}

/** Where each transport's checksum field sits in its header. */
export const CHECKSUM_OFFSET: Readonly<Record<number, number>> = Object.freeze({
  [PROTO.ICMP]: 2,
  [PROTO.TCP]: 16,
  [PROTO.UDP]: 6,
  [PROTO.ICMPV6]: 2,
});

/**
 * The checksum a TCP/UDP/ICMP/ICMPv6 segment (header + data) should carry between the
 * given addresses: its own checksum field counts as zero, ICMP (IPv4) has no pseudo-header,
 * a UDP result of 0 is sent as 0xffff. `length` defaults to the segment's length.
 */
export function transportChecksum(
  proto: number,
  src: Uint8Array,
  dst: Uint8Array,
  segment: Uint8Array,
  length = segment.length,
): number {
  const at = CHECKSUM_OFFSET[proto];
  if (at === undefined) throw new Error(`transportChecksum: no checksum for protocol ${proto}`);
  const s = Uint8Array.from(segment);
  if (s.length >= at + 2) s.set([0, 0], at);
  if (proto === PROTO.ICMP) return internetChecksum(s);
  const ck = internetChecksum(concat(pseudoHeader(src, dst, proto, length), s));
  return proto === PROTO.UDP && ck === 0 ? 0xffff : ck;
}
