/**
 * MSLB-B (wire §4, p4/include/control/mslb_b.p4): a packet to one of this switch's IP_B
 * addresses gets dst := IP_S (b_write_back_*: IPv4 header checksum recomputed, transport
 * checksum untouched, so valid again) or loses its outer header (b_decap_*: 6in6, 4in6, 6in4,
 * 4in4; the inner packet leaves unchanged but for its own hop limit / TTL and the Ethernet
 * header). Decapsulating a packet that is no tunnel drops it (MSLB_NOT_TUNNEL).
 */
import { ptfSuite } from '../harness';
import { icmpv6, ipv4, ipv6, payload } from '../packets';
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
  fromHop,
  l4ChecksumOf,
  labRoutes,
  once,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

// Packets reach the B from the F's side, next hop 2; the server (IP_S) is behind next hop 3.
const fromF = fromHop.bind(null, 2);

/** A tunnel's outer headers as an F sends them (hop limit / TTL already spent on the way). */
const outer6 = (dst: string) => ipv6({ src: TUN6, dst, hopLimit: 50, tc: 0x10, flowLabel: 0x777 });
const outer4 = (dst: string) => ipv4({ src: TUN4, dst, ttl: 50, id: 0, flags: 2, dscp: 4 });

ptfSuite('MSLB-B write-back and decapsulation (wire §4)', FABRIC, (ptf) => {
  it('wire §4: b_write_back_v6 sets dst := IP_S, which makes the TCP checksum valid again', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    const entry = E.mslbWriteBack('v6', B6[0], S6);
    await s.insert([...labRoutes(s.ports), entry]);
    // As a translating F sends it: dst = IP_B, checksum still that of dst = IP_S.
    const atS = fromF(...v6({ src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0xabc }));
    const sent = fromF(
      ...v6({
        src: CLIENT6,
        dst: B6[0],
        tc: 0x2d,
        flowLabel: 0xabc,
        l4Checksum: l4ChecksumOf(atS),
      }),
    );
    await s.send(p2, sent.bytes);
    // The builder derives the TCP checksum for dst = IP_S: the one sent.
    const out = toHop(
      3,
      ...v6({ src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0xabc, hopLimit: 63 }),
    );
    expect(l4ChecksumOf(out)).toBe(l4ChecksumOf(sent));
    await s.expectPacket(out.bytes, p3);
    await s.expectNoOtherPackets();
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4, §5: b_write_back_v4 sets dst := IP_S with a fresh IPv4 header checksum; UDP checksum valid again', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbWriteBack('v4', B4[1], S4)]);
    const flow = { src: CLIENT4, dst: S4, udp: true, dscp: 12, ecn: 3 };
    const atS = fromF(...v4(flow));
    const sent = fromF(...v4({ ...flow, dst: B4[1], l4Checksum: l4ChecksumOf(atS) }));
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(3, ...v4({ ...flow, ttl: 63 })).bytes, p3);
  });

  it('wire §4: b_decap_v6 strips a 6in6 outer header; the inner packet keeps tc and flow label, loses one hop', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    const entry = E.mslbDecap('v6', B6[0]);
    await s.insert([...labRoutes(s.ports), entry]);
    const inner = { src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0x12345 };
    const sent = fromF(outer6(B6[0]), ...v6({ ...inner, hopLimit: 30 }));
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(3, ...v6({ ...inner, hopLimit: 29 })).bytes, p3);
    await s.expectNoOtherPackets();
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4: b_decap_v6 strips a 4in6 outer header: IPv4 inner with TTL - 1, fresh checksum, EtherType 0x0800', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v6', B6[1])]);
    const inner = { src: CLIENT4, dst: S4, dscp: 46, udp: true, sport: 5353, dport: 53 };
    const sent = fromF(outer6(B6[1]), ...v4({ ...inner, ttl: 30 }));
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(3, ...v4({ ...inner, ttl: 29 })).bytes, p3);
  });

  it('wire §4: b_decap_v4 strips a 6in4 outer header: IPv6 inner, EtherType 0x86dd', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    const entry = E.mslbDecap('v4', B4[0]);
    await s.insert([...labRoutes(s.ports), entry]);
    const inner = { src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0x54321, udp: true };
    const sent = fromF(outer4(B4[0]), ...v6({ ...inner, hopLimit: 2 }));
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(3, ...v6({ ...inner, hopLimit: 1 })).bytes, p3);
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4: b_decap_v4 strips a 4in4 outer header: IPv4 inner, TTL - 1', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v4', B4[2])]);
    const inner = { src: CLIENT4, dst: S4, dscp: 10, ecn: 1, df: false };
    const sent = fromF(outer4(B4[2]), ...v4({ ...inner, ttl: 64 }));
    await s.send(p2, sent.bytes);
    await s.expectPacket(toHop(3, ...v4({ ...inner, ttl: 63 })).bytes, p3);
  });

  it('wire §4: a tunnel carrying neither TCP nor UDP (ICMPv6 echo) is decapsulated the same way', async () => {
    const s = ptf.session;
    const [, p2, p3] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v6', B6[0])]);
    const echo = [icmpv6({ type: 128, code: 0, body: Uint8Array.of(0, 7, 0, 1) }), payload('ping')];
    const sent = fromF(outer6(B6[0]), ipv6({ src: CLIENT6, dst: S6, hopLimit: 9 }), ...echo);
    await s.send(p2, sent.bytes);
    const out = toHop(3, ipv6({ src: CLIENT6, dst: S6, hopLimit: 8 }), ...echo);
    await s.expectPacket(out.bytes, p3);
  });

  it('wire §4: b_decap_v6 on a plain TCP packet (no tunnel) drops it (MSLB_NOT_TUNNEL)', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const entry = E.mslbDecap('v6', B6[0]);
    await s.insert([...labRoutes(s.ports), entry]);
    const sent = fromF(...v6({ src: CLIENT6, dst: B6[0] }));
    expect(await dropsDuring(s, Drop.MSLB_NOT_TUNNEL, () => s.send(p2, sent.bytes))).toBe(1n);
    expect(await s.readDirectCounter(entry)).toEqual(once(sent));
  });

  it('wire §4: b_decap_v4 on a plain UDP packet (no tunnel) drops it (MSLB_NOT_TUNNEL)', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), E.mslbDecap('v4', B4[0])]);
    const sent = fromF(...v4({ src: CLIENT4, dst: B4[0], udp: true }));
    expect(await dropsDuring(s, Drop.MSLB_NOT_TUNNEL, () => s.send(p2, sent.bytes))).toBe(1n);
  });

  it('wire §4: addresses not in b_addresses are left alone, tunnels included', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    const decap = E.mslbDecap('v6', B6[0]);
    const writeBack = E.mslbWriteBack('v4', B4[0], S4);
    await s.insert([...labRoutes(s.ports), decap, writeBack]);
    const inner = v6({ src: CLIENT6, dst: S6 });
    const tunnel = fromF(outer6(B6[1]), ...inner);
    const plain = fromF(...v4({ src: CLIENT4, dst: B4[1] }));
    await s.send(p2, tunnel.bytes);
    await s.send(p2, plain.bytes);
    const routed = ipv6({ src: TUN6, dst: B6[1], hopLimit: 49, tc: 0x10, flowLabel: 0x777 });
    await s.expectPackets([
      { port: p2, packet: toHop(2, routed, ...inner).bytes },
      { port: p2, packet: toHop(2, ...v4({ src: CLIENT4, dst: B4[1], ttl: 63 })).bytes },
    ]);
    expect((await s.readDirectCounter(decap)).packets).toBe(0n);
    expect((await s.readDirectCounter(writeBack)).packets).toBe(0n);
  });
});
