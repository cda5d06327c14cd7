/**
 * MSLB-B return path (wire §4, seed figure 12; p4/include/control/mslb_return.p4): a server
 * reply (src = IP_S) matching mslb.b_return_* is encapsulated, IPv6 or IPv4 over IPv6 or
 * IPv4, from the configured outer source towards the endpoint, with the outer fields of
 * mslb_encap.p4 and no MTU check. Packets B or F took are not return-path processed.
 */
import { ptfSuite } from '../harness';
import { ipv4, ipv6 } from '../packets';
import { Drop } from './contract';
import * as E from './entries';
import {
  B4,
  B6,
  CLIENT4,
  CLIENT6,
  END4,
  END6,
  S4,
  S6,
  TUN6,
  dropsDuring,
  fromHop,
  l4ChecksumOf,
  labRoutes,
  labelOf,
  once,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

// Replies come from the server, behind next hop 3, and go to the endpoint behind next hop 4.
const fromServer = fromHop.bind(null, 3);
const reply6 = (o: { hopLimit?: number; size?: number; src?: string } = {}) =>
  v6({
    src: o.src ?? S6,
    dst: CLIENT6,
    sport: 443,
    dport: 40000,
    tc: 0x2d,
    flowLabel: 0x4242,
    ...o,
  });
const reply4 = (o: { ttl?: number; size?: number; src?: string } = {}) =>
  v4({ src: o.src ?? S4, dst: CLIENT4, sport: 443, dport: 40000, dscp: 10, ecn: 1, ...o });

ptfSuite('MSLB-B return path (wire §4)', FABRIC, (ptf) => {
  it('wire §4: an IPv6 reply from IP_S is sent 6in6 from the configured source to the endpoint', async () => {
    const s = ptf.session;
    const [, , p3, p4] = s.ports;
    const entry = E.mslbReturn('v6', S6, { v6: [B6[0], END6] });
    await s.insert([...labRoutes(s.ports), entry]);
    const sent = fromServer(...reply6());
    await s.send(p3, sent.bytes);
    const outer = ipv6({ src: B6[0], dst: END6, hopLimit: 64, tc: 0x2d, flowLabel: labelOf(sent) });
    await s.expectPacket(toHop(4, outer, ...reply6({ hopLimit: 63 })).bytes, p4);
    await s.expectNoOtherPackets();
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4: an IPv6 reply is sent 6in4: outer IPv4 TTL 64, DF, id 0, protocol 41, TOS copied', async () => {
    const s = ptf.session;
    const [, , p3, p4] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbReturn('v6', S6, { v4: [B4[0], END4] })]);
    await s.send(p3, fromServer(...reply6()).bytes);
    const outer = ipv4({
      src: B4[0],
      dst: END4,
      ttl: 64,
      id: 0,
      flags: 2,
      dscp: 0x2d >> 2,
      ecn: 0x2d & 3,
    });
    await s.expectPacket(toHop(4, outer, ...reply6({ hopLimit: 63 })).bytes, p4);
  });

  it('wire §4: an IPv4 reply is sent 4in6 with the flow label of its 13-byte flow hash', async () => {
    const s = ptf.session;
    const [, , p3, p4] = s.ports;
    const entry = E.mslbReturn('v4', S4, { v6: [B6[1], END6] });
    await s.insert([...labRoutes(s.ports), entry]);
    const sent = fromServer(...reply4());
    await s.send(p3, sent.bytes);
    const tc = (10 << 2) | 1;
    const outer = ipv6({ src: B6[1], dst: END6, hopLimit: 64, tc, flowLabel: labelOf(sent) });
    await s.expectPacket(toHop(4, outer, ...reply4({ ttl: 63 })).bytes, p4);
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4, §5: an IPv4 reply is sent 4in4 with a valid outer checksum and the inner TTL - 1', async () => {
    const s = ptf.session;
    const [, , p3, p4] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbReturn('v4', S4, { v4: [B4[1], END4] })]);
    await s.send(p3, fromServer(...reply4({ ttl: 2 })).bytes);
    const outer = ipv4({ src: B4[1], dst: END4, ttl: 64, id: 0, flags: 2, dscp: 10, ecn: 1 });
    await s.expectPacket(toHop(4, outer, ...reply4({ ttl: 1 })).bytes, p4);
  });

  it('wire §4: the return path makes no MTU check: a 1500-byte reply leaves as 1520 bytes of IPv4', async () => {
    const s = ptf.session;
    const [, , p3, p4] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbReturn('v4', S4, { v4: [B4[1], END4] })]);
    await s.send(p3, fromServer(...reply4({ size: 1460 })).bytes);
    const outer = ipv4({ src: B4[1], dst: END4, ttl: 64, id: 0, flags: 2, dscp: 10, ecn: 1 });
    const out = toHop(4, outer, ...reply4({ size: 1460, ttl: 63 }));
    expect(out.bytes.length).toBe(14 + 1520);
    await s.expectPacket(out.bytes, p4);
  });

  it('wire §4: a reply from a source with no b_return entry is only routed', async () => {
    const s = ptf.session;
    const [p1, , p3] = s.ports;
    const entry = E.mslbReturn('v6', S6, { v6: [B6[0], END6] });
    await s.insert([...labRoutes(s.ports), entry]);
    const other = '2001:db8:5::81';
    await s.send(p3, fromServer(...reply6({ src: other })).bytes);
    await s.expectPacket(toHop(1, ...reply6({ src: other, hopLimit: 63 })).bytes, p1);
    expect((await s.readDirectCounter(entry)).packets).toBe(0n);
  });

  it('wire §4: a packet F translates is not return-path processed, though its source matches', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    const ret = E.mslbReturn('v6', S6, { v6: [B6[0], END6] });
    const other = '2001:db8:5::81';
    await s.insert([
      ...labRoutes(s.ports),
      ret,
      E.mslbService('v6', other, { service: 1, encap: false, bucketMask: 0 }),
      E.mslbBucket(1, 0, { v6: B6[2] }),
    ]);
    const flow = { src: S6, dst: other, sport: 443, dport: 40000 };
    const sent = fromServer(...v6(flow));
    await s.send(p3, sent.bytes);
    const ck = l4ChecksumOf(sent);
    await s.expectPacket(
      toHop(2, ...v6({ ...flow, dst: B6[2], hopLimit: 63, l4Checksum: ck })).bytes,
      p2,
    );
    expect((await s.readDirectCounter(ret)).packets).toBe(0n);
  });

  it('wire §4: a packet F encapsulates is not return-path processed either', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    const ret = E.mslbReturn('v4', S4, { v4: [B4[0], END4] });
    const other = '203.0.113.81';
    await s.insert([
      ...labRoutes(s.ports),
      ret,
      E.mslbService('v4', other, { service: 1, encap: true, bucketMask: 0, tunnelSrcV6: TUN6 }),
      E.mslbBucket(1, 0, { v6: B6[2] }),
    ]);
    const flow = { src: S4, dst: other };
    const sent = fromServer(...v4(flow));
    await s.send(p3, sent.bytes);
    const outer = ipv6({ src: TUN6, dst: B6[2], hopLimit: 64, flowLabel: labelOf(sent) });
    await s.expectPacket(toHop(2, outer, ...v4({ ...flow, ttl: 63 })).bytes, p2);
    expect((await s.readDirectCounter(ret)).packets).toBe(0n);
  });

  it('wire §4: a packet F takes but drops (no backend) is not encapsulated (MSLB_NO_BACKEND)', async () => {
    const s = ptf.session;
    const [, , p3] = s.ports;
    const ret = E.mslbReturn('v4', S4, { v4: [B4[0], END4] });
    const other = '203.0.113.81';
    await s.insert([
      ...labRoutes(s.ports),
      ret,
      E.mslbService('v4', other, { service: 1, encap: false, bucketMask: 0 }),
    ]);
    const sent = fromServer(...v4({ src: S4, dst: other }));
    expect(await dropsDuring(s, Drop.MSLB_NO_BACKEND, () => s.send(p3, sent.bytes))).toBe(1n);
    expect((await s.readDirectCounter(ret)).packets).toBe(0n);
  });

  it('wire §4: a packet B writes back is not return-path processed, though its source matches', async () => {
    const s = ptf.session;
    const [, , p3] = s.ports;
    const ret = E.mslbReturn('v6', S6, { v6: [B6[0], END6] });
    await s.insert([...labRoutes(s.ports), ret, E.mslbWriteBack('v6', B6[1], '2001:db8:5::81')]);
    const flow = { src: S6, dst: B6[1], sport: 443, dport: 40000 };
    const sent = fromServer(...v6(flow));
    await s.send(p3, sent.bytes);
    const out = v6({
      ...flow,
      dst: '2001:db8:5::81',
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(sent),
    });
    await s.expectPacket(toHop(3, ...out).bytes, p3);
    expect((await s.readDirectCounter(ret)).packets).toBe(0n);
  });

  it('wire §4: a packet B decapsulates is not return-path processed, though its inner source matches', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const ret = E.mslbReturn('v4', S4, { v6: [B6[0], END6] });
    await s.insert([...labRoutes(s.ports), ret, E.mslbDecap('v6', B6[1])]);
    const sent = fromHop(2, ipv6({ src: TUN6, dst: B6[1] }), ...reply4());
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(1, ...reply4({ ttl: 63 })).bytes, p1);
    expect((await s.readDirectCounter(ret)).packets).toBe(0n);
  });
});
