/**
 * Packet I/O (p4/include/control/packet_io.p4, docs/dataplane.md "Packet I/O" and
 * "Counters"): a PacketOut leaves on its egress_port exactly as the controller wrote it,
 * with nothing applied (no parser beyond packet_out, no checksum check or update, no ACL,
 * no routing); a punt reaches the controller as the packet arrived, with ingress_port,
 * reason and mtu 0; ingress.drops / ingress.punts count packets and received bytes.
 */
import { ptfSuite } from '../harness';
import {
  ether,
  fromHex,
  ipv4,
  ipv6,
  packet,
  payload,
  tcp,
  truncate,
  udp,
  type Layer,
} from '../packets';
import { Drop, Punt } from './contract';
import { dropCounts, expectDropped, expectPunted } from './counted';
import * as E from './entries';
import { CLIENT_MAC, FABRIC, SWITCH_MAC, arriving, hostMac, nextHops } from './suite';

/** A ternary value that must match all `bits` bits. */
const is = (value: number, bits: number) => ({ value, mask: 2 ** bits - 1 });

const V6 = { src: '2001:db8:a::1', dst: '2001:db8:1::10' };
const V4 = { src: '192.0.2.1', dst: '10.0.0.10' };

/** An ACL entry that drops every packet it sees. */
const dropAll = () => E.acl({}, 'drop', 1);
/** Routes that would send every packet here to next hop 1, and an ACL that drops everything. */
const hostile = (ports: readonly number[]) => [
  ...nextHops(ports),
  E.routeV6('::/0', 1),
  E.routeV4('0.0.0.0/0', 1),
  dropAll(),
];

/** From the controller: what the switch would refuse or rewrite if it came from a port. */
const OUTGOING: [string, () => Uint8Array][] = [
  [
    'IPv4 with TTL 1 and a wrong header checksum',
    () =>
      packet(
        ether({ dst: hostMac(3), src: SWITCH_MAC }),
        ipv4({ ...V4, ttl: 1, checksum: 0x0bad }),
        udp({ sport: 1, dport: 2 }),
        payload('from the controller'),
      ).bytes,
  ],
  [
    'IPv6 with hop limit 0',
    () =>
      packet(
        ether({ dst: hostMac(3), src: SWITCH_MAC }),
        ipv6({ ...V6, hopLimit: 0 }),
        tcp({ sport: 1, dport: 22 }),
      ).bytes,
  ],
  [
    'a truncated body: Ethernet and 10 bytes of an IPv6 header',
    () => truncate(packet(ether({ dst: hostMac(3), src: SWITCH_MAC }), ipv6(V6)), 24),
  ],
  [
    'a truncated body: Ethernet and 30 bytes of IPv4 + TCP',
    () =>
      truncate(
        packet(ether({ dst: hostMac(3), src: SWITCH_MAC }), ipv4(V4), tcp({ sport: 1, dport: 2 })),
        44,
      ),
  ],
  [
    'IPv4 with version 6 and IHL 6',
    () =>
      packet(
        ether({ dst: hostMac(3), src: SWITCH_MAC }),
        ipv4({ ...V4, version: 6, ihl: 6 }),
        payload('not parsed'),
      ).bytes,
  ],
  [
    'an ARP reply (non-IP)',
    () =>
      packet(
        ether({ dst: CLIENT_MAC, src: SWITCH_MAC, type: 0x0806 }),
        payload(fromHex('0001 0800 06 04 0002 0200000000fe c00002fe 0200000000aa c0000201')),
      ).bytes,
  ],
];

ptfSuite('packet I/O: PacketOut (docs/dataplane.md Packet I/O)', FABRIC, (ptf) => {
  it.each(OUTGOING)(
    '%s leaves on its egress_port byte for byte, nothing applied',
    async (_, frame) => {
      const s = ptf.session;
      const [, , p3] = s.ports;
      await s.insert(hostile(s.ports));
      const reasons = [
        Drop.PARSER_PACKET_TOO_SHORT,
        Drop.PARSER_BAD_IP_VERSION,
        Drop.IPV4_CHECKSUM,
        Drop.ACL,
        Drop.NOT_IP,
        Drop.TTL_EXPIRED,
      ];
      const before = await dropCounts(s, reasons);
      s.sendPacketOut(frame(), { egress_port: p3 });
      await s.expectPacket(frame(), p3);
      await s.expectNoOtherPackets();
      expect(await dropCounts(s, reasons)).toEqual(before);
      expect(await s.readDirectCounter(dropAll())).toEqual({ packets: 0n, bytes: 0n });
    },
  );

  it('a PacketOut to each port leaves on that port only, in the order sent', async () => {
    const s = ptf.session;
    await s.insert(hostile(s.ports));
    const frame = (i: number) =>
      packet(ether({ dst: hostMac(i), src: SWITCH_MAC, type: 0x88b5 }), payload(`frame ${i}`))
        .bytes;
    s.ports.forEach((port, i) => s.sendPacketOut(frame(i), { egress_port: port }));
    s.sendPacketOut(frame(9), { egress_port: s.ports[0] });
    await s.expectPackets([
      ...s.ports.map((port, i) => ({ port, packet: frame(i) })),
      { port: s.ports[0], packet: frame(9) },
    ]);
  });
});

ptfSuite('packet I/O: PacketIn (docs/dataplane.md Packet I/O)', FABRIC, (ptf) => {
  const udp6 = (hop: number): Layer[] => [
    ipv6({ ...V6, hopLimit: hop }),
    udp({ sport: 3000, dport: 3001 }),
    payload('to the controller'),
  ];

  it.each([0, 1, 2, 3])(
    'a punt from ports[%i]: the packet as it arrived, its ingress_port, reason ACL, mtu 0',
    async (i) => {
      const s = ptf.session;
      // A route exists, yet the punted packet shows no rewrite and no hop limit decrement.
      await s.insert([
        ...nextHops(s.ports),
        E.routeV6('2001:db8:1::/48', 2),
        E.acl({ ip_proto: is(17, 8) }, 'punt', 10),
      ]);
      await expectPunted(s, s.ports[i], arriving(...udp6(64)).bytes, Punt.ACL);
    },
  );
});

ptfSuite(
  'packet I/O: ingress.drops and ingress.punts (docs/dataplane.md Counters)',
  FABRIC,
  (ptf) => {
    it('count packets and the bytes of each frame as received', async () => {
      const s = ptf.session;
      const [p1, p2] = s.ports;
      await s.insert(E.acl({ ip_proto: is(17, 8) }, 'punt', 10));
      const small = arriving(ipv6(V6), udp({ sport: 1, dport: 2 })).bytes;
      const big = arriving(ipv6(V6), udp({ sport: 1, dport: 2 }), payload('x'.repeat(300))).bytes;
      const punts = await s.readCounter('ingress.punts', Punt.ACL);
      // One at a time: frames from two ports have no order between them on bmv2.
      await s.send(p1, small);
      await s.expectPacketIn(small, { ingressPort: p1, metadata: { reason: Punt.ACL, mtu: 0 } });
      await s.send(p2, big);
      await s.expectPacketIn(big, { ingressPort: p2, metadata: { reason: Punt.ACL, mtu: 0 } });
      expect(await s.readCounter('ingress.punts', Punt.ACL)).toEqual({
        packets: punts.packets + 2n,
        bytes: punts.bytes + BigInt(small.length + big.length),
      });

      // Without a route, frames of other lengths are dropped and counted the same way.
      const tcp6 = (n: number) =>
        arriving(ipv6(V6), tcp({ sport: 1, dport: 2 }), payload('y'.repeat(n))).bytes;
      await expectDropped(s, p1, tcp6(0), Drop.NO_ROUTE);
      await expectDropped(s, p2, tcp6(1000), Drop.NO_ROUTE);
    });
  },
);
