/**
 * acl.p4 on every switch: punts to the controller for ARP and IPv6 neighbour discovery
 * (ICMPv6 types 133..137: router solicitation and advertisement, neighbour solicitation and
 * advertisement, redirect), as docs/dataplane.md asks, and the operator's configured drops.
 */
import { acl, type AclMatch } from '../../p4runtime/fabric';
import type { TableEntry } from '../../p4runtime/entities';
import type { Switch } from '../domain';
import { Collector } from './collect';
import type { AclDrop, IntentContext } from './context';

/** Priority of the ARP and neighbour-discovery punts (higher wins in acl.acl). */
export const ACL_PUNT_PRIORITY = 1000;
export const ETH_ARP = 0x0806;
export const ETH_IPV6 = 0x86dd;
export const IP_PROTO_ICMPV6 = 58;
/** ICMPv6 neighbour discovery types (RFC 4861). */
export const ND_TYPES = [133, 134, 135, 136, 137] as const;

const exact = (value: number, bits: number) => ({ value, mask: 2 ** bits - 1 });

/** The acl.acl match of an operator drop (fields left out are "don't care"). */
export function dropMatch(d: AclDrop): AclMatch {
  return {
    ...(d.ingressPort !== undefined ? { ingress_port: exact(d.ingressPort, 9) } : {}),
    ...(d.ethType !== undefined ? { eth_type: exact(d.ethType, 16) } : {}),
    ...(d.ipProto !== undefined ? { ip_proto: exact(d.ipProto, 8) } : {}),
    ...(d.l4Dport !== undefined ? { l4_dport: exact(d.l4Dport, 16) } : {}),
  };
}

/** The ACL entries of `sw`. */
export function compileAcl(ctx: IntentContext, sw: Switch): TableEntry[] {
  const c = new Collector(sw.name);
  c.add(acl({ eth_type: exact(ETH_ARP, 16) }, 'punt', ACL_PUNT_PRIORITY), 'the ARP punt');
  for (const t of ND_TYPES) {
    c.add(
      acl(
        {
          eth_type: exact(ETH_IPV6, 16),
          ip_proto: exact(IP_PROTO_ICMPV6, 8),
          icmp_type: exact(t, 8),
        },
        'punt',
        ACL_PUNT_PRIORITY,
      ),
      `the neighbour discovery punt (type ${t})`,
    );
  }
  for (const d of ctx.options.aclDrops ?? []) {
    if (d.switch === undefined || d.switch === sw.name) {
      c.add(acl(dropMatch(d), 'drop', d.priority), 'an operator drop');
    }
  }
  return c.entries();
}
