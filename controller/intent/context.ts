/**
 * What every part of the intent compiler shares for one DomainState: the next hop table of
 * each switch, shortest-path first hops (computed once per target switch), and how a switch
 * reaches an instance or another switch.
 */
import {
  type DomainState,
  type Instance,
  type IpAddress,
  type Switch,
  prefixContains,
} from '../domain';
import { NextHopTable } from './next-hops';
import { distancesTo, firstHops } from './paths';

/** Configuration the domain does not hold (from the controller's configuration). */
export interface IntentOptions {
  /** Service Address Gateway per SAR switch name (sar.fib's default, wire §1). */
  readonly gateways?: Readonly<Record<string, string>>;
  /** Operator drops in acl.acl, on every switch or on the one named. */
  readonly aclDrops?: readonly AclDrop[];
}

/** An operator drop: packets matching every given field are dropped (DROP_ACL). */
export interface AclDrop {
  readonly switch?: string;
  /** Higher wins; the neighbour-discovery and ARP punts sit at ACL_PUNT_PRIORITY. */
  readonly priority: number;
  readonly ingressPort?: number;
  readonly ethType?: number;
  readonly ipProto?: number;
  readonly l4Dport?: number;
}

/** Lookups shared by the controls' compilers for one state. */
export class IntentContext {
  private readonly tables = new Map<string, NextHopTable>();
  private readonly hops = new Map<string, Map<string, number>>();
  private readonly dists = new Map<string, Map<string, number>>();

  constructor(
    readonly state: DomainState,
    /** Unix time in seconds (time-hop epochs); never read from the clock here. */
    readonly now: number,
    readonly options: IntentOptions = {},
  ) {}

  /** The next hops of switch `sw`. */
  nextHops(sw: Switch): NextHopTable {
    let t = this.tables.get(sw.name);
    if (t === undefined) {
      t = NextHopTable.of(sw, this.state.instances);
      this.tables.set(sw.name, t);
    }
    return t;
  }

  /** Hop counts from every switch to `target`. */
  distances(target: string): Map<string, number> {
    let d = this.dists.get(target);
    if (d === undefined) {
      d = distancesTo(this.state.switches, target);
      this.dists.set(target, d);
    }
    return d;
  }

  /** The next hop id on `from` towards switch `target` (undefined: itself or unreachable). */
  towardsSwitch(from: Switch, target: string): number | undefined {
    let h = this.hops.get(target);
    if (h === undefined) {
      h = firstHops(this.state.switches, target);
      this.hops.set(target, h);
    }
    const port = h.get(from.name);
    const link = port === undefined ? undefined : from.linkOn(port);
    return link === undefined ? undefined : this.nextHops(from).id(link.port, link.peerMac);
  }

  /**
   * The next hop id on `from` towards instance `x`: its attachment on `from`, else the first hop
   * towards the switch of its first attachment, else a route of the domain on `from` that
   * holds its first locator. Undefined if none.
   */
  towardsInstance(from: Switch, x: Instance): number | undefined {
    const here = x.attachments.find((a) => a.switch === from.name);
    if (here !== undefined) return this.nextHops(from).id(here.port, here.mac);
    if (x.attachments.length > 0) return this.towardsSwitch(from, x.attachments[0].switch);
    return this.byDomainRoute(from, x.locators[0]);
  }

  /** The next hop of the longest domain route on `from` holding `a`. */
  byDomainRoute(from: Switch, a: IpAddress): number | undefined {
    let best: { length: number; port: number } | undefined;
    for (const r of this.state.topology.routesOf(from.name)) {
      if (prefixContains(r.prefix, a) && (best === undefined || r.prefix.length > best.length)) {
        best = { length: r.prefix.length, port: r.port };
      }
    }
    const link = best === undefined ? undefined : from.linkOn(best.port);
    return link === undefined ? undefined : this.nextHops(from).id(link.port, link.peerMac);
  }

  /** The switch of `names` nearest to `from` (itself included; ties: the lowest name). */
  nearest(from: Switch, names: readonly string[]): string | undefined {
    let best: { name: string; d: number } | undefined;
    for (const n of [...names].sort()) {
      const d = this.distances(n).get(from.name);
      if (d !== undefined && (best === undefined || d < best.d)) best = { name: n, d };
    }
    return best?.name;
  }
}
