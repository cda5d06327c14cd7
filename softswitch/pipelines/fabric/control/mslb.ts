/**
 * mslb.p4 in TypeScript: MSLB in three steps (wire §4). B (write back or decapsulate), then F
 * on the result (stages chain), then, for packets neither took, the return path.
 */
import type { Binder } from '../bind';
import type { Headers, LocalMetadata } from '../header';
import { MslbB } from './mslb_b';
import { MslbF } from './mslb_f';
import { MslbReturn } from './mslb_return';

/** Mslb. */
export class Mslb {
  private readonly b: MslbB;
  private readonly f: MslbF;
  private readonly returnPath: MslbReturn;

  constructor(bind: Binder) {
    this.b = new MslbB(bind);
    this.f = new MslbF(bind);
    this.returnPath = new MslbReturn(bind);
  }

  apply(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    const bHit = this.b.apply(hdr, meta, bytes);
    let fHit = false;
    let returnHit = false;
    if (!meta.drop) fHit = this.f.apply(hdr, meta, bytes);
    if (!bHit && !fHit) returnHit = this.returnPath.apply(hdr, meta, bytes);
    if (bHit || fHit || returnHit) meta.claimed = true;
  }
}
