/**
 * acl.p4 in TypeScript: the ternary ACL every front-panel packet meets (punt, drop, permit).
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { Eth, copyBytes } from '../header';
import type { Headers, LocalMetadata } from '../header';

/** Acl, bound to acl.acl. */
export class Acl {
  private readonly acl: BoundTable;
  private readonly drop: number;
  private readonly punt: number;
  // ingress_port(2) eth_dst(6) eth_type(2) ip_proto(1) icmp_type(1) l4_dport(2)
  private readonly key = new Uint8Array(14);

  constructor(bind: Binder) {
    this.acl = bind.table(
      'acl.acl',
      [
        ['ingress_port', 'ternary', 9],
        ['eth_dst', 'ternary', 48],
        ['eth_type', 'ternary', 16],
        ['ip_proto', 'ternary', 8],
        ['icmp_type', 'ternary', 8],
        ['l4_dport', 'ternary', 16],
      ],
      [
        ['acl.permit', []],
        ['acl.drop', []],
        ['acl.punt', []],
      ],
    );
    this.drop = this.acl.id('acl.drop');
    this.punt = this.acl.id('acl.punt');
  }

  apply(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    const k = this.key;
    k[0] = meta.ingress_port >> 8;
    k[1] = meta.ingress_port & 0xff;
    // Ethernet is always valid here: the ACL sees only front-panel packets that parsed.
    copyBytes(k, 2, hdr.ethernet.b, Eth.dst, 6);
    copyBytes(k, 8, hdr.ethernet.b, Eth.type, 2);
    k[10] = meta.lkp.ip_proto;
    k[11] = meta.lkp.icmp_type;
    k[12] = meta.lkp.l4_dport >> 8;
    k[13] = meta.lkp.l4_dport & 0xff;
    const h = this.acl.apply(k, 0, bytes);
    const action = this.acl.actionIdOf(h);
    if (action === this.drop) {
      meta.drop = true;
      meta.drop_reason = D.Drop.ACL;
    } else if (action === this.punt) {
      meta.punt = true;
      meta.punt_reason = D.Punt.ACL;
    }
  }
}
