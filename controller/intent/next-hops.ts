/**
 * Next hops of a switch (routing.next_hops: id -> port, smac, dmac) and the next hop towards an
 * instance. A stand-in until the routing intent (routing.ts) owns next-hop allocation; ids are
 * chosen so that they do not change when instances come and go:
 *   - one per link: id = port + 1 (1..512), smac = the port's MAC, dmac = the peer's MAC;
 *   - one per instance attached here with a MAC other than its link's peer MAC:
 *     ids from 1024 up, in (port, MAC) order (these do shift when such instances change).
 */
import { formatAddress, prefixContains, type IpPrefix } from '../domain/address';
import type { DomainState } from '../domain/state';
import type { Instance } from '../domain/instance';
import type { Switch } from '../domain/switch';

/** One routing.next_hops entry. */
export interface NextHop {
  readonly id: number;
  readonly port: number;
  readonly smac: string;
  readonly dmac: string;
}

/** First id of the per-instance next hops. */
export const INSTANCE_NEXT_HOP_BASE = 1024;

/** The next hops of `sw` (see the file comment), ordered by id. */
export function nextHopsOf(state: DomainState, sw: Switch): NextHop[] {
  const hops: NextHop[] = [];
  for (const l of sw.links) {
    const port = sw.port(l.port);
    if (port) hops.push({ id: l.port + 1, port: l.port, smac: port.mac, dmac: l.peerMac });
  }
  const extra = new Map<string, { port: number; mac: string }>();
  for (const x of state.instances) {
    for (const a of x.attachments) {
      if (a.switch !== sw.name || sw.linkOn(a.port)?.peerMac === a.mac) continue;
      extra.set(`${a.port.toString().padStart(3, '0')} ${a.mac}`, { port: a.port, mac: a.mac });
    }
  }
  [...extra.keys()].sort().forEach((k, i) => {
    const e = extra.get(k) as { port: number; mac: string };
    const smac = sw.port(e.port)?.mac as string;
    hops.push({ id: INSTANCE_NEXT_HOP_BASE + i, port: e.port, smac, dmac: e.mac });
  });
  return hops;
}

/**
 * The next hop id on `sw` towards `instance`: its preferred attachment on `sw`, else the
 * longest route of `sw` covering one of its locators (preferred locator first) whose port has a
 * link. Undefined if `sw` has no way to it.
 */
export function nextHopTo(
  state: DomainState,
  sw: Switch,
  instance: Instance,
  hops: readonly NextHop[],
): number | undefined {
  for (const a of instance.attachments) {
    if (a.switch !== sw.name) continue;
    const hop = hops.find((h) => h.port === a.port && h.dmac === a.mac);
    if (hop) return hop.id;
  }
  const routes = state.topology.routesOf(sw.name);
  for (const loc of instance.locators) {
    let best: { prefix: IpPrefix; port: number } | undefined;
    for (const r of routes) {
      if (!prefixContains(r.prefix, loc)) continue;
      if (best === undefined || r.prefix.length > best.prefix.length) best = r;
    }
    const hop = best && hops.find((h) => h.port === best.port && h.id === best.port + 1);
    if (hop) return hop.id;
  }
  return undefined;
}

/** Text of an instance's locators, for messages. */
export const locatorsText = (x: Instance) => x.locators.map(formatAddress).join(', ');
