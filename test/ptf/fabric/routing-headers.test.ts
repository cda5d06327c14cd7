/**
 * routing of packets whose headers the switch does not act on (routing.p4, parser.p4;
 * wire §1, §4, §5): a Destination Options header that is not the ROSA option, IPv4
 * non-first fragments, and tunnel packets (6in6, 4in6, 6in4, 4in4) not addressed to this
 * switch are routed on their outer (own) IP header; everything after it leaves untouched.
 */
import { ptfSuite } from '../harness';
import {
  destOpts,
  ipv4,
  ipv6,
  payload,
  rosaRequestData,
  serviceId,
  tcp,
  udp,
  type Layer,
} from '../packets';
import { Drop } from './contract';
import { expectDropped } from './counted';
import * as E from './entries';
import { FABRIC, arriving, leaving, nextHops } from './suite';

/** A valid REQUEST option (wire §1), here only as data behind another option. */
const REQUEST = {
  serviceId: serviceId('video.example'),
  port: 40000,
  client: '2001:db8:a::1',
  ingress: '2001:db8:5a::1',
};

/** `n` bytes 1, 2, 3, ... */
function u8s(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i + 1);
}

ptfSuite('routing: Destination Options that are not ROSA (wire §1)', FABRIC, (ptf) => {
  const v6 = (hopLimit: number, opts: Layer): Layer[] => [
    ipv6({ src: '2001:db8:a::1', dst: '2001:db8:1::10', hopLimit }),
    opts,
    udp({ sport: 7000, dport: 7001 }),
    payload('after the options'),
  ];

  it.each([
    ['an unknown option type', () => destOpts({ options: [{ type: 0x1f, data: u8s(6) }] })],
    ['padding only (PadN)', () => destOpts({ options: [{ type: 1, data: u8s(4) }] })],
    [
      'the ROSA option behind a PadN (not the first option)',
      () =>
        destOpts({
          options: [
            { type: 1, data: new Uint8Array(0) },
            { type: 0x1e, data: rosaRequestData(REQUEST) },
          ],
        }),
    ],
  ])('%s: routed on the IPv6 header, the options untouched', async (_, opts) => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([...nextHops(s.ports), E.routeV6('2001:db8:1::/48', 2)]);
    await s.send(p1, arriving(...v6(64, opts())).bytes);
    await s.expectPacket(leaving(2, ...v6(63, opts())).bytes, p2);
  });
});

ptfSuite('routing: IPv4 fragments (wire §5)', FABRIC, (ptf) => {
  it.each([
    ['UDP, the last one at offset 185', 17, 0, 'the second half of a datagram'],
    // Six bytes of "TCP": a first fragment would be a truncated TCP header, this one is data.
    ['TCP, 6 bytes at offset 1, more to come', 6, 1, 'tcp..!'],
  ])('a non-first fragment (%s) is routed; its data is not parsed', async (_, proto, mf, data) => {
    const s = ptf.session;
    const [p1, , p3] = s.ports;
    await s.insert([...nextHops(s.ports), E.routeV4('10.0.0.0/8', 3)]);
    const frag = (ttl: number): Layer[] => [
      ipv4({
        src: '192.0.2.1',
        dst: '10.2.3.4',
        ttl,
        id: 0x7777,
        flags: mf,
        fragOffset: mf ? 1 : 185,
        proto,
      }),
      payload(data),
    ];
    await s.send(p1, arriving(...frag(64)).bytes);
    await s.expectPacket(leaving(3, ...frag(63)).bytes, p3);
  });
});

ptfSuite('routing: tunnel packets in transit (wire §4, §5)', FABRIC, (ptf) => {
  const OUTER6 = { src: '2001:db8:f0::1', dst: '2001:db8:e::b' };
  const OUTER4 = { src: '192.0.2.10', dst: '10.20.0.1' };
  const INNER6 = { src: '2001:db8:a::1', dst: '2001:db8:1::99' };
  const INNER4 = { src: '198.51.100.1', dst: '10.1.0.99' };

  // Inner headers the switch must neither check nor change: an inner hop limit of 1, an
  // inner IPv4 TTL of 0 and a wrong inner IPv4 checksum.
  const inner6 = () => [ipv6({ ...INNER6, hopLimit: 1 }), tcp({ sport: 1111, dport: 443 })];
  const inner4 = () => [
    ipv4({ ...INNER4, ttl: 0, checksum: 0xdead }),
    udp({ sport: 2222, dport: 53 }),
  ];
  const cases: [string, (hop: number) => Layer[], number][] = [
    ['6in6', (hop) => [ipv6({ ...OUTER6, hopLimit: hop }), ...inner6()], 3],
    ['4in6', (hop) => [ipv6({ ...OUTER6, hopLimit: hop }), ...inner4()], 3],
    ['6in4', (ttl) => [ipv4({ ...OUTER4, ttl }), ...inner6()], 4],
    ['4in4', (ttl) => [ipv4({ ...OUTER4, ttl }), ...inner4()], 4],
  ];

  it.each(cases)(
    '%s: routed on the outer header (one hop less), the inner packet untouched',
    async (_, layers, nh) => {
      const s = ptf.session;
      const [p1] = s.ports;
      // The inner destinations have routes of their own, towards next hop 2: not taken.
      await s.insert([
        ...nextHops(s.ports),
        E.routeV6('2001:db8:e::/48', 3),
        E.routeV4('10.20.0.0/16', 4),
        E.routeV6('2001:db8:1::/48', 2),
        E.routeV4('10.1.0.0/16', 2),
      ]);
      const body = [payload('inner payload')];
      await s.send(p1, arriving(...layers(64), ...body).bytes);
      await s.expectPacket(leaving(nh, ...layers(63), ...body).bytes, s.ports[nh - 1]);
    },
  );

  it('a tunnel packet whose outer hop limit is 1 is dropped like any other', async () => {
    const s = ptf.session;
    await s.insert([...nextHops(s.ports), E.routeV6('2001:db8:e::/48', 3)]);
    const sent = arriving(ipv6({ ...OUTER6, hopLimit: 1 }), ipv6({ ...INNER6, hopLimit: 64 }));
    await expectDropped(s, s.ports[0], sent.bytes, Drop.TTL_EXPIRED);
  });
});
