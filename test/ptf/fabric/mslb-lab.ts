/**
 * The MSLB lab shared by the mslb-*.test.ts files (wire §4): addresses, routes and the TCP/UDP
 * packets of one flow, built layer by layer so that a test can put them inside a tunnel.
 *
 *   const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
 *   const out = toHop(2, ...v6({ src: CLIENT6, dst: B6[0], hopLimit: 63, l4Checksum: l4ChecksumOf(sent) }));
 */
import type { PtfSession } from '../harness';
import {
  type Layer,
  type Packet,
  type PacketLike,
  ether,
  flowHash,
  flowOf,
  ipv4,
  ipv6,
  packet,
  payload,
  readField,
  tcp,
  udp,
} from '../packets';
import { added } from './counting';
import * as E from './entries';
import { SWITCH_MAC, hostMac, nextHops } from './suite';

/** Clients, behind next hop 1. */
export const CLIENT6 = '2001:db8:c::1';
export const CLIENT4 = '198.51.100.1';
/** Service addresses IP_S (2001:db8:5::/48, 203.0.113.0/24), behind next hop 3. */
export const S6 = '2001:db8:5::80';
export const S4 = '203.0.113.80';
/** MSLB-B addresses IP_B (2001:db8:b::/48, 192.0.2.0/24), behind next hop 2. */
export const B6 = ['2001:db8:b::1', '2001:db8:b::2', '2001:db8:b::3', '2001:db8:b::4'];
export const B4 = ['192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14'];
/** This F's tunnel addresses. */
export const TUN6 = '2001:db8:f::1';
export const TUN4 = '192.0.2.254';
/** Return-path endpoints (2001:db8:e::/48, 100.64.0.0/24), behind next hop 4. */
export const END6 = '2001:db8:e::1';
export const END4 = '100.64.0.1';

/** Next hops 1..4 and the routes of the lab: clients 1, Bs 2, services 3, endpoints 4. */
export const labRoutes = (ports: readonly number[]) => [
  ...nextHops(ports),
  E.routeV6('2001:db8:c::/48', 1),
  E.routeV4('198.51.100.0/24', 1),
  E.routeV6('2001:db8:b::/48', 2),
  E.routeV4('192.0.2.0/24', 2),
  E.routeV6('2001:db8:5::/48', 3),
  E.routeV4('203.0.113.0/24', 3),
  E.routeV6('2001:db8:e::/48', 4),
  E.routeV4('100.64.0.0/24', 4),
];

/** The transport part of a flow: TCP by default, UDP on request; checksums derived unless given. */
interface L4 {
  udp?: boolean;
  sport?: number;
  dport?: number;
  /** The TCP/UDP checksum as it must stay (translation does not fix it). */
  l4Checksum?: number;
  /** Payload bytes (default 24). */
  size?: number;
}

const SPORT = 40000;
const DPORT = 443;

function l4Layers(o: L4): Layer[] {
  const ports = { sport: o.sport ?? SPORT, dport: o.dport ?? DPORT, checksum: o.l4Checksum };
  const data = new Uint8Array(o.size ?? 24).map((_, i) => 0x41 + (i % 26));
  return [o.udp ? udp(ports) : tcp({ ...ports, seq: 1000, flags: 'PA' }), payload(data)];
}

/** An IPv6 packet of the flow (IPv6 header, TCP/UDP, payload). */
export function v6(
  o: L4 & { src: string; dst: string; hopLimit?: number; tc?: number; flowLabel?: number },
): Layer[] {
  const ip = ipv6({
    src: o.src,
    dst: o.dst,
    hopLimit: o.hopLimit ?? 64,
    tc: o.tc ?? 0,
    flowLabel: o.flowLabel ?? 0,
  });
  return [ip, ...l4Layers(o)];
}

/** An IPv4 packet of the flow (IPv4 header, TCP/UDP, payload); DF unless `df: false`. */
export function v4(
  o: L4 & { src: string; dst: string; ttl?: number; dscp?: number; ecn?: number; df?: boolean },
): Layer[] {
  const ip = ipv4({
    src: o.src,
    dst: o.dst,
    ttl: o.ttl ?? 64,
    dscp: o.dscp ?? 0,
    ecn: o.ecn ?? 0,
    id: 0x4d53,
    flags: o.df === false ? 0 : 2,
  });
  return [ip, ...l4Layers(o)];
}

/** A frame from the neighbour behind next hop `id` to the switch. */
export const fromHop = (id: number, ...layers: Layer[]): Packet =>
  packet(ether({ dst: SWITCH_MAC, src: hostMac(id) }), ...layers);

/** A frame from the client's neighbour (next hop 1) to the switch. */
export const fromHost = (...layers: Layer[]): Packet => fromHop(1, ...layers);

/** The frame the switch sends to next hop `id`. */
export const toHop = (id: number, ...layers: Layer[]): Packet =>
  packet(ether({ dst: hostMac(id), src: SWITCH_MAC }), ...layers);

/** The TCP or UDP checksum of a packet's first transport header. */
export function l4ChecksumOf(p: Packet): number {
  const kind = p.layers.some((l) => l.name === 'tcp') ? 'tcp' : 'udp';
  return Number(readField(p, kind, 'checksum'));
}

/** The flow hash of a packet's first IP header (the switch's CRC32 over its flow). */
export function hashOf(p: PacketLike): number {
  const flow = flowOf(p);
  if (!flow) throw new Error('hashOf: the packet has no IP header');
  return flowHash(flow);
}

/** The outer IPv6 flow label of a tunnel carrying the flow of `inner`: hash bits 19..0. */
export const labelOf = (inner: PacketLike) => hashOf(inner) & 0xfffff;

/** Runs `act` (then checks nothing else left) and returns what it added to `counter[reason]`. */
const during =
  (counter: 'ingress.drops' | 'ingress.punts') =>
  async (s: PtfSession, reason: number, act: () => Promise<void>): Promise<bigint> => {
    const delta = await added(s, [[counter, reason]], async () => {
      await act();
      await s.expectNoOtherPackets();
    });
    return delta[`${counter}[${reason}]`];
  };

/** Runs `act` and returns how many packets it added to ingress.drops[reason]. */
export const dropsDuring = during('ingress.drops');

/** Runs `act` and returns how many packets it added to ingress.punts[reason]. */
export const puntsDuring = during('ingress.punts');

/** The lab's bytes count as a direct counter sees them: one packet of the frame's length. */
export const once = (p: Packet) => ({ packets: 1n, bytes: BigInt(p.bytes.length) });
