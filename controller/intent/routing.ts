/**
 * routing.p4 (wire §5): the next hops of every switch and its LPM routes. Routes are the ones
 * the domain holds, then routes computed from the topology (shortest paths, lowest port on a
 * tie) towards every instance locator, SSA range (its nearest SSA switch), SSA slice whose
 * holder sits behind a switch without the SSA role, SAR address, and MSLB service, B and
 * tunnel address. A domain route wins over a computed one for the same prefix.
 */
import { nextHop, routeV4, routeV6 } from '../../p4runtime/fabric';
import type { TableEntry } from '../../p4runtime/entities';
import {
  type Instance,
  type IpAddress,
  type IpPrefix,
  type Link,
  type Switch,
  addressKey,
  formatPrefix,
  subPrefix,
} from '../domain';
import { Collector } from './collect';
import type { IntentContext } from './context';
import { firstHops } from './paths';

/** Where a computed route leads. */
export type RouteTo =
  | { readonly kind: 'instance'; readonly instance: Instance }
  | { readonly kind: 'switch'; readonly name: string }
  /** The nearest of several switches (none if the switch is one of them). */
  | { readonly kind: 'nearest'; readonly names: readonly string[] };

/** A route every switch (but its destination) should hold. */
export interface RouteTarget {
  readonly prefix: IpPrefix;
  readonly to: RouteTo;
}

const host = (a: IpAddress): IpPrefix => ({ ...a, length: a.family === 6 ? 128 : 32 });

/** The destinations routed on every switch, from the whole domain (computed once per state). */
export function routeTargets(ctx: IntentContext): RouteTarget[] {
  const s = ctx.state;
  const out: RouteTarget[] = [];
  for (const x of s.instances) {
    if (x.attachments.length === 0) continue;
    for (const l of x.locators)
      out.push({ prefix: host(l), to: { kind: 'instance', instance: x } });
  }
  const ssa = s.switches.filter((w) => w.has('ssa')).map((w) => w.name);
  if (ssa.length > 0) {
    for (const svc of s.services) {
      for (const p of svc.slicedRanges)
        out.push({ prefix: p, to: { kind: 'nearest', names: ssa } });
    }
  }
  for (const w of s.switches) {
    for (const a of w.sarAddresses)
      out.push({ prefix: host(a), to: { kind: 'switch', name: w.name } });
    for (const a of [w.tunnel.v6, w.tunnel.v4]) {
      if (a) out.push({ prefix: host(a), to: { kind: 'switch', name: w.name } });
    }
  }
  for (const m of s.mslbs) {
    const f = { kind: 'nearest', names: m.frontends } as const;
    out.push({ prefix: host(m.serviceAddress), to: f });
    for (const a of [m.tunnel.v6, m.tunnel.v4]) if (a) out.push({ prefix: host(a), to: f });
    for (const b of m.bSet)
      out.push({ prefix: host(b.address), to: { kind: 'switch', name: b.switch } });
    for (const r of m.returnPaths) {
      out.push({ prefix: host(r.src), to: { kind: 'switch', name: r.switch } });
    }
  }
  return out;
}

/**
 * Slice prefixes each switch without the SSA role must route because it lies on the path from
 * an SSA switch to a slice holder attached behind it (the destination is the slice address
 * itself, wire §2). Runs of slices with one holder are merged into aligned prefixes.
 */
export function sliceTransit(ctx: IntentContext): Map<string, RouteTarget[]> {
  const s = ctx.state;
  const out = new Map<string, RouteTarget[]>();
  const ssa = s.switches.filter((w) => w.has('ssa'));
  if (ssa.length === 0) return out;
  for (const svc of s.services) {
    const map = s.sliceMap(svc.name);
    if (map === undefined) continue;
    const byHolder = new Map<string, number[]>();
    for (let i = 0; i < map.size; i++) {
      const h = map.holderOf(i);
      if (h !== undefined) (byHolder.get(h) ?? byHolder.set(h, []).get(h)!).push(i);
    }
    for (const [id, slices] of byHolder) {
      const x = s.instance(id);
      const home = x?.attachments[0]?.switch;
      if (x === undefined || home === undefined) continue;
      const hops = firstHops(s.switches, home);
      const transit = new Set<string>();
      for (const e of ssa) {
        let cur: Switch | undefined = e;
        for (let n = 0; cur !== undefined && cur.name !== home && n < s.switches.length; n++) {
          const port = hops.get(cur.name);
          const link: Link | undefined = port === undefined ? undefined : cur.linkOn(port);
          cur = link?.peer.kind === 'switch' ? s.switch(link.peer.name) : undefined;
          if (cur !== undefined && !cur.has('ssa')) transit.add(cur.name);
        }
      }
      if (transit.size === 0) continue;
      const blocks = alignedBlocks(slices, svc.sliceBits);
      for (const name of transit) {
        const list = out.get(name) ?? [];
        for (const range of svc.slicedRanges) {
          for (const b of blocks) {
            const base = subPrefix(range, svc.sliceBits, b.index);
            list.push({
              prefix: { ...base, length: base.length - b.bits },
              to: { kind: 'instance', instance: x },
            });
          }
        }
        out.set(name, list);
      }
    }
  }
  return out;
}

/** Sorted slice indexes as aligned blocks of 2^bits slices (largest first from each start). */
export function alignedBlocks(
  sorted: readonly number[],
  sliceBits: number,
): { index: number; bits: number }[] {
  const out: { index: number; bits: number }[] = [];
  for (let i = 0; i < sorted.length;) {
    const start = sorted[i];
    let bits = 0;
    while (bits < sliceBits) {
      const size = 2 ** (bits + 1);
      if (start % size !== 0 || i + size > sorted.length) break;
      if (sorted[i + size - 1] !== start + size - 1) break;
      bits++;
    }
    out.push({ index: start, bits });
    i += 2 ** bits;
  }
  return out;
}

/** The routing entries of `sw`: next hops, then IPv6 and IPv4 routes (sorted by prefix). */
export function compileRouting(
  ctx: IntentContext,
  sw: Switch,
  targets: readonly RouteTarget[],
  transit: readonly RouteTarget[] = [],
): TableEntry[] {
  const c = new Collector(sw.name);
  const table = ctx.nextHops(sw);
  for (const h of table.hops) c.add(nextHop(h.id, h.port, h.smac, h.dmac), 'a next hop');
  const routes = new Map<string, { prefix: IpPrefix; id: number }>();
  for (const r of ctx.state.topology.routesOf(sw.name)) {
    const link = sw.linkOn(r.port);
    const id = link && table.id(link.port, link.peerMac);
    if (id !== undefined) routes.set(addressKey(r.prefix), { prefix: r.prefix, id });
  }
  for (const t of [...targets, ...transit]) {
    const key = addressKey(t.prefix);
    if (routes.has(key)) continue;
    const id = resolve(ctx, sw, t.to);
    if (id !== undefined) routes.set(key, { prefix: t.prefix, id });
  }
  const sorted = [...routes.values()].sort(
    (a, b) =>
      a.prefix.family - b.prefix.family ||
      (a.prefix.value < b.prefix.value ? -1 : a.prefix.value > b.prefix.value ? 1 : 0) ||
      a.prefix.length - b.prefix.length,
  );
  for (const r of sorted) {
    const text = formatPrefix(r.prefix);
    c.add(r.prefix.family === 6 ? routeV6(text, r.id) : routeV4(text, r.id), `route ${text}`);
  }
  return c.entries();
}

function resolve(ctx: IntentContext, sw: Switch, to: RouteTo): number | undefined {
  switch (to.kind) {
    case 'instance':
      return ctx.towardsInstance(sw, to.instance);
    case 'switch':
      return to.name === sw.name ? undefined : ctx.towardsSwitch(sw, to.name);
    case 'nearest': {
      if (to.names.includes(sw.name)) return undefined;
      const n = ctx.nearest(sw, to.names);
      return n === undefined ? undefined : ctx.towardsSwitch(sw, n);
    }
  }
}
