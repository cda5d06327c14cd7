/**
 * mslb_encap.p4 in TypeScript: pushes the outer header of an MSLB tunnel (wire §4): outer
 * IPv6 (next header 41 / 4) or IPv4 (protocol 4 / 41), hop limit / TTL 64, traffic class
 * copied, flow label = the low 20 bits of the inner flow hash, IPv4 DF set, identification 0.
 */
import * as D from '../define';
import { V4, V6, copyBytes, ipv6TrafficClass, setU16, u16 } from '../header';
import type { Headers } from '../header';

/** Where the outer header goes: family, and the addresses of that family. */
export interface Tunnel {
  outerIsV6: boolean;
  readonly srcV6: Uint8Array;
  readonly dstV6: Uint8Array;
  readonly srcV4: Uint8Array;
  readonly dstV4: Uint8Array;
}

/** A Tunnel with zeroed addresses, to fill per packet. */
export function newTunnel(): Tunnel {
  return {
    outerIsV6: false,
    srcV6: new Uint8Array(16),
    dstV6: new Uint8Array(16),
    srcV4: new Uint8Array(4),
    dstV4: new Uint8Array(4),
  };
}

/** MslbEncap. */
export function pushOuter(hdr: Headers, t: Tunnel, flowHash: number): void {
  let innerLen = 0;
  let innerProto = 0;
  let trafficClass = 0;
  if (hdr.ipv6.valid) {
    innerLen = (u16(hdr.ipv6.b, V6.payloadLen) + D.IPV6_HEADER_BYTES) & 0xffff;
    innerProto = D.IP_PROTO_IPV6;
    trafficClass = ipv6TrafficClass(hdr.ipv6);
  } else if (hdr.ipv4.valid) {
    innerLen = u16(hdr.ipv4.b, V4.totalLen);
    innerProto = D.IP_PROTO_IPV4;
    trafficClass = hdr.ipv4.b[V4.tos];
  }

  if (t.outerIsV6) {
    const o = hdr.tun_ipv6;
    o.setValid();
    const b = o.b;
    const label = flowHash & 0xfffff;
    b[0] = 0x60 | (trafficClass >> 4);
    b[1] = ((trafficClass & 0x0f) << 4) | (label >> 16);
    b[2] = (label >> 8) & 0xff;
    b[3] = label & 0xff;
    setU16(b, V6.payloadLen, innerLen);
    b[V6.nextHeader] = innerProto;
    b[V6.hopLimit] = D.TUNNEL_HOP_LIMIT;
    copyBytes(b, V6.src, t.srcV6, 0, 16);
    copyBytes(b, V6.dst, t.dstV6, 0, 16);
  } else {
    const o = hdr.tun_ipv4;
    o.setValid();
    const b = o.b;
    b[0] = 0x45;
    b[V4.tos] = trafficClass;
    setU16(b, V4.totalLen, innerLen + D.IPV4_HEADER_BYTES);
    setU16(b, V4.id, 0);
    setU16(b, V4.flagsFrag, D.IPV4_FLAGS_DF << 13);
    b[V4.ttl] = D.TUNNEL_HOP_LIMIT;
    b[V4.proto] = innerProto;
    setU16(b, V4.csum, 0);
    copyBytes(b, V4.src, t.srcV4, 0, 4);
    copyBytes(b, V4.dst, t.dstV4, 0, 4);
  }
}
