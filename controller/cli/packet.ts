/** Builds the test packets of `ssactl probe`: Ethernet, IPv6 or IPv4, UDP or TCP. */
import { isIPv4, isIPv6 } from 'node:net';
import { parseIPv4, parseIPv6, parseMac } from '../../p4runtime/bytes/address';
import { UsageError } from './inputs';

/** What the packet holds; addresses decide the IP version. */
export interface PacketSpec {
  readonly src: string;
  readonly dst: string;
  readonly proto: 'udp' | 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly srcMac: string;
  readonly dstMac: string;
  readonly payload: number;
  readonly hopLimit: number;
}

function sum16(bytes: Uint8Array, start = 0): number {
  let s = start;
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  return s;
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** The frame, checksums computed (IPv4 header, UDP/TCP over the pseudo-header). */
export function buildPacket(p: PacketSpec): Uint8Array {
  const v6 = isIPv6(p.src) && isIPv6(p.dst);
  if (!v6 && !(isIPv4(p.src) && isIPv4(p.dst))) {
    throw new UsageError(`--src ${p.src} --dst ${p.dst}: expected two IPv6 or two IPv4 addresses`);
  }
  const l4Len = (p.proto === 'udp' ? 8 : 20) + p.payload;
  const l4 = new Uint8Array(l4Len);
  const dv = new DataView(l4.buffer);
  dv.setUint16(0, p.sport);
  dv.setUint16(2, p.dport);
  if (p.proto === 'udp') dv.setUint16(4, l4Len);
  else {
    l4[12] = 5 << 4; // data offset 5 words
    l4[13] = 0x02; // SYN
    dv.setUint16(14, 65535);
  }
  const protoNumber = p.proto === 'udp' ? 17 : 6;
  const src = v6 ? parseIPv6(p.src) : parseIPv4(p.src);
  const dst = v6 ? parseIPv6(p.dst) : parseIPv4(p.dst);
  const pseudo = sum16(src) + sum16(dst) + protoNumber + l4Len;
  const csum = fold(sum16(l4, pseudo)) || 0xffff;
  dv.setUint16(p.proto === 'udp' ? 6 : 16, csum);

  const ipLen = v6 ? 40 : 20;
  const frame = new Uint8Array(14 + ipLen + l4Len);
  frame.set(parseMac(p.dstMac), 0);
  frame.set(parseMac(p.srcMac), 6);
  const f = new DataView(frame.buffer);
  f.setUint16(12, v6 ? 0x86dd : 0x0800);
  if (v6) {
    frame[14] = 0x60;
    f.setUint16(18, l4Len);
    frame[20] = protoNumber;
    frame[21] = p.hopLimit;
    frame.set(src, 22);
    frame.set(dst, 38);
  } else {
    frame[14] = 0x45;
    f.setUint16(16, 20 + l4Len);
    frame[22] = p.hopLimit;
    frame[23] = protoNumber;
    frame.set(src, 26);
    frame.set(dst, 30);
    f.setUint16(24, fold(sum16(frame.subarray(14, 34))));
  }
  frame.set(l4, 14 + ipLen);
  return frame;
}
