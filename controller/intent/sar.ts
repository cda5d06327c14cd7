/**
 * sar.p4 (wire §1) on switches with the 'sar' role: the SAR's own addresses (sar.addresses),
 * one sar.fib entry per service (index, mode, member count), its NHIB slots (sar.nhib) and the
 * gateway default (sar.to_gateway) when configured. A member is an active instance with an IPv6
 * locator, or, for instances attached behind another SAR, that SAR's first address (one
 * member per SAR, carrying the sum of their weights and the lowest metric), so requests are
 * routed across SARs. A service without members keeps its FIB entry with members = 0: its
 * requests are dropped and counted (DROP_SAR_NO_MEMBERS) rather than sent to the gateway.
 */
import { sarAddress, sarGateway, sarMember, sarService } from '../../p4runtime/fabric';
import type { TableEntry } from '../../p4runtime/entities';
import { SAR_MODES, type Service, type Switch, formatAddress } from '../domain';
import { Collector } from './collect';
import type { IntentContext } from './context';
import { metricSlots, plainSlots, weightedSlots, type SlotMember } from './slots';

/** A member of a service on one SAR: the address written into the NHIB. */
interface Member extends SlotMember {
  readonly address: string;
}

/** The members of `svc` as SAR `sw` sees them (keyed by address). */
export function membersOf(ctx: IntentContext, sw: Switch, svc: Service): Member[] {
  const byAddress = new Map<string, { weight: number; metric: number }>();
  for (const x of ctx.state.instancesOf(svc.name)) {
    const v6 = x.primaryV6;
    if (!x.eligible || v6 === undefined) continue;
    const home =
      x.attachments[0] === undefined ? undefined : ctx.state.switch(x.attachments[0].switch);
    const via =
      home !== undefined && home.name !== sw.name && home.has('sar') ? home.sarAddresses[0] : v6;
    const key = formatAddress(via);
    const had = byAddress.get(key);
    byAddress.set(key, {
      weight: (had?.weight ?? 0) + x.weight,
      metric: Math.min(had?.metric ?? Infinity, x.metric),
    });
  }
  return [...byAddress].map(([address, m]) => ({ key: address, address, ...m }));
}

/** The NHIB layout of `svc`: the member address of each slot, by its scheduling mode. */
export function slotsOf(svc: Service, members: readonly Member[]): string[] {
  switch (svc.sarMode) {
    case 'weighted':
      return weightedSlots(members);
    case 'lowest-metric':
      return metricSlots(members);
    default:
      return plainSlots(members);
  }
}

/** The SAR entries of `sw` (none without the 'sar' role). */
export function compileSar(ctx: IntentContext, sw: Switch): TableEntry[] {
  if (!sw.has('sar')) return [];
  const c = new Collector(sw.name);
  for (const a of sw.sarAddresses) c.add(sarAddress(formatAddress(a)), 'a SAR address');
  for (const svc of ctx.state.services) {
    const slots = slotsOf(svc, membersOf(ctx, sw, svc));
    c.add(
      sarService(svc.idBytes(), svc.index, SAR_MODES[svc.sarMode], slots.length),
      `the FIB entry of ${svc.name}`,
    );
    slots.forEach((address, slot) => c.add(sarMember(svc.index, slot, address), `slot ${slot}`));
  }
  const gateway = ctx.options.gateways?.[sw.name];
  if (gateway !== undefined) c.add(sarGateway(gateway), 'the gateway');
  return c.entries();
}
