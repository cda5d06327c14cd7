/**
 * compose.ts: `packet(...layers)` turns layers into bytes, filling every field left unset
 * the way scapy 2.5 does (checked byte for byte against scapy in scapy.test.ts):
 *
 * - ether.type from the next layer: IPv4 0x0800, IPv6 0x86dd, otherwise 0x9000;
 * - IPv4 ihl (5 + options), totalLength (header + rest), proto (next layer; 0 if none),
 *   checksum over the header; IPv6 payloadLength (rest) and nh (next layer; 59 if none);
 *   Destination Options nextHeader (59 if none), padding to 8 bytes and hdrExtLen;
 * - protocol numbers of the next layer: ICMP 1, IPv4 4, TCP 6, UDP 17, IPv6 41, ICMPv6 58,
 *   Destination Options 60, so tunnels (6in6, 4in6, 6in4, 4in4) need nothing set;
 * - UDP length; TCP dataOffset; TCP, UDP and ICMPv6 checksums over the pseudo-header of the
 *   nearest IP header before them (for IPv6 with Destination Options: the IPv6 addresses,
 *   length = upper-layer length); ICMP over the message; a UDP checksum of 0 becomes 0xffff.
 *   As scapy, an IPv4 header with totalLength set gives the pseudo-header
 *   totalLength - 4 * ihl as length, and a transport without an IP header gets checksum 0.
 */
import { concat, u16, u32 } from './bytes';
import { ipv4HeaderChecksum, PROTO, transportChecksum } from './checksum';
import { decodeLayers } from './dissect';
import type { Packet } from './fields';
import type {
  DestOptsLayer,
  EtherLayer,
  IcmpLayer,
  Ipv4Layer,
  Ipv6Layer,
  Layer,
  TcpLayer,
  UdpLayer,
} from './layers';

/** The protocol number scapy puts in front of a layer of this kind (undefined: none). */
function protoOf(next: Layer | undefined): number | undefined {
  switch (next?.kind) {
    case 'ipv4':
      return PROTO.IPV4;
    case 'ipv6':
      return PROTO.IPV6;
    case 'destOpts':
      return PROTO.DEST_OPTS;
    case 'tcp':
      return PROTO.TCP;
    case 'udp':
      return PROTO.UDP;
    case 'icmp':
      return PROTO.ICMP;
    case 'icmpv6':
      return PROTO.ICMPV6;
    default:
      return undefined;
  }
}

/** What encoding a layer needs from around it: the next layer, the bytes after, the IP header. */
interface Around {
  readonly next?: Layer;
  readonly rest: Uint8Array;
  readonly ip?: Ipv4Layer | Ipv6Layer;
}

const zeroPadTo = (bytes: Uint8Array, n: number) =>
  concat(bytes, new Uint8Array((n - (bytes.length % n)) % n));

function encodeEther(l: EtherLayer, a: Around): Uint8Array {
  const auto = a.next?.kind === 'ipv4' ? 0x0800 : a.next?.kind === 'ipv6' ? 0x86dd : 0x9000;
  return concat(l.dst, l.src, u16(l.type ?? auto));
}

/** The IPv4 header length in 32-bit words as scapy derives it. */
const ipv4Ihl = (l: Ipv4Layer) => l.ihl ?? 5 + Math.ceil(l.options.length / 4);

function encodeIpv4(l: Ipv4Layer, a: Around): Uint8Array {
  const options = zeroPadTo(l.options, 4);
  const header = concat(
    Uint8Array.of((l.version << 4) | ipv4Ihl(l), (l.dscp << 2) | l.ecn),
    u16(l.totalLength ?? 20 + options.length + a.rest.length),
    u16(l.id),
    u16((l.flags << 13) | l.fragOffset),
    Uint8Array.of(l.ttl, l.proto ?? protoOf(a.next) ?? 0),
    u16(l.checksum ?? 0),
    l.src,
    l.dst,
    options,
  );
  if (l.checksum === undefined) header.set(u16(ipv4HeaderChecksum(header)), 10);
  return header;
}

function encodeIpv6(l: Ipv6Layer, a: Around): Uint8Array {
  return concat(
    u32(((l.version << 28) | (l.tc << 20) | l.flowLabel) >>> 0),
    u16(l.payloadLength ?? a.rest.length),
    Uint8Array.of(l.nh ?? protoOf(a.next) ?? PROTO.NO_NEXT_HEADER, l.hopLimit),
    l.src,
    l.dst,
  );
}

/** Pad1 or PadN filling `n` bytes (RFC 8200 section 4.2), as scapy's autopad appends. */
function padding(n: number): Uint8Array {
  if (n === 0) return new Uint8Array(0);
  return n === 1 ? Uint8Array.of(0) : concat(Uint8Array.of(1, n - 2), new Uint8Array(n - 2));
}

function encodeDestOpts(l: DestOptsLayer, a: Around): Uint8Array {
  const options = concat(
    ...l.options.map((o) => concat(Uint8Array.of(o.type, o.length ?? o.data.length), o.data)),
  );
  const unpadded = 2 + options.length;
  const body = l.pad ? concat(options, padding((8 - (unpadded % 8)) % 8)) : options;
  const extLen = l.hdrExtLen ?? Math.ceil((2 + body.length) / 8) - 1;
  if (extLen < 0 || extLen > 255) throw new Error(`destOpts.hdrExtLen: ${extLen} out of range`);
  const nh = l.nextHeader ?? protoOf(a.next) ?? PROTO.NO_NEXT_HEADER;
  return concat(Uint8Array.of(nh, extLen), body);
}

/** The pseudo-header length scapy uses for a transport segment of `length` bytes under `ip`. */
function pseudoLength(ip: Ipv4Layer | Ipv6Layer, length: number): number {
  if (ip.kind === 'ipv6' || ip.totalLength === undefined) return length;
  return Math.max(ip.totalLength - 4 * ipv4Ihl(ip), 0);
}

/** Sets the checksum at `at` in `header` (unless given), computed over header + rest. */
function withChecksum(
  proto: number,
  header: Uint8Array,
  at: number,
  given: number | undefined,
  a: Around,
): Uint8Array {
  if (given !== undefined) return header;
  const segment = concat(header, a.rest);
  let ck = 0;
  if (proto === PROTO.ICMP)
    ck = transportChecksum(proto, new Uint8Array(4), new Uint8Array(4), segment);
  else if (a.ip) {
    ck = transportChecksum(proto, a.ip.src, a.ip.dst, segment, pseudoLength(a.ip, segment.length));
  }
  const out = Uint8Array.from(header);
  out.set(u16(ck), at);
  return out;
}

function encodeTcp(l: TcpLayer, a: Around): Uint8Array {
  const options = zeroPadTo(l.options, 4);
  const header = concat(
    u16(l.sport),
    u16(l.dport),
    u32(l.seq),
    u32(l.ack),
    Uint8Array.of(((l.dataOffset ?? 5 + options.length / 4) << 4) | l.reserved, l.flags),
    u16(l.window),
    u16(l.checksum ?? 0),
    u16(l.urgentPtr),
    options,
  );
  return withChecksum(PROTO.TCP, header, 16, l.checksum, a);
}

function encodeUdp(l: UdpLayer, a: Around): Uint8Array {
  const header = concat(
    u16(l.sport),
    u16(l.dport),
    u16(l.length ?? 8 + a.rest.length),
    u16(l.checksum ?? 0),
  );
  return withChecksum(PROTO.UDP, header, 6, l.checksum, a);
}

function encodeIcmp(l: IcmpLayer, a: Around): Uint8Array {
  const header = concat(Uint8Array.of(l.type, l.code), u16(l.checksum ?? 0), l.body);
  const proto = l.kind === 'icmp' ? PROTO.ICMP : PROTO.ICMPV6;
  return withChecksum(proto, header, 2, l.checksum, a);
}

function encode(l: Layer, a: Around): Uint8Array {
  switch (l.kind) {
    case 'ether':
      return encodeEther(l, a);
    case 'ipv4':
      return encodeIpv4(l, a);
    case 'ipv6':
      return encodeIpv6(l, a);
    case 'destOpts':
      return encodeDestOpts(l, a);
    case 'tcp':
      return encodeTcp(l, a);
    case 'udp':
      return encodeUdp(l, a);
    case 'icmp':
    case 'icmpv6':
      return encodeIcmp(l, a);
    case 'payload':
      return Uint8Array.from(l.data);
  }
}

/** The nearest IPv4/IPv6 layer before index `i`. */
function enclosingIp(layers: readonly Layer[], i: number): Ipv4Layer | Ipv6Layer | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const l = layers[j];
    if (l.kind === 'ipv4' || l.kind === 'ipv6') return l;
  }
  return undefined;
}

/**
 * The packet of the layers, outermost first, with its layer layout (for masks and diffs):
 * `packet(ether({ dst, src }), ipv6({ src, dst }), udp({ sport: 1, dport: 2 }), payload('x'))`.
 */
export function packet(...layers: readonly Layer[]): Packet {
  const parts: Uint8Array[] = [];
  let rest: Uint8Array = new Uint8Array(0);
  for (let i = layers.length - 1; i >= 0; i--) {
    parts[i] = encode(layers[i], { next: layers[i + 1], rest, ip: enclosingIp(layers, i) });
    rest = concat(parts[i], rest);
  }
  let offset = 0;
  const layout = layers.map((l, i) => {
    const span = { kind: l.kind, offset, end: offset + parts[i].length };
    offset = span.end;
    return span;
  });
  return Object.freeze({ bytes: rest, layers: Object.freeze(decodeLayers(rest, layout)) });
}
