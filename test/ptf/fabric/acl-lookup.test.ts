/**
 * What acl.acl sees (p4/include/control/lookup.p4, docs/dataplane.md "acl" and "Known
 * limits"): ip_proto after a Destination Options header, TCP/UDP ports and the ICMP type
 * only from headers the parser read (0 otherwise: unparsed Destination Options, non-first
 * fragments, tunnels), and the ACL only after the parser and the IPv4 checksum (wire §5).
 */
import { ptfSuite } from '../harness';
import {
  destOpts,
  icmp,
  ipv4,
  ipv6,
  payload,
  rosaRequest,
  serviceId,
  tcp,
  truncate,
  udp,
  type Layer,
} from '../packets';
import { Drop, Punt } from './contract';
import { expectDropped, expectPunted } from './counted';
import * as E from './entries';
import { FABRIC, arriving, leaving, nextHops } from './suite';

/** A ternary value that must match all `bits` bits. */
const is = (value: number, bits: number) => ({ value, mask: 2 ** bits - 1 });

const V6 = { src: '2001:db8:a::1', dst: '2001:db8:1::10' };
const V4 = { src: '192.0.2.1', dst: '10.0.0.10' };
const routes = (ports: readonly number[]) => [
  ...nextHops(ports),
  E.routeV6('2001:db8:1::/48', 2),
  E.routeV4('10.0.0.0/8', 2),
];

/** DNS over UDP behind a Destination Options header of `opts` (IPv6, to a routed address). */
const dns6 = (hop: number, opts?: Layer): Layer[] => [
  ipv6({ ...V6, hopLimit: hop }),
  ...(opts ? [opts] : []),
  udp({ sport: 5353, dport: 53 }),
  payload('query'),
];
const unknownOption = () => destOpts({ options: [{ type: 0x1f, data: new Uint8Array(6) }] });
const rosa = () =>
  rosaRequest({
    serviceId: serviceId('video.example'),
    port: 5353,
    client: V6.src,
    ingress: '2001:db8:5a::1',
  });

ptfSuite('acl: lookup fields (docs/dataplane.md acl)', FABRIC, (ptf) => {
  it('ip_proto is the Destination Options header next header, even an unparsed one', async () => {
    const s = ptf.session;
    await s.insert([...routes(s.ports), E.acl({ ip_proto: is(17, 8) }, 'drop', 10)]);
    await expectDropped(s, s.ports[0], arriving(...dns6(64, unknownOption())).bytes, Drop.ACL);
    await expectDropped(s, s.ports[0], arriving(...dns6(64, rosa())).bytes, Drop.ACL);
  });

  it('ports are read after a ROSA option, not after other Destination Options', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...routes(s.ports),
      E.acl({ ip_proto: is(17, 8), l4_dport: is(53, 16) }, 'drop', 10),
    ]);
    await expectDropped(s, p1, arriving(...dns6(64)).bytes, Drop.ACL);
    await expectDropped(s, p1, arriving(...dns6(64, rosa())).bytes, Drop.ACL);
    // The UDP header behind an unknown option is never parsed: its port reads as 0.
    await s.send(p1, arriving(...dns6(64, unknownOption())).bytes);
    await s.expectPacket(leaving(2, ...dns6(63, unknownOption())).bytes, p2);
  });

  it('icmp_type: ICMP echo requests dropped, echo replies routed', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...routes(s.ports),
      E.acl({ ip_proto: is(1, 8), icmp_type: is(8, 8) }, 'drop', 10),
    ]);
    const echo = (type: number, ttl: number): Layer[] => [
      ipv4({ ...V4, ttl }),
      icmp({ type, code: 0, body: Uint8Array.of(0, 1, 0, 1) }),
    ];
    await expectDropped(s, p1, arriving(...echo(8, 64)).bytes, Drop.ACL);
    await s.send(p1, arriving(...echo(0, 64)).bytes);
    await s.expectPacket(leaving(2, ...echo(0, 63)).bytes, p2);
  });

  it('a non-first fragment has no ports: a port rule misses it, the first fragment hits', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([
      ...routes(s.ports),
      E.acl({ ip_proto: is(17, 8), l4_dport: is(53, 16) }, 'drop', 10),
    ]);
    const first = arriving(
      ipv4({ ...V4, id: 9, flags: 1 }),
      udp({ sport: 5353, dport: 53, length: 1208 }),
      payload('first part'),
    );
    await expectDropped(s, p1, first.bytes, Drop.ACL);
    // Its data starts with what looks like a UDP header to port 53.
    const later = (ttl: number): Layer[] => [
      ipv4({ ...V4, ttl, id: 9, fragOffset: 150, proto: 17 }),
      payload(Uint8Array.of(0x14, 0xe9, 0, 53, 0, 8, 0, 0)),
    ];
    await s.send(p1, arriving(...later(64)).bytes);
    await s.expectPacket(leaving(2, ...later(63)).bytes, p2);
  });

  it('a 6in6 packet shows its outer next header (41) and no ports', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const sixIn6 = (hop: number): Layer[] => [
      ipv6({ ...V6, hopLimit: hop }),
      ipv6({ src: '2001:db8:b::1', dst: '2001:db8:c::1' }),
      tcp({ sport: 4000, dport: 22 }),
    ];
    await s.insert([
      ...routes(s.ports),
      E.acl({ ip_proto: is(6, 8), l4_dport: is(22, 16) }, 'drop', 10),
    ]);
    // The inner TCP header is parsed (inner_tcp) but the ACL reads only the outer one.
    await s.send(p1, arriving(...sixIn6(64)).bytes);
    await s.expectPacket(leaving(2, ...sixIn6(63)).bytes, p2);
    await s.insert(E.acl({ ip_proto: is(41, 8) }, 'drop', 20));
    await expectDropped(s, p1, arriving(...sixIn6(64)).bytes, Drop.ACL);
  });
});

ptfSuite('acl: after the parser and the checksum (wire §5)', FABRIC, (ptf) => {
  it('a punt-all-IPv4 entry does not see truncated or badly checksummed packets', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([...routes(s.ports), E.acl({ eth_type: is(0x0800, 16) }, 'punt', 10)]);
    const good = arriving(ipv4(V4), tcp({ sport: 1, dport: 2 }));
    const cut = truncate(good, good.bytes.length - 1);
    await expectDropped(s, p1, cut, Drop.PARSER_PACKET_TOO_SHORT);
    const badSum = arriving(ipv4({ ...V4, checksum: 0x0bad }), tcp({ sport: 1, dport: 2 }));
    await expectDropped(s, p1, badSum.bytes, Drop.IPV4_CHECKSUM);
    await expectPunted(s, p1, good.bytes, Punt.ACL);
  });
});
