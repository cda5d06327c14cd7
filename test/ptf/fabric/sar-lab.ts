/**
 * What the SAR packet tests share (wire §1): the addresses of the lab (those of the wire
 * vectors' ROSA options), ROSA packets as they enter and as the SAR sends them on, a mask
 * that accepts any one of several packets, and the round-robin register.
 *
 *   await s.send(s.ports[0], request({ src: CLIENT, dst: SAR }).bytes);
 *   await s.expectPacket(request({ src: SAR, dst: INSTANCES[0], nextHop: 2 }).bytes, s.ports[1]);
 */
import { status as Code } from '@grpc/grpc-js';
import { P4RuntimeError } from '../../../p4runtime/client/errors';
import vectors from '../../fixtures/wire-vectors.json';
import type { MaskLike, PtfSession } from '../harness';
import {
  type AddressLike,
  type Layer,
  type Packet,
  bytesEqual,
  ether,
  fromHex,
  icmpv6,
  ipv6,
  packet,
  payload,
  readField,
  rosaRequest,
  rosaResponse,
  tcp,
  udp,
} from '../packets';
import { SWITCH_MAC, hostMac } from './suite';

/** The fields of the vectors' REQUEST and RESPONSE options (the JSON types them as a union). */
interface RequestFields {
  service: string;
  client: string;
  ingress: string;
  port: number;
}
const REQ = vectors.rosa_option[0].fields as RequestFields;
const RESP = vectors.rosa_option[1].fields as RequestFields & { instance: string };

/** The SAR's own address: the client's ingress SAR of the vectors' REQUEST. */
export const SAR = REQ.ingress;
/** The client of the vectors' REQUEST and its transport port. */
export const CLIENT = REQ.client;
export const CLIENT_PORT = REQ.port;
/** video.example's service id (the vectors' service_id). */
export const SERVICE_ID = fromHex(vectors.service_id[0].id);
/** Instances of video.example: the vectors' RESPONSE instance and its neighbours. */
export const INSTANCES = [RESP.instance, '2001:db8:1::21', '2001:db8:1::22', '2001:db8:1::23'];
/** Where the instances live (routed to next hop 2). */
export const INSTANCE_NET = '2001:db8:1::/48';
/** Where clients live (routed to next hop 3). */
export const CLIENT_NET = '2001:db8:c::/48';
/** Another SAR and the Service Address Gateway (routed to next hop 4). */
export const NEXT_SAR = '2001:db8:5b::1';
export const GATEWAY = '2001:db8:5b::53';
export const FAR_NET = '2001:db8:5b::/48';

/** The transports a ROSA message is carried with (wire §1: UDP, TCP or ICMPv6). */
export type Transport = 'udp' | 'tcp' | 'icmpv6';

/**
 * One hop of a ROSA packet: as the neighbour behind ports[0] sends it (no `nextHop`: hop
 * limit 64), or as the switch sends it to next hop `nextHop` (its MACs, hop limit 63).
 */
export interface Hop {
  readonly src: AddressLike;
  readonly dst: AddressLike;
  readonly nextHop?: number;
  readonly transport?: Transport;
  /** The client's transport port: the flow's source port (default CLIENT_PORT). */
  readonly sport?: number;
}

/** A REQUEST for video.example from CLIENT over `transport`, at hop `h`. */
export function request(h: Hop): Packet {
  const sport = h.sport ?? CLIENT_PORT;
  const option = rosaRequest({ serviceId: SERVICE_ID, port: sport, client: CLIENT, ingress: SAR });
  return rosaPacket(h, option, ...transport(h.transport ?? 'udp', sport, 443));
}

/** A RESPONSE from INSTANCES[0] to CLIENT over UDP (server port 443), at hop `h`. */
export function response(h: Hop): Packet {
  const option = rosaResponse({
    serviceId: SERVICE_ID,
    port: CLIENT_PORT,
    client: CLIENT,
    ingress: SAR,
    instance: INSTANCES[0],
  });
  return rosaPacket(h, option, ...transport(h.transport ?? 'udp', 443, CLIENT_PORT));
}

/** Any packet with the MACs and hop limit of hop `h`. */
export function rosaPacket(h: Hop, ...rest: Layer[]): Packet {
  const eth = h.nextHop
    ? ether({ dst: hostMac(h.nextHop), src: SWITCH_MAC })
    : ether({ dst: SWITCH_MAC, src: hostMac(1) });
  const p = packet(eth, ipv6({ src: h.src, dst: h.dst, hopLimit: h.nextHop ? 63 : 64 }), ...rest);
  // A UDP checksum that computes to 0 is sent as 0xffff by the builder, as 0 by bmv2.
  if (rest.some((l) => l.kind === 'udp') && readField(p, 'udp', 'checksum') === 0xffffn) {
    throw new Error('pick another test packet: its UDP checksum computes to 0');
  }
  return p;
}

function transport(t: Transport, sport: number, dport: number): Layer[] {
  const data = payload('GET /video/1 ROSA');
  switch (t) {
    case 'udp':
      return [udp({ sport, dport }), data];
    case 'tcp':
      return [tcp({ sport, dport, seq: 0x01020304, flags: 'S' }), data];
    case 'icmpv6': // echo request: id, seq, data
      return [icmpv6({ type: 128, code: 0, body: Uint8Array.of(0x12, 0x34, 0, 1) }), data];
  }
}

/**
 * A mask that accepts any one of `candidates` (random and weighted scheduling) and tallies
 * which one each accepted packet was: after `expectPacket(t.mask, port)` resolves, `t.commit()`
 * counts the candidate it matched (the harness calls `matches` until a packet is accepted, so
 * the last match is the packet taken).
 */
export function tally(candidates: readonly Packet[]): {
  mask: MaskLike;
  counts: number[];
  commit(): void;
} {
  const counts = candidates.map(() => 0);
  let last = -1;
  return {
    counts,
    mask: {
      bytes: candidates[0].bytes,
      matches: (actual) => {
        last = candidates.findIndex((c) => bytesEqual(c.bytes, actual));
        return last >= 0;
      },
    },
    /** Counts the packet last accepted; call once after each expectPacket that resolved. */
    commit: () => counts[last]++,
  };
}

/**
 * Requests per spread test, and how far each member's share may stray from its expected one.
 * With N = 900 and a tolerance of 0.1 (10 percentage points), Hoeffding's bound gives a fair
 * model P(|share - p| >= 0.1) <= 2 exp(-2 N 0.1^2) = 2 e^-18 ~= 3e-8 per member (the normal
 * approximation, 0.1 N / sqrt(N p (1 - p)) >= 6.3 sd for p <= 2/3, is far smaller still), so
 * a correct model fails less than once in 10^7 runs. A model that always picks slot 0 gives
 * shares (1, 0, ...), 0.33 or more from every expected share: it always fails. A weighted
 * model that ignored the weights (1/2 each instead of 2/3 and 1/3) would need a share of 0.567
 * or more, 4 sd above its mean of 0.5 (sd 0.0167): it fails with probability > 0.9999.
 */
export const SPREAD_REQUESTS = 900;
export const SPREAD_TOLERANCE = 0.1;

/** Checks that every member was chosen and each share is within SPREAD_TOLERANCE of `expected`. */
export function expectSpread(counts: readonly number[], expected: readonly number[]): void {
  const n = counts.reduce((a, b) => a + b, 0);
  expect(n).toBe(SPREAD_REQUESTS);
  const shares = counts.map((c) => c / n);
  for (const [i, share] of shares.entries()) {
    expect({ member: i, chosen: counts[i] > 0 }).toEqual({ member: i, chosen: true });
    const off = Math.abs(share - expected[i]);
    if (off > SPREAD_TOLERANCE) {
      throw new Error(
        `member ${i} took ${counts[i]} of ${n} requests (share ${share.toFixed(3)}), ` +
          `expected ${expected[i].toFixed(3)} +- ${SPREAD_TOLERANCE}; all counts: ${counts.join(', ')}`,
      );
    }
  }
}

/**
 * The sar.round_robin cell of `service`, or 'unreadable' where the target's P4Runtime server
 * refuses register reads (bmv2's PI answers UNIMPLEMENTED, "Register reads are not supported").
 */
export async function roundRobinCell(s: PtfSession, service: number) {
  try {
    return await s.readRegister('sar.round_robin', service);
  } catch (e) {
    if (e instanceof P4RuntimeError && hasCode(e, Code.UNIMPLEMENTED)) return 'unreadable';
    throw e;
  }
}

function hasCode(e: P4RuntimeError, code: number): boolean {
  const failures = (e as { failures?: { code: number }[] }).failures;
  return e.code === code || (failures ?? []).some((f) => f.code === code);
}

/** What roundRobinCell reads on this target when the cell holds `value`. */
export const cellValue = (s: PtfSession, value: bigint) =>
  s.target.kind === 'bmv2' ? 'unreadable' : value;
