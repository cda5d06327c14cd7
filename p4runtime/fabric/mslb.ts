/**
 * Entries of the MSLB controls (p4/include/control/mslb*.p4): MSLB-B addresses and return
 * paths, MSLB-F services, sources and buckets, for IPv6 ('v6') and IPv4 ('v4').
 */
import { A, T } from '../../generated/fabric-p4info';
import type { TableEntry, Value } from '../entities';

type Addr = string | Uint8Array;
type Family = 'v6' | 'v4';
/** An MSLB-B by its address, in the family it is reached in. */
export type MslbB = { v6: string } | { v4: string };

/** mslb.b_addresses_*: a packet to IP_B `ipB` gets dst := `ipS` (translation mode). */
export const mslbWriteBack = (family: Family, ipB: Addr, ipS: Addr): TableEntry =>
  family === 'v6'
    ? T.mslb.b_addresses_v6.entry({
        match: { ipv6_dst: ipB },
        action: A.mslb.b_write_back_v6({ service_addr: ipS }),
      })
    : T.mslb.b_addresses_v4.entry({
        match: { ipv4_dst: ipB },
        action: A.mslb.b_write_back_v4({ service_addr: ipS }),
      });

/** mslb.b_addresses_*: a packet to IP_B `ipB` is decapsulated (encapsulation mode). */
export const mslbDecap = (family: Family, ipB: Addr): TableEntry =>
  family === 'v6'
    ? T.mslb.b_addresses_v6.entry({ match: { ipv6_dst: ipB }, action: A.mslb.b_decap_v6() })
    : T.mslb.b_addresses_v4.entry({ match: { ipv4_dst: ipB }, action: A.mslb.b_decap_v4() });

/** What mslb.f_set_service_* takes for a service address. */
export interface MslbService {
  service: number;
  encap: boolean;
  /** Number of buckets - 1 (a power of two - 1). */
  bucketMask: number;
  /** 0: no MTU check. */
  tunnelMtu?: number;
  tunnelSrcV4?: string;
  tunnelSrcV6?: string;
}

/** mslb.f_services_*: the F fronts service address `ipS` (of `family`). */
export function mslbService(family: Family, ipS: Addr, s: MslbService): TableEntry {
  const params = {
    service: s.service,
    encap: s.encap ? 1 : 0,
    bucket_mask: s.bucketMask,
    tunnel_mtu: s.tunnelMtu ?? 0,
    tunnel_src_v4: s.tunnelSrcV4 ?? '0.0.0.0',
    tunnel_src_v6: s.tunnelSrcV6 ?? '::',
  };
  return family === 'v6'
    ? T.mslb.f_services_v6.entry({
        match: { ipv6_dst: ipS },
        action: A.mslb.f_set_service_v6(params),
      })
    : T.mslb.f_services_v4.entry({
        match: { ipv4_dst: ipS },
        action: A.mslb.f_set_service_v4(params),
      });
}

/** mslb.f_sources_*: sources matching `src`/`mask` of `service` go to MSLB-B `b` (v6 or v4). */
export function mslbSource(
  family: Family,
  service: number,
  src: { value: Value; mask: Value },
  priority: number,
  b: MslbB,
): TableEntry {
  if (family === 'v6') {
    return T.mslb.f_sources_v6.entry({
      match: { service, ipv6_src: src },
      priority,
      action:
        'v6' in b
          ? A.mslb.f_source_v6_to_b_v6({ b_addr: b.v6 })
          : A.mslb.f_source_v6_to_b_v4({ b_addr: b.v4 }),
    });
  }
  return T.mslb.f_sources_v4.entry({
    match: { service, ipv4_src: src },
    priority,
    action:
      'v6' in b
        ? A.mslb.f_source_v4_to_b_v6({ b_addr: b.v6 })
        : A.mslb.f_source_v4_to_b_v4({ b_addr: b.v4 }),
  });
}

/** mslb.f_buckets: bucket `bucket` of `service` goes to MSLB-B `b`. */
export const mslbBucket = (service: number, bucket: number, b: MslbB): TableEntry =>
  T.mslb.f_buckets.entry({
    match: { service, bucket },
    action:
      'v6' in b
        ? A.mslb.f_bucket_to_b_v6({ b_addr: b.v6 })
        : A.mslb.f_bucket_to_b_v4({ b_addr: b.v4 }),
  });

/** mslb.b_return_*: replies from `ipS` are encapsulated from `via.src` to `via.dst`. */
export function mslbReturn(
  family: Family,
  ipS: Addr,
  via: { v6: [string, string] } | { v4: [string, string] },
): TableEntry {
  if (family === 'v6') {
    return T.mslb.b_return_v6.entry({
      match: { ipv6_src: ipS },
      action:
        'v6' in via
          ? A.mslb.b_return_v6_via_v6({ src: via.v6[0], dst: via.v6[1] })
          : A.mslb.b_return_v6_via_v4({ src: via.v4[0], dst: via.v4[1] }),
    });
  }
  return T.mslb.b_return_v4.entry({
    match: { ipv4_src: ipS },
    action:
      'v6' in via
        ? A.mslb.b_return_v4_via_v6({ src: via.v6[0], dst: via.v6[1] })
        : A.mslb.b_return_v4_via_v4({ src: via.v4[0], dst: via.v4[1] }),
  });
}
