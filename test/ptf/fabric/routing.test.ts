/**
 * routing (p4/include/control/routing.p4, docs/dataplane.md "routing"; wire §5): IPv6 and IPv4
 * forwarding by longest prefix, the next hop's port and MACs, one hop less, a fresh IPv4
 * header checksum, transport bytes untouched; every miss and an expired hop limit / TTL
 * dropped and counted by reason; a next hop on the CPU port.
 */
import { ptfSuite } from '../harness';
import {
  ether,
  icmp,
  icmpv6,
  ipv4,
  ipv4HeaderChecksum,
  ipv6,
  packet,
  payload,
  readField,
  tcp,
  udp,
  type Layer,
} from '../packets';
import { expectDropped } from './counted';
import { CPU_PORT, Drop, Punt } from './contract';
import * as E from './entries';
import { CLIENT_MAC, FABRIC, SWITCH_MAC, arriving, hostMac, leaving, nextHops } from './suite';

const SRC6 = '2001:db8:a::1';
const SRC4 = '192.0.2.1';

const udp6 = (dst: string, hopLimit: number): Layer[] => [
  ipv6({ src: SRC6, dst, hopLimit, tc: 0x28, flowLabel: 0x12345 }),
  udp({ sport: 40000, dport: 443 }),
  payload('routed by the longest prefix'),
];
const tcp4 = (dst: string, ttl: number): Layer[] => [
  ipv4({ src: SRC4, dst, ttl, id: 0x4d2, flags: 2, dscp: 10 }),
  tcp({ sport: 51000, dport: 80, seq: 1000, ack: 2000, flags: 'PA' }),
  payload('GET / HTTP/1.1\r\n\r\n'),
];

ptfSuite('routing: forwarding by longest prefix (wire §5)', FABRIC, (ptf) => {
  it('IPv6: the longest prefix wins; MACs rewritten, hop limit - 1, the rest untouched', async () => {
    const s = ptf.session;
    const [p1, p2, p3] = s.ports;
    const narrow = E.routeV6('2001:db8:1:2::/64', 2);
    const wide = E.routeV6('2001:db8:1::/48', 3);
    await s.insert([...nextHops(s.ports), narrow, wide]);

    const inNarrow = arriving(...udp6('2001:db8:1:2::20', 64));
    const inWide = arriving(...udp6('2001:db8:1:3::20', 64));
    await s.send(p1, inNarrow.bytes);
    await s.send(p1, inWide.bytes);
    await s.expectPackets([
      { port: p2, packet: leaving(2, ...udp6('2001:db8:1:2::20', 63)).bytes },
      { port: p3, packet: leaving(3, ...udp6('2001:db8:1:3::20', 63)).bytes },
    ]);
    await s.expectNoOtherPackets();
    // Each LPM entry's direct counter counts its own hit: bytes as received.
    const one = (p: { bytes: Uint8Array }) => ({ packets: 1n, bytes: BigInt(p.bytes.length) });
    expect(await s.readDirectCounter(narrow)).toEqual(one(inNarrow));
    expect(await s.readDirectCounter(wide)).toEqual(one(inWide));
  });

  it('IPv4: the longest prefix wins; TTL - 1 and the header checksum recomputed', async () => {
    const s = ptf.session;
    const [p1, , p3, p4] = s.ports;
    await s.insert([...nextHops(s.ports), E.routeV4('10.0.0.0/8', 3), E.routeV4('10.1.2.0/24', 4)]);

    const sent = arriving(...tcp4('10.1.2.3', 64));
    const out = leaving(4, ...tcp4('10.1.2.3', 63));
    // The builder computes the checksum of the expected header; it must differ from the sent one.
    const header = (p: { bytes: Uint8Array }) => p.bytes.subarray(14, 34);
    expect(readField(out, 'ipv4', 'checksum')).toBe(BigInt(ipv4HeaderChecksum(header(out))));
    expect(readField(out, 'ipv4', 'checksum')).not.toBe(readField(sent, 'ipv4', 'checksum'));
    expect(readField(out, 'tcp', 'checksum')).toBe(readField(sent, 'tcp', 'checksum'));

    await s.send(p1, sent.bytes);
    await s.send(p1, arriving(...tcp4('10.1.3.3', 64)).bytes);
    await s.expectPackets([
      { port: p4, packet: out.bytes },
      { port: p3, packet: leaving(3, ...tcp4('10.1.3.3', 63)).bytes },
    ]);
  });

  it('ICMP and ICMPv6 messages leave with their bytes and checksums untouched', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...nextHops(s.ports),
      E.routeV6('2001:db8:2::/48', 2),
      E.routeV4('198.51.100.0/24', 2),
    ]);
    const echo = Uint8Array.from([0x12, 0x34, 0x00, 0x07, ...Buffer.from('ping ping ping')]);
    const v6 = (hop: number): Layer[] => [
      ipv6({ src: SRC6, dst: '2001:db8:2::9', hopLimit: hop }),
      icmpv6({ type: 128, code: 0, body: echo }),
    ];
    const v4 = (ttl: number): Layer[] => [
      ipv4({ src: SRC4, dst: '198.51.100.9', ttl }),
      icmp({ type: 8, code: 0, body: echo }),
    ];
    await s.send(p1, arriving(...v6(9)).bytes);
    await s.send(p1, arriving(...v4(9)).bytes);
    await s.expectPackets([
      { port: p2, packet: leaving(2, ...v6(8)).bytes },
      { port: p2, packet: leaving(2, ...v4(8)).bytes },
    ]);
  });

  it('never touches a transport checksum, not even a wrong one', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...nextHops(s.ports),
      E.routeV6('2001:db8:2::/48', 2),
      E.routeV4('198.51.100.0/24', 2),
    ]);
    const v6 = (hop: number): Layer[] => [
      ipv6({ src: SRC6, dst: '2001:db8:2::9', hopLimit: hop }),
      udp({ sport: 5000, dport: 53, checksum: 0xbeef }),
      payload('wrong checksum'),
    ];
    const v4 = (ttl: number): Layer[] => [
      ipv4({ src: SRC4, dst: '198.51.100.9', ttl }),
      tcp({ sport: 5000, dport: 22, checksum: 0x1234 }),
      payload('wrong checksum'),
    ];
    await s.send(p1, arriving(...v6(30)).bytes);
    await s.send(p1, arriving(...v4(30)).bytes);
    await s.expectPackets([
      { port: p2, packet: leaving(2, ...v6(29)).bytes },
      { port: p2, packet: leaving(2, ...v4(29)).bytes },
    ]);
  });

  it('routes by the default routes ::/0 and 0.0.0.0/0 when nothing longer matches', async () => {
    const s = ptf.session;
    const [p1, p2, , p4] = s.ports;
    await s.insert([
      ...nextHops(s.ports),
      E.routeV6('::/0', 4),
      E.routeV6('2001:db8:1::/48', 2),
      E.routeV4('0.0.0.0/0', 4),
    ]);
    await s.send(p1, arriving(...udp6('2001:db8:ff::1', 64)).bytes);
    await s.send(p1, arriving(...udp6('2001:db8:1::1', 64)).bytes);
    await s.send(p1, arriving(...tcp4('203.0.113.7', 64)).bytes);
    await s.expectPackets([
      { port: p4, packet: leaving(4, ...udp6('2001:db8:ff::1', 63)).bytes },
      { port: p2, packet: leaving(2, ...udp6('2001:db8:1::1', 63)).bytes },
      { port: p4, packet: leaving(4, ...tcp4('203.0.113.7', 63)).bytes },
    ]);
  });
});

ptfSuite('routing: hop limit and TTL (wire §5)', FABRIC, (ptf) => {
  const routes = () => [
    ...nextHops(ptf.session.ports),
    E.routeV6('2001:db8:1::/48', 2),
    E.routeV4('10.0.0.0/8', 2),
  ];

  it('IPv6 hop limit 2 and IPv4 TTL 2 leave with 1', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(routes());
    await s.send(p1, arriving(...udp6('2001:db8:1::5', 2)).bytes);
    await s.send(p1, arriving(...tcp4('10.9.9.9', 2)).bytes);
    await s.expectPackets([
      { port: p2, packet: leaving(2, ...udp6('2001:db8:1::5', 1)).bytes },
      { port: p2, packet: leaving(2, ...tcp4('10.9.9.9', 1)).bytes },
    ]);
  });

  it.each([
    ['IPv6 hop limit 1', () => udp6('2001:db8:1::5', 1)],
    ['IPv6 hop limit 0', () => udp6('2001:db8:1::5', 0)],
    ['IPv4 TTL 1', () => tcp4('10.9.9.9', 1)],
    ['IPv4 TTL 0', () => tcp4('10.9.9.9', 0)],
  ])('%s would leave with 0: dropped, DROP_TTL_EXPIRED', async (_, layers) => {
    const s = ptf.session;
    await s.insert(routes());
    await expectDropped(s, s.ports[0], arriving(...layers()).bytes, Drop.TTL_EXPIRED);
  });
});

ptfSuite('routing: misses (docs/dataplane.md drop reasons)', FABRIC, (ptf) => {
  it.each([
    ['IPv6', () => udp6('2001:db8:99::1', 64)],
    ['IPv4', () => tcp4('172.16.0.1', 64)],
  ])('%s with no covering route: dropped, DROP_NO_ROUTE', async (_, layers) => {
    const s = ptf.session;
    await s.insert([
      ...nextHops(s.ports),
      E.routeV6('2001:db8:1::/48', 2),
      E.routeV4('10.0.0.0/8', 2),
    ]);
    await expectDropped(s, s.ports[0], arriving(...layers()).bytes, Drop.NO_ROUTE);
  });

  it.each([
    ['IPv6', () => udp6('2001:db8:1::1', 64)],
    ['IPv4', () => tcp4('10.0.0.1', 64)],
  ])('%s whose route names a missing next hop: dropped, DROP_NEXT_HOP_MISS', async (_, layers) => {
    const s = ptf.session;
    await s.insert([
      ...nextHops(s.ports),
      E.routeV6('2001:db8:1::/48', 7),
      E.routeV4('10.0.0.0/8', 7),
    ]);
    await expectDropped(s, s.ports[0], arriving(...layers()).bytes, Drop.NEXT_HOP_MISS);
  });

  it('checks the route before the TTL, and the next hop before the TTL', async () => {
    const s = ptf.session;
    await s.insert([...nextHops(s.ports), E.routeV4('10.0.0.0/8', 7)]);
    // TTL 1 with no route counts as a route miss, with a missing next hop as a next-hop miss.
    await expectDropped(s, s.ports[0], arriving(...tcp4('172.16.0.1', 1)).bytes, Drop.NO_ROUTE);
    const missing = arriving(...tcp4('10.0.0.1', 1)).bytes;
    await expectDropped(s, s.ports[0], missing, Drop.NEXT_HOP_MISS);
  });

  it('a frame that is neither IPv4 nor IPv6 (and not punted by the ACL): DROP_NOT_IP', async () => {
    const s = ptf.session;
    await s.insert([...nextHops(s.ports), E.routeV6('::/0', 2), E.routeV4('0.0.0.0/0', 2)]);
    const frame = packet(
      ether({ dst: SWITCH_MAC, src: CLIENT_MAC, type: 0x88b5 }),
      payload('local experimental EtherType, 46 bytes of it...'),
    );
    await expectDropped(s, s.ports[1], frame.bytes, Drop.NOT_IP);
  });

  it('a next hop on the CPU port: the routed packet reaches the controller, reason NONE', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([
      E.nextHop(5, CPU_PORT, SWITCH_MAC, hostMac(5)),
      E.routeV6('2001:db8:c::/48', 5),
    ]);
    const punts = await s.readCounter('ingress.punts', Punt.NONE);
    await s.send(p1, arriving(...udp6('2001:db8:c::1', 64)).bytes);
    // routing.p4 ran in full (MACs, hop limit); egress adds packet_in with reason PUNT_NONE.
    await s.expectPacketIn(leaving(5, ...udp6('2001:db8:c::1', 63)).bytes, {
      ingressPort: p1,
      metadata: { reason: Punt.NONE, mtu: 0 },
    });
    await s.expectNoOtherPackets();
    // Not a punt to the pipeline (meta.punt stays false), so ingress.punts does not count it.
    expect(await s.readCounter('ingress.punts', Punt.NONE)).toEqual(punts);
  });
});
