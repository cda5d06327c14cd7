/**
 * Memory for WriteRequest bytes, reused from request to request. A request's bytes must live
 * until the call that sends them is over; after a call that succeeded, their memory serves a
 * later request. Without reuse every request is a fresh ArrayBuffer outside the JS heap, and a
 * bulk write that makes little other garbage (so rare scavenges) piles up dead ones until V8
 * answers the external memory they hold with full mark-compact collections of the whole heap.
 *
 *   const pool = new RequestPool(8);
 *   const bytes = pool.take(n);     // n bytes to fill, over spare memory when there is some
 *   await send(bytes);
 *   pool.give(bytes);               // only once nothing reads them any more
 */

/** Smallest block made (a request of a few dozen updates fits in one). */
const MIN_BLOCK = 4096;
/** Blocks larger than this (requests of over ~15,000 table entries) are not kept. */
const MAX_BLOCK = 1024 * 1024;

/** Spare request memory, at most `max` blocks (of 1 MiB at most). */
export class RequestPool {
  private readonly spare: ArrayBuffer[] = [];
  /** Blocks this pool made: only those come back (never memory shared with other Buffers). */
  private readonly mine = new WeakSet<ArrayBuffer>();

  constructor(private readonly max: number) {}

  /** A Buffer of `n` bytes, uninitialised, over a spare block or a new one. */
  take(n: number): Buffer {
    const spare = this.spare;
    for (let i = spare.length - 1; i >= 0; i--) {
      const block = spare[i];
      if (block.byteLength >= n) {
        spare[i] = spare[spare.length - 1];
        spare.pop();
        return Buffer.from(block, 0, n);
      }
    }
    let size = MIN_BLOCK;
    while (size < n) size *= 2;
    const block = Buffer.allocUnsafeSlow(size).buffer as ArrayBuffer;
    this.mine.add(block);
    return Buffer.from(block, 0, n);
  }

  /**
   * Give back a Buffer from `take`, once nothing reads it any more (its call is over). A full
   * pool keeps the larger blocks, so that requests grown larger (a bigger batch) find room.
   */
  give(b: Buffer): void {
    const block = b.buffer as ArrayBuffer;
    if (!this.mine.has(block) || block.byteLength > MAX_BLOCK) return;
    const spare = this.spare;
    if (spare.includes(block)) return;
    if (spare.length < this.max) {
      spare.push(block);
      return;
    }
    let smallest = 0;
    for (let i = 1; i < spare.length; i++) {
      if (spare[i].byteLength < spare[smallest].byteLength) smallest = i;
    }
    if (spare[smallest].byteLength < block.byteLength) spare[smallest] = block;
  }
}
