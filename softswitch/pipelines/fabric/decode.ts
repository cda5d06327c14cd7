/**
 * Decodes a packet's headers for people (ssactl probe): Ethernet, IPv4/IPv6 (tunnel and
 * inner ones too), the destination options header, UDP, TCP and ICMP. What follows the last
 * header it knows is left as payload.
 */
import { formatIPv4, formatIPv6, formatMac } from '../../../p4runtime/bytes/address';

/** One decoded header: its name and its fields as text. */
export interface DecodedHeader {
  readonly name: string;
  readonly fields: Readonly<Record<string, string>>;
}

const u16 = (p: Uint8Array, o: number) => (p[o] << 8) | p[o + 1];
const hex = (n: number, w: number) => '0x' + n.toString(16).padStart(w, '0');

/** The headers of `packet` (an Ethernet frame), outermost first, and the payload length. */
export function decodeHeaders(packet: Uint8Array): { headers: DecodedHeader[]; payload: number } {
  const headers: DecodedHeader[] = [];
  if (packet.length < 14) return { headers, payload: packet.length };
  headers.push({
    name: 'ethernet',
    fields: {
      dst: formatMac(packet.subarray(0, 6)),
      src: formatMac(packet.subarray(6, 12)),
      type: hex(u16(packet, 12), 4),
    },
  });
  let at = 14;
  let next = u16(packet, 12) === 0x86dd ? 41 : u16(packet, 12) === 0x0800 ? 4 : -1;
  let ipDepth = 0;
  for (;;) {
    if (next === 41 && packet.length >= at + 40) {
      headers.push({
        name: ipDepth === 0 ? 'ipv6' : 'inner_ipv6',
        fields: {
          src: formatIPv6(packet.subarray(at + 8, at + 24)),
          dst: formatIPv6(packet.subarray(at + 24, at + 40)),
          next_header: String(packet[at + 6]),
          hop_limit: String(packet[at + 7]),
          payload_length: String(u16(packet, at + 4)),
          traffic_class: hex(((packet[at] & 0x0f) << 4) | (packet[at + 1] >> 4), 2),
        },
      });
      next = packet[at + 6];
      at += 40;
      ipDepth++;
    } else if (next === 4 && packet.length >= at + 20) {
      const ihl = (packet[at] & 0x0f) * 4;
      headers.push({
        name: ipDepth === 0 ? 'ipv4' : 'inner_ipv4',
        fields: {
          src: formatIPv4(packet.subarray(at + 12, at + 16)),
          dst: formatIPv4(packet.subarray(at + 16, at + 20)),
          protocol: String(packet[at + 9]),
          ttl: String(packet[at + 8]),
          total_length: String(u16(packet, at + 2)),
        },
      });
      next = packet[at + 9];
      at += Math.max(20, ihl);
      ipDepth++;
    } else if (next === 60 && packet.length >= at + 8) {
      const len = (packet[at + 1] + 1) * 8;
      headers.push({
        name: 'dest_opts',
        fields: {
          next_header: String(packet[at]),
          length: String(len),
          option_type: hex(packet[at + 2], 2),
        },
      });
      next = packet[at];
      at += len;
    } else if ((next === 17 || next === 6) && packet.length >= at + (next === 17 ? 8 : 20)) {
      headers.push({
        name: next === 17 ? 'udp' : 'tcp',
        fields: {
          sport: String(u16(packet, at)),
          dport: String(u16(packet, at + 2)),
          checksum: hex(u16(packet, at + (next === 17 ? 6 : 16)), 4),
        },
      });
      at += next === 17 ? 8 : (packet[at + 12] >> 4) * 4 || 20;
      break;
    } else if ((next === 1 || next === 58) && packet.length >= at + 4) {
      headers.push({
        name: next === 1 ? 'icmp' : 'icmpv6',
        fields: { type: String(packet[at]), code: String(packet[at + 1]) },
      });
      at += 4;
      break;
    } else {
      break;
    }
  }
  return { headers, payload: Math.max(0, packet.length - at) };
}
