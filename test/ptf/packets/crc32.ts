/**
 * crc32.ts: CRC-32/ISO-HDLC (zlib's crc32, bmv2's "crc32"; wire §2): reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Check value of "123456789": 0xCBF43926.
 */

const TABLE: readonly number[] = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32/ISO-HDLC of the bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
