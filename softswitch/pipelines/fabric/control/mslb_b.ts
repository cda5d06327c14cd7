/**
 * mslb_b.p4 in TypeScript: the MSLB-B step (wire §4). A packet to one of this switch's IP_B
 * addresses gets dst := IP_S (translation) or loses its outer header (encapsulation), after
 * which the inner headers take the outer ones' places and the lookup fields are recomputed.
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { V4, V6, copyBytes } from '../header';
import type { Headers, LocalMetadata } from '../header';
import { lookup } from './lookup';

/** MslbB, bound to mslb.b_addresses_v6 and mslb.b_addresses_v4. */
export class MslbB {
  private readonly v6: BoundTable;
  private readonly v4: BoundTable;
  private readonly writeBackV6: number;
  private readonly decapV6: number;
  private readonly writeBackV4: number;
  private readonly decapV4: number;

  constructor(bind: Binder) {
    this.v6 = bind.table(
      'mslb.b_addresses_v6',
      [['ipv6_dst', 'exact', 128]],
      [
        ['mslb.b_write_back_v6', [['service_addr', 128]]],
        ['mslb.b_decap_v6', []],
        ['mslb.b_miss_v6', []],
      ],
    );
    this.v4 = bind.table(
      'mslb.b_addresses_v4',
      [['ipv4_dst', 'exact', 32]],
      [
        ['mslb.b_write_back_v4', [['service_addr', 32]]],
        ['mslb.b_decap_v4', []],
        ['mslb.b_miss_v4', []],
      ],
    );
    this.writeBackV6 = this.v6.id('mslb.b_write_back_v6');
    this.decapV6 = this.v6.id('mslb.b_decap_v6');
    this.writeBackV4 = this.v4.id('mslb.b_write_back_v4');
    this.decapV4 = this.v4.id('mslb.b_decap_v4');
  }

  /** Returns `hit`. */
  apply(hdr: Headers, meta: LocalMetadata, bytes: number): boolean {
    let hit = false;
    let decap = false;
    if (hdr.ipv6.valid) {
      const h = this.v6.apply(hdr.ipv6.b, V6.dst, bytes);
      hit = h >= 0;
      const a = this.v6.action(h);
      if (a.actionId === this.writeBackV6) copyBytes(hdr.ipv6.b, V6.dst, a.params[0], 0, 16);
      else if (a.actionId === this.decapV6) decap = true;
    } else if (hdr.ipv4.valid) {
      const h = this.v4.apply(hdr.ipv4.b, V4.dst, bytes);
      hit = h >= 0;
      const a = this.v4.action(h);
      if (a.actionId === this.writeBackV4) copyBytes(hdr.ipv4.b, V4.dst, a.params[0], 0, 4);
      else if (a.actionId === this.decapV4) decap = true;
    }

    if (decap) {
      if (hdr.inner_ipv6.valid) {
        hdr.ipv6.assign(hdr.inner_ipv6);
        hdr.ipv4.setInvalid();
      } else if (hdr.inner_ipv4.valid) {
        hdr.ipv4.assign(hdr.inner_ipv4);
        hdr.ipv6.setInvalid();
      } else {
        meta.drop = true;
        meta.drop_reason = D.Drop.MSLB_NOT_TUNNEL;
      }
      if (!meta.drop) {
        hdr.inner_ipv6.setInvalid();
        hdr.inner_ipv4.setInvalid();
        hdr.tcp.assign(hdr.inner_tcp);
        hdr.udp.assign(hdr.inner_udp);
        hdr.inner_tcp.setInvalid();
        hdr.inner_udp.setInvalid();
        lookup(hdr, meta);
      }
    }
    return hit;
  }
}
