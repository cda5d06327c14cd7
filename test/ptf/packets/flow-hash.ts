/**
 * flow-hash.ts: the flow hash the switch computes for flow-hash scheduling, MSLB buckets and
 * the outer IPv6 flow label (wire §1, §4): CRC32 over src ‖ dst ‖ proto(1) ‖ sport(2) ‖
 * dport(2), 37 bytes for IPv6 and 13 for IPv4; ports are 0 for protocols without them, and
 * proto is the one after the Destination Options header when there is one.
 */
import { type AddressLike, ipAddress } from './address';
import { be, concat } from './bytes';
import { crc32 } from './crc32';
import { layersOf } from './dissect';
import { type DecodedLayer, type PacketLike, bytesOf, fieldValue, findField } from './fields';

/** A flow: addresses of one family, the upper-layer protocol and the TCP/UDP ports. */
export interface Flow {
  readonly src: AddressLike;
  readonly dst: AddressLike;
  readonly proto: number;
  readonly sport?: number;
  readonly dport?: number;
}

/** The CRC input bytes of a flow: src ‖ dst ‖ proto ‖ sport ‖ dport. */
export function flowHashInput(flow: Flow): Uint8Array {
  const src = ipAddress(flow.src, 'flow.src');
  const dst = ipAddress(flow.dst, 'flow.dst');
  if (src.length !== dst.length) throw new Error('flow: src and dst are of different families');
  return concat(
    src,
    dst,
    be(flow.proto, 1, 'flow.proto'),
    be(flow.sport ?? 0, 2, 'flow.sport'),
    be(flow.dport ?? 0, 2, 'flow.dport'),
  );
}

/** The 32-bit flow hash: CRC32 of `flowHashInput`. */
export function flowHash(flow: Flow): number {
  return crc32(flowHashInput(flow));
}

/** The flow of a packet's first IPv4/IPv6 header, as the switch's lookup sees it; undefined without one. */
export function flowOf(p: PacketLike): Flow | undefined {
  const bytes = bytesOf(p);
  const layers = layersOf(p);
  const i = layers.findIndex((l) => l.kind === 'ipv4' || l.kind === 'ipv6');
  if (i < 0) return undefined;
  const value = (l: DecodedLayer, name: string) => Number(fieldValue(findField(l, name), bytes));
  const ip = layers[i];
  const opts = layers[i + 1]?.kind === 'destOpts' ? layers[i + 1] : undefined;
  const l4 = layers[opts ? i + 2 : i + 1];
  const proto = opts ? value(opts, 'nextHeader') : value(ip, ip.kind === 'ipv4' ? 'proto' : 'nh');
  const ports = l4?.kind === 'tcp' || l4?.kind === 'udp';
  const address = (name: string) => {
    const f = findField(ip, name);
    return bytes.slice(f.bitOffset / 8, (f.bitOffset + f.bitLength) / 8);
  };
  return Object.freeze({
    src: address('src'),
    dst: address('dst'),
    proto,
    sport: ports ? value(l4, 'sport') : 0,
    dport: ports ? value(l4, 'dport') : 0,
  });
}
