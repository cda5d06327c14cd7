/**
 * One builder per table of p4/v1model/main.p4, by P4Info names (docs/dataplane.md lists
 * every table, key, action and parameter). The packet tests write these through the P4Runtime
 * client, so a builder is also an example of what the controller installs.
 *
 *   session.insert([E.nextHop(1, 2, SWITCH_MAC, HOST_MAC), E.routeV6('2001:db8::/32', 1)]);
 */
import { TableEntry } from '../../../p4runtime/entities';
import type { ActionCall } from '../../../p4runtime/entities/action';
import type { Value } from '../../../p4runtime/entities/match';

type Addr = string | Uint8Array;

/** routing.next_hops: next hop `id` leaves on `port` from `smac` to `dmac`. */
export const nextHop = (id: number, port: number, smac: string, dmac: string) =>
  new TableEntry({
    table: 'routing.next_hops',
    match: { next_hop: id },
    action: { name: 'routing.set_output', params: { port, smac, dmac } },
  });

/** routing.v6: `prefix` ('2001:db8::/32') to next hop `id`. */
export const routeV6 = (prefix: string, id: number) =>
  new TableEntry({
    table: 'routing.v6',
    match: { ipv6_dst: prefix },
    action: { name: 'routing.v6_set_next_hop', params: { next_hop: id } },
  });

/** routing.v4: `prefix` ('10.0.0.0/8') to next hop `id`. */
export const routeV4 = (prefix: string, id: number) =>
  new TableEntry({
    table: 'routing.v4',
    match: { ipv4_dst: prefix },
    action: { name: 'routing.v4_set_next_hop', params: { next_hop: id } },
  });

/** The ternary fields of acl.acl; leave one out for "don't care". */
export interface AclMatch {
  ingress_port?: { value: Value; mask: Value };
  eth_dst?: { value: Value; mask: Value };
  eth_type?: { value: Value; mask: Value };
  ip_proto?: { value: Value; mask: Value };
  icmp_type?: { value: Value; mask: Value };
  l4_dport?: { value: Value; mask: Value };
}

/** acl.acl: `action` ('punt', 'drop' or 'permit') for packets matching `match`. */
export const acl = (match: AclMatch, action: 'punt' | 'drop' | 'permit', priority: number) =>
  new TableEntry({
    table: 'acl.acl',
    match: { ...match },
    priority,
    action: { name: `acl.${action}` },
  });

/** An SSA rule as ssa.ranges takes it (wire §2). */
export type SsaRule =
  | { rule: 'any'; service: number }
  | { rule: 'identity'; service: number; demote?: boolean }
  | { rule: 'hash'; service: number; key: number; sliceBits: number; demote?: boolean }
  | {
      rule: 'time-hop';
      service: number;
      key: number;
      sliceBits: number;
      epoch: number;
      demote?: boolean;
    }
  | { rule: 'content'; service: number };

/** ssa.ranges: the range `prefix` ('2001:db8:5::/64') of a service with its rule. */
export function ssaRange(prefix: string, r: SsaRule): TableEntry {
  const demote = 'demote' in r && r.demote ? 1 : 0;
  const mask = 'sliceBits' in r ? 2 ** r.sliceBits - 1 : 0;
  const action: ActionCall =
    r.rule === 'any'
      ? { name: 'ssa.rule_any', params: { service: r.service } }
      : r.rule === 'identity'
        ? { name: 'ssa.rule_identity', params: { service: r.service, demote } }
        : r.rule === 'hash'
          ? {
              name: 'ssa.rule_hash',
              params: { service: r.service, key: r.key, slice_mask: mask, demote },
            }
          : r.rule === 'time-hop'
            ? {
                name: 'ssa.rule_time_hop',
                params: {
                  service: r.service,
                  key: r.key,
                  slice_mask: mask,
                  epoch: r.epoch,
                  demote,
                },
              }
            : { name: 'ssa.rule_content', params: { service: r.service } };
  return new TableEntry({ table: 'ssa.ranges', match: { ipv6_dst: prefix }, action });
}

/** ssa.slices: slice `prefix` (P/(L+s)) is slice `index`, held behind next hop `id`. */
export const ssaSlice = (prefix: string, index: number, id: number) =>
  new TableEntry({
    table: 'ssa.slices',
    match: { ipv6_dst: prefix },
    action: { name: 'ssa.set_slice', params: { index, next_hop: id } },
  });

/** ssa.slices: the legacy slice `prefix` (published as AAAA, exempt from the rule, wire §3). */
export const ssaLegacySlice = (prefix: string, id: number) =>
  new TableEntry({
    table: 'ssa.slices',
    match: { ipv6_dst: prefix },
    action: { name: 'ssa.set_legacy_slice', params: { next_hop: id } },
  });

/** sar.addresses: `address` is one of the SAR's own addresses. */
export const sarAddress = (address: Addr) =>
  new TableEntry({
    table: 'sar.addresses',
    match: { ipv6_dst: address },
    action: { name: 'sar.own_address' },
  });

/** sar.fib: service id (8 bytes) -> service index, scheduling mode, member count. */
export const sarService = (
  serviceId: Uint8Array | bigint,
  service: number,
  mode: number,
  members: number,
) =>
  new TableEntry({
    table: 'sar.fib',
    match: { service_id: serviceId },
    action: { name: 'sar.set_service', params: { service, mode, members } },
  });

/** sar.fib's default entry: unknown services go to the Service Address Gateway (wire §1). */
export const sarGateway = (gateway: Addr) =>
  new TableEntry({
    table: 'sar.fib',
    isDefault: true,
    action: { name: 'sar.to_gateway', params: { gateway } },
  });

/** sar.nhib: member `slot` of service index `service` is `address` (instance or next SAR). */
export const sarMember = (service: number, slot: number, address: Addr) =>
  new TableEntry({
    table: 'sar.nhib',
    match: { service, slot },
    action: { name: 'sar.set_member', params: { address } },
  });

/** mslb.b_addresses_*: a packet to IP_B `ipB` gets dst := `ipS` (translation mode). */
export const mslbWriteBack = (family: 'v6' | 'v4', ipB: Addr, ipS: Addr) =>
  new TableEntry({
    table: `mslb.b_addresses_${family}`,
    match: { [`ip${family}_dst`]: ipB },
    action: { name: `mslb.b_write_back_${family}`, params: { service_addr: ipS } },
  });

/** mslb.b_addresses_*: a packet to IP_B `ipB` is decapsulated (encapsulation mode). */
export const mslbDecap = (family: 'v6' | 'v4', ipB: Addr) =>
  new TableEntry({
    table: `mslb.b_addresses_${family}`,
    match: { [`ip${family}_dst`]: ipB },
    action: { name: `mslb.b_decap_${family}` },
  });

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
export const mslbService = (family: 'v6' | 'v4', ipS: Addr, s: MslbService) =>
  new TableEntry({
    table: `mslb.f_services_${family}`,
    match: { [`ip${family}_dst`]: ipS },
    action: {
      name: `mslb.f_set_service_${family}`,
      params: {
        service: s.service,
        encap: s.encap ? 1 : 0,
        bucket_mask: s.bucketMask,
        tunnel_mtu: s.tunnelMtu ?? 0,
        tunnel_src_v4: s.tunnelSrcV4 ?? '0.0.0.0',
        tunnel_src_v6: s.tunnelSrcV6 ?? '::',
      },
    },
  });

/** mslb.f_sources_*: sources matching `src`/`mask` of `service` go to MSLB-B `b` (v6 or v4). */
export const mslbSource = (
  family: 'v6' | 'v4',
  service: number,
  src: { value: Value; mask: Value },
  priority: number,
  b: { v6: string } | { v4: string },
) =>
  new TableEntry({
    table: `mslb.f_sources_${family}`,
    match: { service, [`ip${family}_src`]: src },
    priority,
    action:
      'v6' in b
        ? { name: `mslb.f_source_${family}_to_b_v6`, params: { b_addr: b.v6 } }
        : { name: `mslb.f_source_${family}_to_b_v4`, params: { b_addr: b.v4 } },
  });

/** mslb.f_buckets: bucket `bucket` of `service` goes to MSLB-B `b`. */
export const mslbBucket = (service: number, bucket: number, b: { v6: string } | { v4: string }) =>
  new TableEntry({
    table: 'mslb.f_buckets',
    match: { service, bucket },
    action:
      'v6' in b
        ? { name: 'mslb.f_bucket_to_b_v6', params: { b_addr: b.v6 } }
        : { name: 'mslb.f_bucket_to_b_v4', params: { b_addr: b.v4 } },
  });

/** mslb.b_return_*: replies from `ipS` are encapsulated from `via.src` to `via.dst`. */
export const mslbReturn = (
  family: 'v6' | 'v4',
  ipS: Addr,
  via: { v6: [string, string] } | { v4: [string, string] },
) =>
  new TableEntry({
    table: `mslb.b_return_${family}`,
    match: { [`ip${family}_src`]: ipS },
    action:
      'v6' in via
        ? { name: `mslb.b_return_${family}_via_v6`, params: { src: via.v6[0], dst: via.v6[1] } }
        : { name: `mslb.b_return_${family}_via_v4`, params: { src: via.v4[0], dst: via.v4[1] } },
  });
