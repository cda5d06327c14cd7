/**
 * crc32.ts: CRC-32/ISO-HDLC (zlib's crc32, bmv2's and Tofino's "crc32"; wire §2): reflected
 * polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF; check value of "123456789" is
 * 0xCBF43926.
 */

const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** The CRC-32/ISO-HDLC of the bytes, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
