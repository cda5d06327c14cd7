/**
 * Packet Too Big for the MSLB-F tunnel MTU (wire §4, docs/dataplane.md "Packet I/O"): the
 * switch punts an IPv6 packet (PUNT_MSLB_PACKET_TOO_BIG) or an IPv4 packet with DF
 * (PUNT_MSLB_FRAG_NEEDED) that would not fit the tunnel, with `mtu` = what fits; the controller
 * answers the client with ICMPv6 Packet Too Big (RFC 4443 §3.2) or ICMP type 3 code 4
 * (RFC 1191), sent back out of the ingress port with the MACs swapped. The error's source is
 * the address the client sent to (the service address), so the client's stack matches it to
 * its flow. Nothing is answered for packets that must never get an ICMP error (ICMP errors,
 * multicast or unspecified addresses, later IPv4 fragments).
 *
 *   const reply = tooBigReply(frame, PUNT_MSLB_PACKET_TOO_BIG, 1440);  // frame or undefined
 */

export const PUNT_MSLB_PACKET_TOO_BIG = 4;
export const PUNT_MSLB_FRAG_NEEDED = 5;

const ETH = 14;
/** RFC 4443 §2.4(c): an ICMPv6 error never exceeds the minimum IPv6 MTU. */
const IPV6_MIN_MTU = 1280;
/** RFC 1812 §4.3.2.3: an ICMP error holds as much of the packet as fits in 576 bytes. */
const IPV4_ERROR_MAX = 576;

/** Why no reply is made (for counting). */
export type NoReply = 'malformed' | 'not-allowed';

/** The reply frame, or why there is none. */
export type TooBigResult =
  | { readonly ok: true; readonly frame: Uint8Array; readonly source: string }
  | { readonly ok: false; readonly why: NoReply; readonly detail: string };

const no = (why: NoReply, detail: string): TooBigResult => ({ ok: false, why, detail });

/** Builds the ICMP error for a punted frame (see the file comment). */
export function tooBigReply(frame: Uint8Array, reason: number, mtu: number): TooBigResult {
  if (frame.length < ETH + 20) return no('malformed', `frame of ${frame.length} bytes`);
  if (!Number.isInteger(mtu) || mtu <= 0 || mtu > 0xffff) {
    return no('malformed', `mtu ${mtu}: expected 1..65535`);
  }
  const etherType = (frame[12] << 8) | frame[13];
  if (reason === PUNT_MSLB_PACKET_TOO_BIG) {
    if (etherType !== 0x86dd || frame[ETH] >> 4 !== 6) return no('malformed', 'not IPv6');
    return v6Reply(frame, mtu);
  }
  if (reason === PUNT_MSLB_FRAG_NEEDED) {
    if (etherType !== 0x0800 || frame[ETH] >> 4 !== 4) return no('malformed', 'not IPv4');
    return v4Reply(frame, mtu);
  }
  return no('malformed', `punt reason ${reason}`);
}

function v6Reply(frame: Uint8Array, mtu: number): TooBigResult {
  if (frame.length < ETH + 40) return no('malformed', 'IPv6 header truncated');
  const src = frame.subarray(ETH + 8, ETH + 24);
  const dst = frame.subarray(ETH + 24, ETH + 40);
  // RFC 4443 §2.4(e): no error for a multicast destination or an unspecified/multicast source.
  if (dst[0] === 0xff || src[0] === 0xff || src.every((b) => b === 0)) {
    return no('not-allowed', 'multicast or unspecified address');
  }
  const payloadLength = (frame[ETH + 4] << 8) | frame[ETH + 5];
  const packet = frame.subarray(ETH, Math.min(frame.length, ETH + 40 + payloadLength));
  // RFC 4443 §2.4(e.1): never an error about an ICMPv6 error (types below 128).
  if (frame[ETH + 6] === 58 && packet.length > 40 && packet[40] < 128) {
    return no('not-allowed', 'an ICMPv6 error');
  }
  const quoted = packet.subarray(0, IPV6_MIN_MTU - 40 - 8);
  const icmpLength = 8 + quoted.length;
  const out = new Uint8Array(ETH + 40 + icmpLength);
  swapMacs(frame, out);
  out[12] = 0x86;
  out[13] = 0xdd;
  const ip = ETH;
  out[ip] = 0x60;
  out[ip + 4] = icmpLength >> 8;
  out[ip + 5] = icmpLength & 0xff;
  out[ip + 6] = 58;
  out[ip + 7] = 64;
  out.set(dst, ip + 8);
  out.set(src, ip + 24);
  const icmp = ip + 40;
  out[icmp] = 2; // Packet Too Big, code 0
  new DataView(out.buffer).setUint32(icmp + 4, mtu);
  out.set(quoted, icmp + 8);
  // Checksum over the pseudo-header (src, dst, length, next header 58) and the message.
  let sum = sum16(out, ip + 8, 32) + icmpLength + 58;
  sum += sum16(out, icmp, icmpLength);
  const c = fold(sum);
  out[icmp + 2] = c >> 8;
  out[icmp + 3] = c & 0xff;
  return { ok: true, frame: out, source: hexOf(src) };
}

function v4Reply(frame: Uint8Array, mtu: number): TooBigResult {
  const ihl = (frame[ETH] & 0x0f) * 4;
  if (ihl < 20 || frame.length < ETH + ihl) return no('malformed', 'IPv4 header truncated');
  const src = frame.subarray(ETH + 12, ETH + 16);
  const dst = frame.subarray(ETH + 16, ETH + 20);
  // RFC 1812 §4.3.2.7: no error about an error, a later fragment, or a non-unicast address.
  const fragmentOffset = ((frame[ETH + 6] & 0x1f) << 8) | frame[ETH + 7];
  if (fragmentOffset !== 0) return no('not-allowed', 'a later fragment');
  if (src[0] >= 224 || dst[0] >= 224 || src[0] === 0 || src[0] === 127) {
    return no('not-allowed', 'multicast, broadcast or unspecified address');
  }
  const totalLength = (frame[ETH + 2] << 8) | frame[ETH + 3];
  const packet = frame.subarray(ETH, Math.min(frame.length, ETH + Math.max(totalLength, ihl)));
  if (frame[ETH + 9] === 1 && packet.length > ihl && ![0, 8, 13, 15, 17].includes(packet[ihl])) {
    return no('not-allowed', 'an ICMP error');
  }
  const quoted = packet.subarray(0, IPV4_ERROR_MAX - 20 - 8);
  const icmpLength = 8 + quoted.length;
  const out = new Uint8Array(ETH + 20 + icmpLength);
  swapMacs(frame, out);
  out[12] = 0x08;
  out[13] = 0x00;
  const ip = ETH;
  out[ip] = 0x45;
  const total = 20 + icmpLength;
  out[ip + 2] = total >> 8;
  out[ip + 3] = total & 0xff;
  out[ip + 8] = 64; // TTL
  out[ip + 9] = 1; // ICMP
  out.set(dst, ip + 12);
  out.set(src, ip + 16);
  const h = fold(sum16(out, ip, 20));
  out[ip + 10] = h >> 8;
  out[ip + 11] = h & 0xff;
  const icmp = ip + 20;
  out[icmp] = 3;
  out[icmp + 1] = 4; // fragmentation needed and DF set
  out[icmp + 6] = mtu >> 8; // next-hop MTU (RFC 1191)
  out[icmp + 7] = mtu & 0xff;
  out.set(quoted, icmp + 8);
  const c = fold(sum16(out, icmp, icmpLength));
  out[icmp + 2] = c >> 8;
  out[icmp + 3] = c & 0xff;
  return { ok: true, frame: out, source: hexOf(src) };
}

function swapMacs(frame: Uint8Array, out: Uint8Array): void {
  out.set(frame.subarray(6, 12), 0);
  out.set(frame.subarray(0, 6), 6);
}

/** One's complement sum of 16-bit words (an odd last byte is padded with zero). */
function sum16(b: Uint8Array, at: number, n: number): number {
  let s = 0;
  for (let i = 0; i + 1 < n; i += 2) s += (b[at + i] << 8) | b[at + i + 1];
  if (n & 1) s += b[at + n - 1] << 8;
  return s;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
