/**
 * Entries of the routing control (p4/include/control/routing.p4): next hops and the IPv6 and
 * IPv4 routes that lead to them.
 */
import { A, T } from '../../generated/fabric-p4info';
import type { TableEntry } from '../entities';

/** routing.next_hops: next hop `id` leaves on `port` from `smac` to `dmac`. */
export const nextHop = (id: number, port: number, smac: string, dmac: string): TableEntry =>
  T.routing.next_hops.entry({
    match: { next_hop: id },
    action: A.routing.set_output({ port, smac, dmac }),
  });

/** routing.v6: `prefix` ('2001:db8::/32') to next hop `id`. */
export const routeV6 = (prefix: string, id: number): TableEntry =>
  T.routing.v6.entry({
    match: { ipv6_dst: prefix },
    action: A.routing.v6_set_next_hop({ next_hop: id }),
  });

/** routing.v4: `prefix` ('10.0.0.0/8') to next hop `id`. */
export const routeV4 = (prefix: string, id: number): TableEntry =>
  T.routing.v4.entry({
    match: { ipv4_dst: prefix },
    action: A.routing.v4_set_next_hop({ next_hop: id }),
  });
