/**
 * parser (p4/include/parser.p4, v1model/main.p4's error mapping; wire §5): a truncated header
 * or an IP header the parser refuses is dropped and counted with its own drop reason, and the
 * same packet with the header whole is routed. ROSA option lengths are in
 * parser-rosa.test.ts, the IPv4 header checksum in ipv4-checksum.test.ts.
 */
import { ptfSuite } from '../harness';
import {
  icmp,
  icmpv6,
  ipv4,
  ipv6,
  payload,
  rosaAnnounce,
  rosaRequest,
  rosaResponse,
  serviceId,
  tcp,
  truncate,
  udp,
  type Layer,
  type Packet,
} from '../packets';
import { Drop } from './contract';
import { expectDropped } from './counted';
import * as E from './entries';
import { FABRIC, arriving, leaving, nextHops } from './suite';

const V6 = { src: '2001:db8:a::1', dst: '2001:db8:1::10' };
const V4 = { src: '192.0.2.1', dst: '10.0.0.10' };
const ROSA = {
  serviceId: serviceId('video.example'),
  port: 40000,
  client: '2001:db8:a::1',
  ingress: '2001:db8:5a::1',
};
const INSTANCE = { instance: '2001:db8:1::10', weight: 1, metric: 5, seq: 9, key: '00112233' };

/** A route for every destination used here, towards next hop 2 (ports[1]). */
const routes = (ports: readonly number[]) => [
  ...nextHops(ports),
  E.routeV6('2001:db8:1::/48', 2),
  E.routeV4('10.0.0.0/8', 2),
];

/**
 * A packet whose last layer is the header under test, and where to cut it: by default at
 * the header's first byte (the previous header announces it, none of it is there) and one
 * byte before its end.
 */
interface Truncation {
  name: string;
  layers: (hop: number) => Layer[];
  cuts?: (start: number, end: number) => number[];
}

const TRUNCATIONS: Truncation[] = [
  { name: 'IPv4', layers: (ttl) => [ipv4({ ...V4, ttl })] },
  { name: 'IPv6', layers: (hop) => [ipv6({ ...V6, hopLimit: hop })] },
  { name: 'TCP in IPv4', layers: (ttl) => [ipv4({ ...V4, ttl }), tcp({ sport: 1, dport: 2 })] },
  { name: 'UDP in IPv4', layers: (ttl) => [ipv4({ ...V4, ttl }), udp({ sport: 1, dport: 2 })] },
  { name: 'ICMP', layers: (ttl) => [ipv4({ ...V4, ttl }), icmp({ type: 8, code: 0 })] },
  {
    name: 'TCP in IPv6',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), tcp({ sport: 1, dport: 2 })],
  },
  {
    name: 'UDP in IPv6',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), udp({ sport: 1, dport: 2 })],
  },
  {
    name: 'ICMPv6',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), icmpv6({ type: 128, code: 0 })],
  },
  {
    // Cut in the fixed part of the Destination Options header, in the common option data
    // (bytes 0..11) and in the REQUEST data (12..43).
    name: 'ROSA REQUEST option',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), rosaRequest(ROSA)],
    cuts: (start, end) => [start + 3, start + 4 + 11, end - 1],
  },
  {
    name: 'ROSA RESPONSE option',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), rosaResponse({ ...ROSA, ...INSTANCE })],
    cuts: (start, end) => [start + 4 + 12 + 31, end - 1],
  },
  {
    name: 'ROSA ANNOUNCE option',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), rosaAnnounce({ ...ROSA, ...INSTANCE })],
    cuts: (_, end) => [end - 1],
  },
  {
    name: 'UDP after a ROSA REQUEST option',
    layers: (hop) => [
      ipv6({ ...V6, hopLimit: hop }),
      rosaRequest(ROSA),
      udp({ sport: 40000, dport: 443 }),
    ],
  },
  {
    name: 'inner IPv6 of 6in6',
    layers: (hop) => [ipv6({ ...V6, hopLimit: hop }), ipv6({ ...V6, dst: '2001:db8:9::1' })],
  },
  {
    name: 'inner IPv4 of 4in4',
    layers: (ttl) => [ipv4({ ...V4, ttl }), ipv4({ ...V4, dst: '10.9.9.9' })],
  },
  {
    name: 'inner TCP of 4in6',
    layers: (hop) => [
      ipv6({ ...V6, hopLimit: hop }),
      ipv4({ ...V4, dst: '10.9.9.9' }),
      tcp({ sport: 1, dport: 2 }),
    ],
  },
  {
    name: 'inner UDP of 6in4',
    layers: (ttl) => [ipv4({ ...V4, ttl }), ipv6(V6), udp({ sport: 1, dport: 2 })],
  },
];

/** Where the last layer of `p` starts and ends. */
function lastLayer(p: Packet): { start: number; end: number } {
  const l = p.layers[p.layers.length - 1];
  return { start: l.offset, end: l.offset + l.length };
}

ptfSuite('parser: truncated headers (wire §5)', FABRIC, (ptf) => {
  // A frame under 14 bytes cannot be sent on a veth (docs/ptf.md), so bmv2 (or tofino-model)
  // never sees one.
  const onVeths = ['bmv2', 'tofino'].includes(process.env.P4_TARGET?.trim() ?? '');
  const onFrames = onVeths ? it.skip : it;
  onFrames('a frame shorter than Ethernet: DROP_PARSER_PACKET_TOO_SHORT', async () => {
    const s = ptf.session;
    await s.insert(routes(s.ports));
    const frame = truncate(arriving(ipv6(V6)), 13);
    await expectDropped(s, s.ports[0], frame, Drop.PARSER_PACKET_TOO_SHORT);
  });

  it.each(TRUNCATIONS.map((t) => [t.name, t] as const))(
    '%s cut short: DROP_PARSER_PACKET_TOO_SHORT; whole: routed',
    async (_, t) => {
      const s = ptf.session;
      const [p1, p2] = s.ports;
      await s.insert(routes(s.ports));
      const whole = arriving(...t.layers(64));
      const { start, end } = lastLayer(whole);
      expect(end).toBe(whole.bytes.length);
      for (const cut of t.cuts?.(start, end) ?? [start, end - 1]) {
        await expectDropped(s, p1, truncate(whole, cut), Drop.PARSER_PACKET_TOO_SHORT);
      }
      await s.send(p1, whole.bytes);
      await s.expectPacket(leaving(2, ...t.layers(63)).bytes, p2);
    },
  );
});

ptfSuite('parser: IP version and IHL (wire §5)', FABRIC, (ptf) => {
  const tcpData = () => [tcp({ sport: 1000, dport: 80 }), payload('data')];
  const udpData = () => [udp({ sport: 1000, dport: 53 }), payload('data')];
  const nops = (n: number) => new Uint8Array(n).fill(1);

  it.each([
    ['EtherType IPv4, version 6', () => [ipv4({ ...V4, version: 6 }), ...tcpData()]],
    ['EtherType IPv4, version 0', () => [ipv4({ ...V4, version: 0 }), ...tcpData()]],
    // The version is checked before the IHL.
    ['EtherType IPv4, version 6 and IHL 6', () => [ipv4({ ...V4, version: 6, ihl: 6 })]],
    ['EtherType IPv6, version 4', () => [ipv6({ ...V6, version: 4 }), ...udpData()]],
    ['EtherType IPv6, version 7', () => [ipv6({ ...V6, version: 7 }), ...udpData()]],
    ['6in6, inner version 4', () => [ipv6(V6), ipv6({ ...V6, version: 4 }), ...udpData()]],
    ['4in6, inner version 6', () => [ipv6(V6), ipv4({ ...V4, version: 6 }), ...udpData()]],
    ['6in4, inner version 5', () => [ipv4(V4), ipv6({ ...V6, version: 5 }), ...tcpData()]],
    ['4in4, inner version 6', () => [ipv4(V4), ipv4({ ...V4, version: 6 }), ...tcpData()]],
  ])('%s: DROP_PARSER_BAD_IP_VERSION', async (_, layers) => {
    const s = ptf.session;
    await s.insert(routes(s.ports));
    const frame = arriving(...layers()).bytes;
    await expectDropped(s, s.ports[0], frame, Drop.PARSER_BAD_IP_VERSION);
  });

  it.each([
    ['IHL 6 (4 bytes of options)', () => [ipv4({ ...V4, options: nops(4) }), ...tcpData()]],
    ['IHL 15 (40 bytes of options)', () => [ipv4({ ...V4, options: nops(40) }), ...tcpData()]],
    ['IHL 4', () => [ipv4({ ...V4, ihl: 4 }), ...tcpData()]],
    ['IHL 0', () => [ipv4({ ...V4, ihl: 0 }), ...udpData()]],
    ['4in4, inner IHL 6', () => [ipv4(V4), ipv4({ ...V4, options: nops(4) }), ...tcpData()]],
    ['4in6, inner IHL 4', () => [ipv6(V6), ipv4({ ...V4, ihl: 4 }), ...udpData()]],
  ])('%s: DROP_PARSER_BAD_IPV4_IHL', async (_, layers) => {
    const s = ptf.session;
    await s.insert(routes(s.ports));
    const frame = arriving(...layers()).bytes;
    await expectDropped(s, s.ports[0], frame, Drop.PARSER_BAD_IPV4_IHL);
  });

  it('a parser error wins over a wrong IPv4 checksum and a route', async () => {
    const s = ptf.session;
    await s.insert(routes(s.ports));
    const bad = arriving(ipv4({ ...V4, options: nops(4), checksum: 0x1234 }), ...tcpData());
    await expectDropped(s, s.ports[0], bad.bytes, Drop.PARSER_BAD_IPV4_IHL);
    const short = arriving(ipv4({ ...V4, checksum: 0x1234 }), tcp({ sport: 1, dport: 2 }));
    const cut = truncate(short, short.bytes.length - 1);
    await expectDropped(s, s.ports[0], cut, Drop.PARSER_PACKET_TOO_SHORT);
  });
});
