/**
 * pipeline.p4 in TypeScript: FabricIngress (the order in which the controls see a packet,
 * and the drop / punt counters) and FabricEgress (packet_in towards the CPU port).
 */
import type { Binder } from './bind';
import * as D from './define';
import type { Headers, LocalMetadata } from './header';
import type { CounterArray } from '../../tables/counters';
import { Acl } from './control/acl';
import { lookup } from './control/lookup';
import { Mslb } from './control/mslb';
import { packetIoEgress, packetIoIngress } from './control/packet_io';
import { Routing } from './control/routing';
import { Sar } from './control/sar';
import { Ssa } from './control/ssa';

/** FabricIngress with its controls and counters. */
export class FabricIngress {
  private readonly drops: CounterArray;
  private readonly punts: CounterArray;
  private readonly acl: Acl;
  private readonly sar: Sar;
  private readonly ssa: Ssa;
  private readonly mslb: Mslb;
  private readonly routing: Routing;

  constructor(bind: Binder, random: (lo: number, hi: number) => number) {
    this.drops = bind.counter('ingress.drops', D.DROP_REASONS);
    this.punts = bind.counter('ingress.punts', D.PUNT_REASONS);
    this.acl = new Acl(bind);
    this.sar = new Sar(bind, random);
    this.ssa = new Ssa(bind);
    this.mslb = new Mslb(bind);
    this.routing = new Routing(bind);
  }

  /** Runs the ingress; meta.ingress_port is set by the caller. `bytes`: the packet length. */
  apply(hdr: Headers, meta: LocalMetadata, parserDropReason: number, bytes: number): void {
    meta.egress_port = 0;
    meta.bypass = false;
    meta.drop = false;
    meta.drop_reason = D.Drop.NONE;
    meta.punt = false;
    meta.punt_reason = D.Punt.NONE;
    meta.punt_mtu = 0;
    meta.demote = false;
    meta.claimed = false;
    meta.has_next_hop = false;
    meta.next_hop = 0;
    meta.fix_l4_checksum = false;
    meta.l4_len = 0;

    if (parserDropReason !== D.Drop.NONE) {
      meta.drop = true;
      meta.drop_reason = parserDropReason;
    } else {
      packetIoIngress(hdr, meta);
    }

    if (!meta.drop && !meta.bypass) {
      lookup(hdr, meta);
      this.acl.apply(hdr, meta, bytes);
      if (!meta.drop && !meta.punt) this.sar.apply(hdr, meta, bytes);
      if (!meta.drop && !meta.punt && !meta.claimed) this.ssa.apply(hdr, meta, bytes);
      if (!meta.drop && !meta.punt && !meta.claimed) this.mslb.apply(hdr, meta, bytes);
      if (!meta.drop && !meta.punt) this.routing.apply(hdr, meta, bytes);
    }

    if (meta.drop) this.drops.count(meta.drop_reason, bytes);
    else if (meta.punt) this.punts.count(meta.punt_reason, bytes);
  }
}

/** FabricEgress. */
export function fabricEgress(
  hdr: Headers,
  meta: LocalMetadata,
  egressPort: number,
  cpuPort: number,
): void {
  packetIoEgress(hdr, meta, egressPort, cpuPort);
}
