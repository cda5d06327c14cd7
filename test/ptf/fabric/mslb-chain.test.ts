/**
 * MSLB stages chain (wire §4, p4/include/control/mslb.p4): F runs after B on the same switch,
 * on the written-back or decapsulated packet (with lookup fields and flow hash of the inner
 * packet), and an F may translate towards another F, which takes the packet on its next pass.
 */
import { ptfSuite } from '../harness';
import { flowHash, ipv4, ipv6 } from '../packets';
import { Drop, Punt } from './contract';
import * as E from './entries';
import {
  B4,
  B6,
  CLIENT4,
  CLIENT6,
  S4,
  S6,
  TUN4,
  TUN6,
  dropsDuring,
  fromHop,
  fromHost,
  hashOf,
  l4ChecksumOf,
  labRoutes,
  labelOf,
  once,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

const fromF = fromHop.bind(null, 2);

const service = (family: 'v6' | 'v4', ipS: string, encap: boolean, tunnelMtu = 0) =>
  E.mslbService(family, ipS, {
    service: 1,
    encap,
    bucketMask: 3,
    tunnelMtu,
    tunnelSrcV4: TUN4,
    tunnelSrcV6: TUN6,
  });

ptfSuite('MSLB stages chain (wire §4)', FABRIC, (ptf) => {
  it('wire §4: a 6in4 tunnel decapsulated here is F-translated by the inner flow`s bucket', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v6: B6[i] }));
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v4', B4[0]), service('v6', S6, false)]);
    await s.insert(buckets);
    // The bucket must come from the inner packet's own lookup fields (UDP, its ports), not
    // from the outer ones (protocol 41, no ports): pick a flow where the two differ.
    const stale = flowHash({ src: CLIENT6, dst: S6, proto: 41 }) & 3;
    const inner = (sport: number) => v6({ src: CLIENT6, dst: S6, udp: true, sport });
    let sport = 40000;
    while ((hashOf(fromF(...inner(sport))) & 3) === stale) sport++;
    const own = fromF(...inner(sport));
    const b = hashOf(own) & 3;

    const sent = fromF(ipv4({ src: TUN4, dst: B4[0], ttl: 50, id: 0, flags: 2 }), ...inner(sport));
    await s.send(p2, sent.bytes);
    const out = v6({
      src: CLIENT6,
      dst: B6[b],
      udp: true,
      sport,
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(own),
    });
    await s.expectPacket(toHop(2, ...out).bytes, p2);
    await s.expectNoOtherPackets();
    expect(await s.readDirectCounter(buckets[b])).toEqual(once(sent));
  });

  it('wire §4: a 6in6 tunnel decapsulated here is re-encapsulated towards the next B, flow label of the inner flow', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const next = E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, { v6: B6[3] });
    await s.insert([
      ...labRoutes(s.ports),
      E.mslbDecap('v6', B6[0]),
      service('v6', S6, true),
      next,
    ]);
    const inner = { src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0x11111 };
    const outer = ipv6({ src: '2001:db8:f::9', dst: B6[0], hopLimit: 50, flowLabel: 0x22222 });
    const sent = fromF(outer, ...v6({ ...inner, hopLimit: 40 }));
    await s.send(p2, sent.bytes);
    const label = labelOf(fromF(...v6(inner)));
    const pushed = ipv6({ src: TUN6, dst: B6[3], hopLimit: 64, tc: 0x2d, flowLabel: label });
    await s.expectPacket(toHop(2, pushed, ...v6({ ...inner, hopLimit: 39 })).bytes, p2);
  });

  it('wire §4: a packet written back to an IP_S fronted here is F-processed, bucket hashed on dst = IP_S', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v4: B4[i] }));
    const writeBack = E.mslbWriteBack('v4', '192.0.2.100', S4);
    await s.insert([...labRoutes(s.ports), writeBack, service('v4', S4, false), ...buckets]);
    const atS = fromF(...v4({ src: CLIENT4, dst: S4 }));
    const b = hashOf(atS) & 3;
    const sent = fromF(...v4({ src: CLIENT4, dst: '192.0.2.100', l4Checksum: l4ChecksumOf(atS) }));
    await s.send(p2, sent.bytes);
    const out = v4({ src: CLIENT4, dst: B4[b], ttl: 63, l4Checksum: l4ChecksumOf(atS) });
    await s.expectPacket(toHop(2, ...out).bytes, p2);
    expect(await s.readDirectCounter(writeBack)).toEqual(once(sent));
    expect(await s.readDirectCounter(buckets[b])).toEqual(once(sent));
  });

  it('wire §4: an F punt after a write-back shows the written-back packet (dst = IP_S), not routed', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const next = E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, { v6: B6[3] });
    await s.insert([
      ...labRoutes(s.ports),
      E.mslbWriteBack('v6', B6[0], S6),
      service('v6', S6, true, 100),
      next,
    ]);
    const atS = fromF(...v6({ src: CLIENT6, dst: S6, size: 60 }));
    const sent = fromF(
      ...v6({ src: CLIENT6, dst: B6[0], size: 60, l4Checksum: l4ChecksumOf(atS) }),
    );
    await s.send(p2, sent.bytes);
    await s.expectPacketIn(atS.bytes, {
      ingressPort: p2,
      metadata: { reason: Punt.MSLB_PACKET_TOO_BIG, mtu: 60 },
    });
  });

  it('wire §4: a decapsulated packet whose service has no backend is dropped (MSLB_NO_BACKEND)', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v6', B6[0]), service('v4', S4, false)]);
    const sent = fromF(ipv6({ src: TUN6, dst: B6[0] }), ...v4({ src: CLIENT4, dst: S4 }));
    expect(await dropsDuring(s, Drop.MSLB_NO_BACKEND, () => s.send(p2, sent.bytes))).toBe(1n);
  });

  it('wire §4: an F translates towards another F, which takes the packet on its next pass (one F per pass)', async () => {
    const s = ptf.session;
    const [p1, , p3] = s.ports;
    const S6b = '2001:db8:5::81';
    const toNextF = E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, { v6: S6b });
    const nextService = E.mslbService('v6', S6b, { service: 2, encap: false, bucketMask: 0 });
    const toB = E.mslbBucket(2, 0, { v6: B6[1] });
    await s.insert([...labRoutes(s.ports), service('v6', S6, false), toNextF, nextService, toB]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    const ck = l4ChecksumOf(sent);
    await s.send(p1, sent.bytes);
    // Routed towards the next F (2001:db8:5::/48 is behind next hop 3), not translated twice.
    const hop1 = v6({ src: CLIENT6, dst: S6b, hopLimit: 63, l4Checksum: ck });
    await s.expectPacket(toHop(3, ...hop1).bytes, p3);
    expect((await s.readDirectCounter(toB)).packets).toBe(0n);

    // The next F receives it from next hop 3 and sends it on to its B.
    const again = fromHop(3, ...hop1);
    await s.send(p3, again.bytes);
    const hop2 = v6({ src: CLIENT6, dst: B6[1], hopLimit: 62, l4Checksum: ck });
    await s.expectPacket(toHop(2, ...hop2).bytes, s.ports[1]);
    expect(await s.readDirectCounter(nextService)).toEqual(once(again));
  });
});
