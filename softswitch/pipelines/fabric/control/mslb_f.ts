/**
 * mslb_f.p4 in TypeScript: the MSLB-F step (wire §4). A packet to a service address IP_S
 * goes to one MSLB-B: the highest-priority source entry, else the flow-hash bucket of the
 * service. Translation sets dst := IP_B; encapsulation pushes an outer header towards IP_B
 * unless the result exceeds the tunnel MTU, in which case the packet is punted unchanged with
 * the MTU left for the inner packet.
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { V4, V6, copyBytes, ipv4Flags, u16 } from '../header';
import type { Headers, LocalMetadata } from '../header';
import { flowHash } from './lookup';
import { newTunnel, pushOuter } from './mslb_encap';

const SERVICE_PARAMS: readonly (readonly [string, number])[] = [
  ['service', 16],
  ['encap', 1],
  ['bucket_mask', 16],
  ['tunnel_mtu', 16],
  ['tunnel_src_v4', 32],
  ['tunnel_src_v6', 128],
];

/** MslbF, bound to the mslb.f_* tables. */
export class MslbF {
  private readonly servicesV6: BoundTable;
  private readonly servicesV4: BoundTable;
  private readonly sourcesV6: BoundTable;
  private readonly sourcesV4: BoundTable;
  private readonly buckets: BoundTable;
  /** Action ids that choose an IPv6 MSLB-B (the others with a hit choose an IPv4 one). */
  private readonly toBV6: ReadonlySet<number>;
  private readonly tunnel = newTunnel();
  private readonly sourceKeyV6 = new Uint8Array(18);
  private readonly sourceKeyV4 = new Uint8Array(6);
  private readonly bucketKey = new Uint8Array(4);

  constructor(bind: Binder) {
    this.servicesV6 = bind.table(
      'mslb.f_services_v6',
      [['ipv6_dst', 'exact', 128]],
      [
        ['mslb.f_set_service_v6', SERVICE_PARAMS],
        ['mslb.f_service_v6_miss', []],
      ],
    );
    this.servicesV4 = bind.table(
      'mslb.f_services_v4',
      [['ipv4_dst', 'exact', 32]],
      [
        ['mslb.f_set_service_v4', SERVICE_PARAMS],
        ['mslb.f_service_v4_miss', []],
      ],
    );
    this.sourcesV6 = bind.table(
      'mslb.f_sources_v6',
      [
        ['service', 'exact', 16],
        ['ipv6_src', 'ternary', 128],
      ],
      [
        ['mslb.f_source_v6_to_b_v6', [['b_addr', 128]]],
        ['mslb.f_source_v6_to_b_v4', [['b_addr', 32]]],
        ['mslb.f_source_v6_miss', []],
      ],
    );
    this.sourcesV4 = bind.table(
      'mslb.f_sources_v4',
      [
        ['service', 'exact', 16],
        ['ipv4_src', 'ternary', 32],
      ],
      [
        ['mslb.f_source_v4_to_b_v6', [['b_addr', 128]]],
        ['mslb.f_source_v4_to_b_v4', [['b_addr', 32]]],
        ['mslb.f_source_v4_miss', []],
      ],
    );
    this.buckets = bind.table(
      'mslb.f_buckets',
      [
        ['service', 'exact', 16],
        ['bucket', 'exact', 16],
      ],
      [
        ['mslb.f_bucket_to_b_v6', [['b_addr', 128]]],
        ['mslb.f_bucket_to_b_v4', [['b_addr', 32]]],
        ['mslb.f_bucket_miss', []],
      ],
    );
    this.toBV6 = new Set([
      this.sourcesV6.id('mslb.f_source_v6_to_b_v6'),
      this.sourcesV4.id('mslb.f_source_v4_to_b_v6'),
      this.buckets.id('mslb.f_bucket_to_b_v6'),
    ]);
  }

  /** Returns `hit` (the destination is a service fronted here). */
  apply(hdr: Headers, meta: LocalMetadata, bytes: number): boolean {
    let s: number;
    let services: BoundTable;
    let chosenTable: BoundTable | undefined;
    let c = -1;
    if (hdr.ipv6.valid) {
      services = this.servicesV6;
      s = services.apply(hdr.ipv6.b, V6.dst, bytes);
      if (s >= 0) {
        const k = this.sourceKeyV6;
        copyBytes(k, 0, services.action(s).params[0], 0, 2);
        copyBytes(k, 2, hdr.ipv6.b, V6.src, 16);
        c = this.sourcesV6.apply(k, 0, bytes);
        chosenTable = this.sourcesV6;
      }
    } else if (hdr.ipv4.valid) {
      services = this.servicesV4;
      s = services.apply(hdr.ipv4.b, V4.dst, bytes);
      if (s >= 0) {
        const k = this.sourceKeyV4;
        copyBytes(k, 0, services.action(s).params[0], 0, 2);
        copyBytes(k, 2, hdr.ipv4.b, V4.src, 4);
        c = this.sourcesV4.apply(k, 0, bytes);
        chosenTable = this.sourcesV4;
      }
    } else {
      return false;
    }
    if (s < 0) return false;

    const svc = services.action(s).params;
    const service = svc[0];
    const encap = services.word(s, 1) === 1;
    const bucketMask = services.word(s, 2);
    const tunnelMtu = services.word(s, 3);
    const hash = flowHash(hdr, meta);
    if (c < 0) {
      const k = this.bucketKey;
      copyBytes(k, 0, service, 0, 2);
      const bucket = hash & 0xffff & bucketMask;
      k[2] = bucket >> 8;
      k[3] = bucket & 0xff;
      c = this.buckets.apply(k, 0, bytes);
      chosenTable = this.buckets;
    }
    if (c < 0) {
      meta.drop = true;
      meta.drop_reason = D.Drop.MSLB_NO_BACKEND;
      return true;
    }

    const table = chosenTable!;
    const chosen = table.action(c);
    const bIsV6 = this.toBV6.has(chosen.actionId);
    const bAddr = chosen.params[0];
    if (!encap) {
      // Translation: only the destination changes, within its family.
      if (hdr.ipv6.valid && bIsV6) copyBytes(hdr.ipv6.b, V6.dst, bAddr, 0, 16);
      else if (hdr.ipv4.valid && !bIsV6) copyBytes(hdr.ipv4.b, V4.dst, bAddr, 0, 4);
      else {
        meta.drop = true;
        meta.drop_reason = D.Drop.MSLB_FAMILY_MISMATCH;
      }
      return true;
    }

    // Encapsulation, if the outer packet fits the tunnel MTU.
    let innerLen = 0;
    if (hdr.ipv6.valid) innerLen = u16(hdr.ipv6.b, V6.payloadLen) + D.IPV6_HEADER_BYTES;
    else if (hdr.ipv4.valid) innerLen = u16(hdr.ipv4.b, V4.totalLen);
    const outerLen = bIsV6 ? D.IPV6_HEADER_BYTES : D.IPV4_HEADER_BYTES;
    if (tunnelMtu !== 0 && innerLen + outerLen > tunnelMtu) {
      meta.punt = true;
      meta.punt_mtu = tunnelMtu > outerLen ? tunnelMtu - outerLen : 0;
      if (hdr.ipv6.valid) meta.punt_reason = D.Punt.MSLB_PACKET_TOO_BIG;
      else if (hdr.ipv4.valid && (ipv4Flags(hdr.ipv4) & D.IPV4_FLAGS_DF) !== 0)
        meta.punt_reason = D.Punt.MSLB_FRAG_NEEDED;
      else meta.punt_reason = D.Punt.MSLB_TOO_BIG_NO_DF;
      return true;
    }
    const t = this.tunnel;
    t.outerIsV6 = bIsV6;
    copyBytes(t.srcV4, 0, svc[4], 0, 4);
    copyBytes(t.srcV6, 0, svc[5], 0, 16);
    if (bIsV6) copyBytes(t.dstV6, 0, bAddr, 0, 16);
    else copyBytes(t.dstV4, 0, bAddr, 0, 4);
    pushOuter(hdr, t, hash);
    return true;
  }
}
