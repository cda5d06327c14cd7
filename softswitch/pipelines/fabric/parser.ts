/**
 * parser.p4 in TypeScript: FabricParser (state for state) and FabricDeparser. The parser
 * copies each extracted header into its Header buffer; a header that does not fit in the rest
 * of the packet stays invalid and ends parsing with PacketTooShort, as in bmv2. A failed
 * verify() ends parsing with its error, the header it checked staying valid.
 */
import * as D from './define';
import {
  DestOpts,
  Rosa,
  V6,
  copyBytes,
  ipv4FragOffset,
  ipv4Ihl,
  ipv4Version,
  ipv6Version,
  u16,
} from './header';
import type { Header, Headers } from './header';
import { allocPacket, copyPacket } from '../../pipeline/packet-buffer';

/** The parser errors of core.p4 and parser.p4 this program can raise. */
export const ParserError = {
  NoError: 0,
  PacketTooShort: 1,
  NoMatch: 2,
  BadIpVersion: 3,
  BadIpv4Ihl: 4,
  BadRosaOption: 5,
} as const;
export type ParserError = (typeof ParserError)[keyof typeof ParserError];

/** Thrown inside the parser to end it, like a reject transition. */
class Reject {
  constructor(readonly error: ParserError) {}
}

/** FabricParser over one packet; `offset` is where the unparsed payload starts. */
export class FabricParser {
  private packet: Uint8Array = new Uint8Array(0);
  offset = 0;

  constructor(
    private readonly hdr: Headers,
    private readonly cpuPort: number,
  ) {}

  /** Parses `packet` into the headers; returns the parser error (NoError on accept). */
  parse(packet: Uint8Array, ingressPort: number): ParserError {
    this.packet = packet;
    this.offset = 0;
    this.hdr.reset();
    try {
      if (ingressPort === this.cpuPort) this.extract(this.hdr.packet_out);
      else this.parseEthernet();
      return ParserError.NoError;
    } catch (e) {
      if (e instanceof Reject) return e.error;
      throw e;
    }
  }

  private extract(h: Header): void {
    if (this.packet.length - this.offset < h.bytes) throw new Reject(ParserError.PacketTooShort);
    copyBytes(h.b, 0, this.packet, this.offset, h.bytes);
    h.extracted(this.offset);
    this.offset += h.bytes;
  }

  private verify(condition: boolean, error: ParserError): void {
    if (!condition) throw new Reject(error);
  }

  private parseEthernet(): void {
    const hdr = this.hdr;
    this.extract(hdr.ethernet);
    const type = u16(hdr.ethernet.b, 12);
    if (type === D.ETHERTYPE_IPV4) this.parseIpv4();
    else if (type === D.ETHERTYPE_IPV6) this.parseIpv6();
  }

  // Non-first fragments carry no upper-layer header.
  private parseIpv4(): void {
    const ip = this.hdr.ipv4;
    this.extract(ip);
    this.verify(ipv4Version(ip) === 4, ParserError.BadIpVersion);
    this.verify(ipv4Ihl(ip) === 5, ParserError.BadIpv4Ihl);
    if (ipv4FragOffset(ip) !== 0) return;
    switch (ip.b[9]) {
      case D.IP_PROTO_TCP:
        return this.extract(this.hdr.tcp);
      case D.IP_PROTO_UDP:
        return this.extract(this.hdr.udp);
      case D.IP_PROTO_ICMP:
        return this.extract(this.hdr.icmp);
      case D.IP_PROTO_IPV4:
        return this.parseInnerIpv4();
      case D.IP_PROTO_IPV6:
        return this.parseInnerIpv6();
    }
  }

  private parseIpv6(): void {
    const ip = this.hdr.ipv6;
    this.extract(ip);
    this.verify(ipv6Version(ip) === 6, ParserError.BadIpVersion);
    switch (ip.b[V6.nextHeader]) {
      case D.IP_PROTO_TCP:
        return this.extract(this.hdr.tcp);
      case D.IP_PROTO_UDP:
        return this.extract(this.hdr.udp);
      case D.IP_PROTO_ICMPV6:
        return this.extract(this.hdr.icmpv6);
      case D.IP_PROTO_DEST_OPTS:
        return this.parseDestOpts();
      case D.IP_PROTO_IPV4:
        return this.parseInnerIpv4();
      case D.IP_PROTO_IPV6:
        return this.parseInnerIpv6();
    }
  }

  // wire §1: the ROSA option is the only option of the Destination Options header.
  private parseDestOpts(): void {
    this.extract(this.hdr.dest_opts);
    if (this.hdr.dest_opts.b[DestOpts.optType] === D.ROSA_OPTION_TYPE) this.parseRosa();
  }

  // Each message type has one option length and one Hdr Ext Len (wire §1).
  private parseRosa(): void {
    const hdr = this.hdr;
    this.extract(hdr.rosa);
    const msg = hdr.rosa.b[Rosa.msgType];
    const extLen = hdr.dest_opts.b[DestOpts.hdrExtLen];
    const optLen = hdr.dest_opts.b[DestOpts.optLen];
    const payloadLen = u16(hdr.ipv6.b, V6.payloadLen);
    if (
      msg === D.ROSA_MSG_REQUEST &&
      extLen === D.ROSA_REQUEST_EXT_LEN &&
      optLen === D.ROSA_REQUEST_OPT_LEN
    ) {
      this.extract(hdr.rosa_request);
      this.verify(payloadLen >= D.ROSA_REQUEST_HDR_BYTES, ParserError.BadRosaOption);
    } else if (
      msg === D.ROSA_MSG_RESPONSE &&
      extLen === D.ROSA_RESPONSE_EXT_LEN &&
      optLen === D.ROSA_RESPONSE_OPT_LEN
    ) {
      this.extract(hdr.rosa_request);
      this.extract(hdr.rosa_response);
      this.verify(payloadLen >= D.ROSA_RESPONSE_HDR_BYTES, ParserError.BadRosaOption);
    } else if (
      (msg === D.ROSA_MSG_ANNOUNCE || msg === D.ROSA_MSG_WITHDRAW) &&
      extLen === D.ROSA_ANNOUNCE_EXT_LEN &&
      optLen === D.ROSA_ANNOUNCE_OPT_LEN
    ) {
      this.extract(hdr.rosa_announce);
      this.verify(payloadLen >= D.ROSA_ANNOUNCE_HDR_BYTES, ParserError.BadRosaOption);
    } else {
      throw new Reject(ParserError.BadRosaOption);
    }
    // parse_rosa_upper_layer
    switch (hdr.dest_opts.b[DestOpts.nextHeader]) {
      case D.IP_PROTO_TCP:
        return this.extract(hdr.tcp);
      case D.IP_PROTO_UDP:
        return this.extract(hdr.udp);
      case D.IP_PROTO_ICMPV6:
        return this.extract(hdr.icmpv6);
    }
  }

  // Inner headers of 4in4, 6in4, 4in6 and 6in6 (wire §4).
  private parseInnerIpv4(): void {
    const ip = this.hdr.inner_ipv4;
    this.extract(ip);
    this.verify(ipv4Version(ip) === 4, ParserError.BadIpVersion);
    this.verify(ipv4Ihl(ip) === 5, ParserError.BadIpv4Ihl);
    if (ipv4FragOffset(ip) !== 0) return;
    if (ip.b[9] === D.IP_PROTO_TCP) this.extract(this.hdr.inner_tcp);
    else if (ip.b[9] === D.IP_PROTO_UDP) this.extract(this.hdr.inner_udp);
  }

  private parseInnerIpv6(): void {
    const ip = this.hdr.inner_ipv6;
    this.extract(ip);
    this.verify(ipv6Version(ip) === 6, ParserError.BadIpVersion);
    if (ip.b[V6.nextHeader] === D.IP_PROTO_TCP) this.extract(this.hdr.inner_tcp);
    else if (ip.b[V6.nextHeader] === D.IP_PROTO_UDP) this.extract(this.hdr.inner_udp);
  }
}

/**
 * FabricDeparser: the valid headers in emission order, then the payload the parser did not
 * consume (packet[payloadOffset..]). While no validity changed since parsing (nothing pushed,
 * popped or assigned), the valid headers are the extracted ones and sit where they came from:
 * the packet is copied and those headers written over their old bytes.
 */
export function deparse(hdr: Headers, packet: Uint8Array, payloadOffset: number): Uint8Array {
  const { layout } = hdr;
  if (!layout.changed) {
    const out = copyPacket(packet);
    const parsed = layout.parsed;
    for (let i = 0; i < parsed.length; i++) {
      const h = parsed[i];
      out.set(h.b, h.parsedAt);
    }
    return out;
  }
  const all = hdr.all;
  let length = packet.length - payloadOffset;
  for (let i = 0; i < all.length; i++) if (all[i].valid) length += all[i].bytes;
  const out = allocPacket(length);
  let at = 0;
  for (let i = 0; i < all.length; i++) {
    const h = all[i];
    if (!h.valid) continue;
    copyBytes(out, at, h.b, 0, h.bytes);
    at += h.bytes;
  }
  out.set(packet.subarray(payloadOffset), at);
  return out;
}
