/**
 * RoundRobin of arch.p4 (v1model): the member slot of a SAR service (wire §1), kept in the
 * register sar.round_robin. Returns the stored slot (0 when it is no longer below `members`)
 * and stores the next one, wrapping at `members`; a service outside the register gets 0.
 */
import type { RegisterArray } from '../../../tables/registers';
import { u16 } from '../header';

/** The RoundRobin control bound to its register. */
export class RoundRobin {
  private readonly cell = new Uint8Array(2);

  constructor(private readonly nextSlot: RegisterArray) {
    if (nextSlot.bitwidth !== 16) {
      throw new Error(
        `register '${nextSlot.name}' must hold bit<16>, not bit<${nextSlot.bitwidth}>`,
      );
    }
  }

  /** The slot for this packet; `members` > 0. */
  apply(service: number, members: number): number {
    if (service >= this.nextSlot.size) return 0;
    this.nextSlot.readInto(service, this.cell, 0);
    let current = u16(this.cell, 0);
    if (current >= members) current = 0;
    let following = (current + 1) & 0xffff;
    if (following >= members) following = 0;
    this.cell[0] = following >> 8;
    this.cell[1] = following & 0xff;
    this.nextSlot.write(service, this.cell);
    return current;
  }
}
