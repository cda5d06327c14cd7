/**
 * What the SSA packet tests share (wire §2): the reference values of the wire vectors, slice
 * prefixes, the test packets as they enter and as they leave.
 *
 *   const slice = slicePrefix(RANGE, 14, 3583);          // '2001:db8:5:0:37fc::/78'
 *   await s.send(s.ports[0], arriving(src, dst).bytes);
 *   await s.expectPacket(leaving(src, dst, 2).bytes, s.ports[1]);
 */
import vectors from '../../fixtures/wire-vectors.json';
import {
  type AddressLike,
  type Packet,
  ether,
  formatIpv6,
  ipv6,
  packet,
  payload,
  prefix,
  readField,
  sliceAddress,
  udp,
} from '../packets';
import { SWITCH_MAC, hostMac } from './suite';

export { vectors };

/** The range of the wire vectors (source-bound-hash, identity, slice_index). */
export const RANGE = '2001:db8:5::/64';

/** The slice `slice` of `range` cut into 2^bits slices, as an LPM prefix P/(L + s). */
export function slicePrefix(range: string, bits: number, slice: number): string {
  return `${formatIpv6(sliceAddress(range, bits, slice))}/${prefix(range).length + bits}`;
}

/** An address as the harness and the entries take it. */
export const text = (a: AddressLike) => (typeof a === 'string' ? a : formatIpv6(a));

/** A UDP packet from `src` to `dst` as the neighbour behind ports[0] (next hop 1) sends it. */
export function arriving(src: AddressLike, dst: AddressLike, sport = 50000): Packet {
  return flow(src, dst, sport, ether({ dst: SWITCH_MAC, src: hostMac(1) }), 64);
}

/** The same packet as it leaves towards next hop `nextHop`: that link's MACs, hop limit - 1. */
export function leaving(
  src: AddressLike,
  dst: AddressLike,
  nextHop: number,
  sport = 50000,
): Packet {
  return flow(src, dst, sport, ether({ dst: hostMac(nextHop), src: SWITCH_MAC }), 63);
}

function flow(
  src: AddressLike,
  dst: AddressLike,
  sport: number,
  eth: ReturnType<typeof ether>,
  hopLimit: number,
): Packet {
  const p = packet(
    eth,
    ipv6({ src, dst, hopLimit }),
    udp({ sport, dport: 443 }),
    payload('structured service addressing'),
  );
  // A UDP checksum that computes to 0 is sent as 0xffff by the builder, as 0 by bmv2.
  if (readField(p, 'udp', 'checksum') === 0xffffn) throw new Error('pick another test packet');
  return p;
}
