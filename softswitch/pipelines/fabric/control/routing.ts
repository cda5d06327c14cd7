/**
 * routing.p4 in TypeScript: IPv6 / IPv4 forwarding on the outermost IP header (wire §5).
 * routing.v6 / routing.v4 (LPM) give a next hop unless a feature chose one; routing.next_hops
 * gives the port and MACs; the packet's own IP header loses one hop limit / TTL, and a packet
 * that would leave with 0 is dropped; the EtherType follows the outermost header.
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { Eth, V4, V6, copyBytes, setU16 } from '../header';
import type { Headers, LocalMetadata } from '../header';

/** Routing, bound to routing.v6, routing.v4 and routing.next_hops. */
export class Routing {
  private readonly v6: BoundTable;
  private readonly v4: BoundTable;
  private readonly nextHops: BoundTable;
  private readonly nextHopKey = new Uint8Array(2);

  constructor(bind: Binder) {
    this.v6 = bind.table(
      'routing.v6',
      [['ipv6_dst', 'lpm', 128]],
      [
        ['routing.v6_set_next_hop', [['next_hop', 16]]],
        ['routing.v6_miss', []],
      ],
    );
    this.v4 = bind.table(
      'routing.v4',
      [['ipv4_dst', 'lpm', 32]],
      [
        ['routing.v4_set_next_hop', [['next_hop', 16]]],
        ['routing.v4_miss', []],
      ],
    );
    this.nextHops = bind.table(
      'routing.next_hops',
      [['next_hop', 'exact', 16]],
      [
        [
          'routing.set_output',
          [
            ['port', 9],
            ['smac', 48],
            ['dmac', 48],
          ],
        ],
        ['routing.next_hop_miss', []],
      ],
    );
  }

  apply(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    // The outermost IP header.
    let lpm: BoundTable | undefined;
    let dst: Uint8Array | undefined;
    let dstOff = 0;
    let isV6 = false;
    if (hdr.tun_ipv6.valid || (!hdr.tun_ipv4.valid && hdr.ipv6.valid)) {
      const outer = hdr.tun_ipv6.valid ? hdr.tun_ipv6 : hdr.ipv6;
      lpm = this.v6;
      dst = outer.b;
      dstOff = V6.dst;
      isV6 = true;
    } else if (hdr.tun_ipv4.valid || hdr.ipv4.valid) {
      const outer = hdr.tun_ipv4.valid ? hdr.tun_ipv4 : hdr.ipv4;
      lpm = this.v4;
      dst = outer.b;
      dstOff = V4.dst;
    }

    if (lpm === undefined || dst === undefined) return drop(meta, D.Drop.NOT_IP);
    if (!meta.has_next_hop) {
      const h = lpm.apply(dst, dstOff, bytes);
      if (h >= 0) {
        meta.has_next_hop = true;
        meta.next_hop = lpm.word(h, 0);
      }
    }
    if (!meta.has_next_hop) return drop(meta, D.Drop.NO_ROUTE);
    const k = this.nextHopKey;
    k[0] = meta.next_hop >> 8;
    k[1] = meta.next_hop & 0xff;
    const n = this.nextHops.apply(k, 0, bytes);
    if (n < 0) return drop(meta, D.Drop.NEXT_HOP_MISS);
    // set_output ran: port and MACs are set before the hop limit is checked.
    const out = this.nextHops.action(n).params;
    meta.egress_port = this.nextHops.word(n, 0);
    copyBytes(hdr.ethernet.b, Eth.src, out[1], 0, 6);
    copyBytes(hdr.ethernet.b, Eth.dst, out[2], 0, 6);
    if (hdr.ipv6.valid && hdr.ipv6.b[V6.hopLimit] <= 1) return drop(meta, D.Drop.TTL_EXPIRED);
    if (hdr.ipv4.valid && hdr.ipv4.b[V4.ttl] <= 1) return drop(meta, D.Drop.TTL_EXPIRED);
    if (hdr.ipv6.valid) hdr.ipv6.b[V6.hopLimit]--;
    if (hdr.ipv4.valid) hdr.ipv4.b[V4.ttl]--;
    setU16(hdr.ethernet.b, Eth.type, isV6 ? D.ETHERTYPE_IPV6 : D.ETHERTYPE_IPV4);
  }
}

function drop(meta: LocalMetadata, reason: number): void {
  meta.drop = true;
  meta.drop_reason = reason;
}
