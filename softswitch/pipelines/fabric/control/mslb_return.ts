/**
 * mslb_return.p4 in TypeScript: the MSLB-B return path (wire §4): a server reply (src = IP_S)
 * is encapsulated towards the configured endpoint, with the outer source the controller gave.
 * No tunnel-MTU check is made on this path.
 */
import type { Binder, BoundTable } from '../bind';
import { V4, V6, copyBytes } from '../header';
import type { Headers, LocalMetadata } from '../header';
import { flowHash } from './lookup';
import { newTunnel, pushOuter } from './mslb_encap';

/** MslbReturn, bound to mslb.b_return_v6 and mslb.b_return_v4. */
export class MslbReturn {
  private readonly v6: BoundTable;
  private readonly v4: BoundTable;
  private readonly viaV6: ReadonlySet<number>;
  private readonly tunnel = newTunnel();

  constructor(bind: Binder) {
    const v6Params: readonly (readonly [string, number])[] = [
      ['src', 128],
      ['dst', 128],
    ];
    const v4Params: readonly (readonly [string, number])[] = [
      ['src', 32],
      ['dst', 32],
    ];
    this.v6 = bind.table(
      'mslb.b_return_v6',
      [['ipv6_src', 'exact', 128]],
      [
        ['mslb.b_return_v6_via_v6', v6Params],
        ['mslb.b_return_v6_via_v4', v4Params],
        ['mslb.b_return_v6_miss', []],
      ],
    );
    this.v4 = bind.table(
      'mslb.b_return_v4',
      [['ipv4_src', 'exact', 32]],
      [
        ['mslb.b_return_v4_via_v6', v6Params],
        ['mslb.b_return_v4_via_v4', v4Params],
        ['mslb.b_return_v4_miss', []],
      ],
    );
    this.viaV6 = new Set([
      this.v6.id('mslb.b_return_v6_via_v6'),
      this.v4.id('mslb.b_return_v4_via_v6'),
    ]);
  }

  /** Returns `hit`. */
  apply(hdr: Headers, meta: LocalMetadata, bytes: number): boolean {
    let table: BoundTable;
    let h: number;
    if (hdr.ipv6.valid) {
      table = this.v6;
      h = table.apply(hdr.ipv6.b, V6.src, bytes);
    } else if (hdr.ipv4.valid) {
      table = this.v4;
      h = table.apply(hdr.ipv4.b, V4.src, bytes);
    } else {
      return false;
    }
    if (h < 0) return false;
    const t = this.tunnel;
    const a = table.action(h);
    t.outerIsV6 = this.viaV6.has(a.actionId);
    const width = t.outerIsV6 ? 16 : 4;
    copyBytes(t.outerIsV6 ? t.srcV6 : t.srcV4, 0, a.params[0], 0, width);
    copyBytes(t.outerIsV6 ? t.dstV6 : t.dstV4, 0, a.params[1], 0, width);
    pushOuter(hdr, t, flowHash(hdr, meta));
    return true;
  }
}
