/**
 * MSLB-F encapsulation (wire §4, p4/include/control/mslb_encap.p4): 6in6, 4in4, 4in6 and 6in4
 * towards the chosen B. Outer src = the service's tunnel address of the outer family, dst = B,
 * hop limit / TTL 64, traffic class copied from the inner header, IPv6 flow label = the low 20
 * bits of the inner flow hash, IPv4 outer with DF, id 0 and a valid checksum. The inner packet
 * is routed here, so its own hop limit / TTL loses one (routing.p4); the frame is routed on
 * the outer destination and carries the outer family's EtherType.
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
  S4,
  S6,
  TUN4,
  TUN6,
  dropsDuring,
  fromHost,
  hashOf,
  labRoutes,
  labelOf,
  once,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

const encap = (family: 'v6' | 'v4', ipS: string, tunnelMtu = 0) =>
  E.mslbService(family, ipS, {
    service: 1,
    encap: true,
    bucketMask: 3,
    tunnelMtu,
    tunnelSrcV4: TUN4,
    tunnelSrcV6: TUN6,
  });

const anySource6 = (b: { v6: string } | { v4: string }) =>
  E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, b);
const anySource4 = (b: { v6: string } | { v4: string }) =>
  E.mslbSource('v4', 1, { value: '0.0.0.0', mask: '0.0.0.0' }, 1, b);

ptfSuite('MSLB-F encapsulation (wire §4)', FABRIC, (ptf) => {
  it('wire §4: 6in6: outer from the IPv6 tunnel address to B, hop limit 64, tc copied, flow label from the flow hash', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const service = encap('v6', S6);
    await s.insert([...labRoutes(s.ports), service, anySource6({ v6: B6[1] })]);
    const inner = { src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0x12345 };
    const sent = fromHost(...v6({ ...inner, hopLimit: 20 }));
    await s.send(p1, sent.bytes);
    const outer = ipv6({ src: TUN6, dst: B6[1], hopLimit: 64, tc: 0x2d, flowLabel: labelOf(sent) });
    const out = toHop(2, outer, ...v6({ ...inner, hopLimit: 19 }));
    await s.expectPacket(out.bytes, p2);
    await s.expectNoOtherPackets();
    expect(await s.readDirectCounter(service)).toEqual(once(sent));
  });

  it('wire §4, §5: 4in4: outer IPv4 from the IPv4 tunnel address, TTL 64, TOS copied, DF, id 0, protocol 4, valid checksum', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v4', S4), anySource4({ v4: B4[1] })]);
    const inner = { src: CLIENT4, dst: S4, dscp: 10, ecn: 1 };
    const sent = fromHost(...v4({ ...inner, ttl: 20 }));
    await s.send(p1, sent.bytes);
    const outer = ipv4({ src: TUN4, dst: B4[1], ttl: 64, id: 0, flags: 2, dscp: 10, ecn: 1 });
    await s.expectPacket(toHop(2, outer, ...v4({ ...inner, ttl: 19 })).bytes, p2);
  });

  it('wire §4: 4in6: outer IPv6 with next header 4, traffic class = the inner TOS, flow label from the 13-byte flow hash', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v4', S4), anySource4({ v6: B6[2] })]);
    const inner = { src: CLIENT4, dst: S4, dscp: 46, ecn: 2, udp: true };
    const sent = fromHost(...v4({ ...inner, ttl: 9 }));
    await s.send(p1, sent.bytes);
    const tc = (46 << 2) | 2;
    const outer = ipv6({ src: TUN6, dst: B6[2], hopLimit: 64, tc, flowLabel: labelOf(sent) });
    const out = toHop(2, outer, ...v4({ ...inner, ttl: 8 }));
    await s.expectPacket(out.bytes, p2);
  });

  it('wire §4: 6in4: outer IPv4 with protocol 41, DSCP/ECN = the inner traffic class, EtherType 0x0800', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v6', S6), anySource6({ v4: B4[3] })]);
    const inner = { src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0x54321 };
    const sent = fromHost(...v6({ ...inner, hopLimit: 255 }));
    await s.send(p1, sent.bytes);
    const outer = ipv4({
      src: TUN4,
      dst: B4[3],
      ttl: 64,
      id: 0,
      flags: 2,
      dscp: 0x2d >> 2,
      ecn: 0x2d & 3,
    });
    const out = toHop(2, outer, ...v6({ ...inner, hopLimit: 254 }));
    expect(out.bytes.slice(12, 14)).toEqual(Uint8Array.of(0x08, 0x00));
    await s.expectPacket(out.bytes, p2);
  });

  it('wire §4: by bucket, each flow is encapsulated to its bucket`s B with its own flow label', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v6: B6[i] }));
    await s.insert([...labRoutes(s.ports), encap('v6', S6), ...buckets]);
    for (const sport of [40000, 40001, 40002]) {
      const sent = fromHost(...v6({ src: CLIENT6, dst: S6, udp: true, sport }));
      const b = hashOf(sent) & 3;
      await s.send(p1, sent.bytes);
      const outer = ipv6({ src: TUN6, dst: B6[b], hopLimit: 64, flowLabel: labelOf(sent) });
      const inner = v6({ src: CLIENT6, dst: S6, udp: true, sport, hopLimit: 63 });
      await s.expectPacket(toHop(2, outer, ...inner).bytes, p2);
    }
    const counted = await Promise.all(buckets.map((e) => s.readDirectCounter(e)));
    expect(counted.reduce((n, c) => n + c.packets, 0n)).toBe(3n);
  });

  it('wire §4: a v4 bucket B gives a 4in4 tunnel from the IPv4 tunnel address', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const sent = fromHost(...v4({ src: CLIENT4, dst: S4 }));
    const bucket = E.mslbBucket(1, hashOf(sent) & 3, { v4: B4[0] });
    await s.insert([...labRoutes(s.ports), encap('v4', S4), bucket]);
    await s.send(p1, sent.bytes);
    const outer = ipv4({ src: TUN4, dst: B4[0], ttl: 64, id: 0, flags: 2 });
    await s.expectPacket(toHop(2, outer, ...v4({ src: CLIENT4, dst: S4, ttl: 63 })).bytes, p2);
    expect(await s.readDirectCounter(bucket)).toEqual(once(sent));
  });

  it('wire §5: the inner header is the one routed: hop limit 1 inside is dropped (TTL_EXPIRED) despite the outer 64', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v6', S6), anySource6({ v6: B6[0] })]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6, hopLimit: 1 }));
    expect(await dropsDuring(s, Drop.TTL_EXPIRED, () => s.send(p1, sent.bytes))).toBe(1n);
  });

  it('wire §4: encapsulation mode with no backend still drops (MSLB_NO_BACKEND)', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v4', S4)]);
    const sent = fromHost(...v4({ src: CLIENT4, dst: S4 }));
    expect(await dropsDuring(s, Drop.MSLB_NO_BACKEND, () => s.send(p1, sent.bytes))).toBe(1n);
  });
});
