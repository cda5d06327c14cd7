/**
 * v1model's hash() with HashAlgorithm.crc32 and csum16, as bmv2 computes them. The data list
 * is the concatenation of the fields' bits, most significant first; every list this program
 * hashes is whole bytes, so the models pass bytes.
 *
 * crc32 is CRC-32/ISO-HDLC (zlib's crc32; reflected, polynomial 0xEDB88320, initial and final
 * XOR 0xFFFFFFFF): crc32(ascii "123456789") === 0xcbf43926 (wire §2).
 */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of b[off .. off + len), unsigned. */
export function crc32(b: Uint8Array, off = 0, len = b.length - off): number {
  let c = -1;
  for (let i = off, end = off + len; i < end; i++) c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * Adds b[off .. off + len) to a ones' complement sum as 16-bit big-endian words. `odd` says
 * whether a byte is pending from the previous call (the running sum then holds it in its
 * high half); returns the new sum (not folded) and leaves carry folding to csum16Finish.
 */
export class Csum16 {
  private sum = 0;
  private pending = -1;

  /** Starts a new checksum. */
  reset(): this {
    this.sum = 0;
    this.pending = -1;
    return this;
  }

  /** Adds bytes b[off .. off + len), continuing the byte stream of previous calls. */
  add(b: Uint8Array, off: number, len: number): this {
    let i = off;
    const end = off + len;
    if (this.pending >= 0 && i < end) {
      this.sum += (this.pending << 8) | b[i++];
      this.pending = -1;
    }
    for (; i + 1 < end; i += 2) this.sum += (b[i] << 8) | b[i + 1];
    if (i < end) this.pending = b[i];
    if (this.sum > 0x3fffffff) this.sum = (this.sum & 0xffff) + (this.sum >>> 16);
    return this;
  }

  /** Adds one 16-bit word (the stream must be at an even byte). */
  addWord(v: number): this {
    this.sum += v & 0xffff;
    return this;
  }

  /** The checksum: the ones' complement of the folded sum (an odd tail padded with zero). */
  finish(): number {
    let s = this.sum;
    if (this.pending >= 0) s += this.pending << 8;
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    return ~s & 0xffff;
  }
}
