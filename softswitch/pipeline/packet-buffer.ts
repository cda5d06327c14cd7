/**
 * Output packet buffers for pipeline models. A new Uint8Array of more than a few dozen bytes
 * gets its own off-heap backing store, which costs more than the rest of a simple pipeline;
 * so packets are carved out of 64 KiB slabs, like Node's Buffer pool does. A slab lives as
 * long as any packet cut from it.
 *
 *   const out = allocPacket(frame.length); out.set(frame);
 */

const SLAB_BYTES = 64 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zeroed Uint8Array of `length` bytes of its own (shared slabs only below 4 KiB). */
export function allocPacket(length: number): Uint8Array {
  if (length >= 4096) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, length);
  used += (length + 7) & ~7; // keep views 8-byte aligned
  return out;
}

/** A copy of `packet` in a pooled buffer. */
export function copyPacket(packet: Uint8Array): Uint8Array {
  const out = allocPacket(packet.length);
  out.set(packet);
  return out;
}
