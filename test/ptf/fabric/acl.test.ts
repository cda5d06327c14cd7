/**
 * acl.acl (p4/include/control/acl.p4, docs/dataplane.md "acl" and "Packet I/O"): punts to the
 * controller (ARP, neighbour discovery) with the PacketIn's ingress_port and reason
 * PUNT_ACL, drops (DROP_ACL), permits; the highest priority wins; the direct counter counts
 * the hits. What the ACL sees of the packet (lookup fields) is in acl-lookup.test.ts.
 */
import { ptfSuite } from '../harness';
import {
  ether,
  fromHex,
  icmpv6,
  ipv4,
  ipv6,
  packet,
  payload,
  tcp,
  udp,
  type Layer,
} from '../packets';
import { Drop, Punt } from './contract';
import { expectDropped, expectPunted } from './counted';
import * as E from './entries';
import { CLIENT_MAC, FABRIC, arriving, leaving, nextHops } from './suite';

/** A ternary value that must match all `bits` bits. */
const is = (value: number | string, bits: number) => ({ value, mask: 2 ** bits - 1 });

/** ARP who-has 192.0.2.254 from 192.0.2.1, broadcast (RFC 826; EtherType 0x0806). */
const ARP = packet(
  ether({ dst: 'ff:ff:ff:ff:ff:ff', src: CLIENT_MAC, type: 0x0806 }),
  payload(fromHex('0001 0800 06 04 0001 0200000000aa c0000201 000000000000 c00002fe')),
);

/** An ICMPv6 neighbour-discovery message of `type` (133..137) from a link-local address. */
const nd = (type: number): Layer[] => [
  ipv6({ src: 'fe80::aa', dst: 'ff02::1:ff00:10', hopLimit: 255 }),
  icmpv6({ type, code: 0, body: fromHex('00000000 20010db8000100000000000000000010') }),
];

const tcp4 = (dport: number, ttl = 64): Layer[] => [
  ipv4({ src: '192.0.2.1', dst: '10.0.0.10', ttl }),
  tcp({ sport: 50000, dport }),
  payload('ssh?'),
];
const tcp6 = (dport: number, hop = 64): Layer[] => [
  ipv6({ src: '2001:db8:a::1', dst: '2001:db8:1::10', hopLimit: hop }),
  tcp({ sport: 50000, dport }),
];
const udp4 = (dport: number, ttl = 64): Layer[] => [
  ipv4({ src: '192.0.2.1', dst: '10.0.0.10', ttl }),
  udp({ sport: 50000, dport }),
];

/** Next hops and routes for every destination above, towards next hop 2 (ports[1]). */
const routes = (ports: readonly number[]) => [
  ...nextHops(ports),
  E.routeV6('2001:db8:1::/48', 2),
  E.routeV4('10.0.0.0/8', 2),
];

const ETH_ARP = 0x0806;
const ETH_IPV6 = 0x86dd;

ptfSuite('acl: punts to the controller (docs/dataplane.md acl, Packet I/O)', FABRIC, (ptf) => {
  it('ARP: NOT_IP without an ACL entry; punted as it arrived with one', async () => {
    const s = ptf.session;
    const [, , p3] = s.ports;
    await s.insert(routes(s.ports));
    await expectDropped(s, p3, ARP.bytes, Drop.NOT_IP);

    const punt = E.acl({ eth_type: is(ETH_ARP, 16) }, 'punt', 10);
    await s.insert(punt);
    await expectPunted(s, p3, ARP.bytes, Punt.ACL);
    expect(await s.readDirectCounter(punt)).toEqual({
      packets: 1n,
      bytes: BigInt(ARP.bytes.length),
    });
  });

  it('neighbour discovery (ICMPv6 133..137) is punted even without a route', async () => {
    const s = ptf.session;
    const [p1, p2, , p4] = s.ports;
    // One entry per type, as the controller installs them (a range is no ternary value).
    const types = [133, 134, 135, 136, 137];
    const entries = types.map((t) =>
      E.acl({ eth_type: is(ETH_IPV6, 16), ip_proto: is(58, 8), icmp_type: is(t, 8) }, 'punt', 10),
    );
    await s.insert([...routes(s.ports), ...entries]);
    for (const t of types) await expectPunted(s, p4, arriving(...nd(t)).bytes, Punt.ACL);
    for (const e of entries) expect((await s.readDirectCounter(e)).packets).toBe(1n);

    // Other ICMPv6 types are routed like any packet (echo request 128, redirect's neighbour 138).
    for (const type of [128, 138]) {
      const v6 = (hop: number) => [
        ipv6({ src: '2001:db8:a::1', dst: '2001:db8:1::10', hopLimit: hop }),
        icmpv6({ type, code: 0, body: fromHex('00010002') }),
      ];
      await s.send(p1, arriving(...v6(64)).bytes);
      await s.expectPacket(leaving(2, ...v6(63)).bytes, p2);
    }
  });

  it('a neighbour solicitation punted from each port carries that ingress_port', async () => {
    const s = ptf.session;
    await s.insert(
      E.acl({ eth_type: is(ETH_IPV6, 16), ip_proto: is(58, 8), icmp_type: is(135, 8) }, 'punt', 1),
    );
    for (const port of s.ports) await expectPunted(s, port, arriving(...nd(135)).bytes, Punt.ACL);
  });

  it('punts by Ethernet destination: frames to the broadcast MAC', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...routes(s.ports),
      E.acl({ eth_dst: is('ff:ff:ff:ff:ff:ff', 48) }, 'punt', 10),
    ]);
    const broadcast = packet(ether({ dst: 'ff:ff:ff:ff:ff:ff', src: CLIENT_MAC }), ...udp4(67));
    await expectPunted(s, p1, broadcast.bytes, Punt.ACL);
    await s.send(p1, arriving(...udp4(67)).bytes);
    await s.expectPacket(leaving(2, ...udp4(67, 63)).bytes, p2);
  });
});

ptfSuite('acl: drop, permit and priorities (docs/dataplane.md acl)', FABRIC, (ptf) => {
  const dropSsh = (priority: number) =>
    E.acl({ ip_proto: is(6, 8), l4_dport: is(22, 16) }, 'drop', priority);

  it('drops TCP to port 22 (DROP_ACL); other ports and UDP 22 are routed', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const entry = dropSsh(10);
    await s.insert([...routes(s.ports), entry]);
    const v4 = arriving(...tcp4(22)).bytes;
    const v6 = arriving(...tcp6(22)).bytes;
    await expectDropped(s, p1, v4, Drop.ACL);
    await expectDropped(s, p1, v6, Drop.ACL);

    await s.send(p1, arriving(...tcp4(23)).bytes);
    await s.send(p1, arriving(...udp4(22)).bytes);
    await s.expectPackets([
      { port: p2, packet: leaving(2, ...tcp4(23, 63)).bytes },
      { port: p2, packet: leaving(2, ...udp4(22, 63)).bytes },
    ]);
    await s.expectNoOtherPackets();
    // Hits only: two packets of different lengths; the misses are not counted.
    expect(await s.readDirectCounter(entry)).toEqual({
      packets: 2n,
      bytes: BigInt(v4.length + v6.length),
    });
  });

  it('the ACL runs before routing: a dropped packet with TTL 1 counts as DROP_ACL', async () => {
    const s = ptf.session;
    await s.insert([...routes(s.ports), dropSsh(10)]);
    await expectDropped(s, s.ports[0], arriving(...tcp4(22, 1)).bytes, Drop.ACL);
  });

  it('matches on ingress_port: only what arrives on that port is dropped', async () => {
    const s = ptf.session;
    const [p1, p2, , p4] = s.ports;
    await s.insert([...routes(s.ports), E.acl({ ingress_port: is(p4, 9) }, 'drop', 1)]);
    await expectDropped(s, p4, arriving(...tcp4(443)).bytes, Drop.ACL);
    await s.send(p1, arriving(...tcp4(443)).bytes);
    await s.expectPacket(leaving(2, ...tcp4(443, 63)).bytes, p2);
  });

  it('a higher-priority permit for one port overrides a lower-priority drop', async () => {
    const s = ptf.session;
    const [p1, p2, p3] = s.ports;
    const permit = E.acl(
      { ingress_port: is(p3, 9), ip_proto: is(6, 8), l4_dport: is(22, 16) },
      'permit',
      20,
    );
    const drop = dropSsh(10);
    await s.insert([...routes(s.ports), drop, permit]);
    const sent = arriving(...tcp4(22)).bytes;
    await s.send(p3, sent);
    await s.expectPacket(leaving(2, ...tcp4(22, 63)).bytes, p2);
    await expectDropped(s, p1, sent, Drop.ACL);
    // Each packet is counted by the one entry that matched it.
    const one = { packets: 1n, bytes: BigInt(sent.length) };
    expect(await s.readDirectCounter(permit)).toEqual(one);
    expect(await s.readDirectCounter(drop)).toEqual(one);
  });

  it('a lower-priority permit does not override a higher-priority drop', async () => {
    const s = ptf.session;
    const [, , p3] = s.ports;
    const permit = E.acl({ ingress_port: is(p3, 9) }, 'permit', 5);
    await s.insert([...routes(s.ports), dropSsh(10), permit]);
    await expectDropped(s, p3, arriving(...tcp4(22)).bytes, Drop.ACL);
    expect(await s.readDirectCounter(permit)).toEqual({ packets: 0n, bytes: 0n });
  });

  it('a punt above a drop wins, and the other way round', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    const sent = arriving(...tcp4(22)).bytes;
    const punt = (priority: number) =>
      E.acl({ eth_type: is(0x0800, 16), ip_proto: is(6, 8) }, 'punt', priority);
    await s.insert([...routes(s.ports), dropSsh(10), punt(20)]);
    await expectPunted(s, p1, sent, Punt.ACL);
    await s.delete(punt(20));
    await s.insert(punt(5));
    await expectDropped(s, p1, sent, Drop.ACL);
  });
});
