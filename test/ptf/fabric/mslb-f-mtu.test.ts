/**
 * MSLB-F tunnel MTU (wire §4, p4/include/control/mslb_f.p4): a packet whose inner length
 * (IP header and payload) plus the outer header (40 / 20) exceeds the service's tunnel_mtu is
 * punted unchanged, with reason MSLB_PACKET_TOO_BIG (IPv6 inner), MSLB_FRAG_NEEDED (IPv4 with
 * DF) or MSLB_TOO_BIG_NO_DF (IPv4 without DF) and mtu = tunnel_mtu - outer header; exactly at
 * the MTU passes; tunnel_mtu 0 turns the check off.
 */
import { ptfSuite } from '../harness';
import { type Layer, ipv4, ipv6 } from '../packets';
import { Punt } from './contract';
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
  fromHost,
  l4ChecksumOf,
  labRoutes,
  labelOf,
  puntsDuring,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

const encap = (family: 'v6' | 'v4', ipS: string, tunnelMtu: number) =>
  E.mslbService(family, ipS, {
    service: 1,
    encap: true,
    bucketMask: 3,
    tunnelMtu,
    tunnelSrcV4: TUN4,
    tunnelSrcV6: TUN6,
  });

const anySource = (family: 'v6' | 'v4', b: { v6: string } | { v4: string }) =>
  family === 'v6'
    ? E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, b)
    : E.mslbSource('v4', 1, { value: '0.0.0.0', mask: '0.0.0.0' }, 1, b);

/** Payload bytes that make an inner packet of `innerLen` bytes (IP + TCP header + payload). */
const payloadFor = (family: 'v6' | 'v4', innerLen: number) =>
  innerLen - (family === 'v6' ? 40 : 20) - 20;

const inner6 = (innerLen: number, hopLimit = 64) =>
  v6({ src: CLIENT6, dst: S6, size: payloadFor('v6', innerLen), hopLimit });
const inner4 = (innerLen: number, df: boolean, ttl = 64) =>
  v4({ src: CLIENT4, dst: S4, size: payloadFor('v4', innerLen), df, ttl });

ptfSuite('MSLB-F tunnel MTU (wire §4)', FABRIC, (ptf) => {
  /**
   * Sends an inner packet of `fits` bytes, which must leave encapsulated under `outer` with
   * its own hop limit / TTL - 1, and one of `fits + 1` bytes, which must come back unchanged
   * as a PacketIn with `reason` and `mtu` and count once in ingress.punts.
   */
  async function atAndOver(o: {
    inner: (innerLen: number, routed?: boolean) => Layer[];
    outer: (sent: Uint8Array) => Layer;
    fits: number;
    reason: number;
    mtu: number;
  }) {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const at = fromHost(...o.inner(o.fits));
    await s.send(p1, at.bytes);
    await s.expectPacket(toHop(2, o.outer(at.bytes), ...o.inner(o.fits, true)).bytes, p2);

    const over = fromHost(...o.inner(o.fits + 1));
    const punted = await puntsDuring(s, o.reason, async () => {
      await s.send(p1, over.bytes);
      await s.expectPacketIn(over.bytes, {
        ingressPort: p1,
        metadata: { reason: o.reason, mtu: o.mtu },
      });
    });
    expect(punted).toBe(1n);
  }

  it('wire §4: IPv6 over a 6in6 tunnel: inner 1460 passes at tunnel_mtu 1500, 1461 is punted PACKET_TOO_BIG, mtu 1460', async () => {
    const s = ptf.session;
    await s.insert([...labRoutes(s.ports), encap('v6', S6, 1500), anySource('v6', { v6: B6[0] })]);
    await atAndOver({
      inner: (len, routed) => inner6(len, routed ? 63 : 64),
      outer: (sent) => ipv6({ src: TUN6, dst: B6[0], hopLimit: 64, flowLabel: labelOf(sent) }),
      fits: 1460,
      reason: Punt.MSLB_PACKET_TOO_BIG,
      mtu: 1460,
    });
  });

  it('wire §4: IPv6 over a 6in4 tunnel: the outer header counts 20 bytes, mtu = tunnel_mtu - 20', async () => {
    const s = ptf.session;
    await s.insert([...labRoutes(s.ports), encap('v6', S6, 200), anySource('v6', { v4: B4[0] })]);
    await atAndOver({
      inner: (len, routed) => inner6(len, routed ? 63 : 64),
      outer: () => ipv4({ src: TUN4, dst: B4[0], ttl: 64, id: 0, flags: 2 }),
      fits: 180,
      reason: Punt.MSLB_PACKET_TOO_BIG,
      mtu: 180,
    });
  });

  it('wire §4: IPv4 with DF over a 4in4 tunnel: one byte over is punted FRAG_NEEDED, mtu = tunnel_mtu - 20', async () => {
    const s = ptf.session;
    await s.insert([...labRoutes(s.ports), encap('v4', S4, 576), anySource('v4', { v4: B4[1] })]);
    await atAndOver({
      inner: (len, routed) => inner4(len, true, routed ? 63 : 64),
      outer: () => ipv4({ src: TUN4, dst: B4[1], ttl: 64, id: 0, flags: 2 }),
      fits: 556,
      reason: Punt.MSLB_FRAG_NEEDED,
      mtu: 556,
    });
  });

  it('wire §4: IPv4 without DF over a 4in6 tunnel: one byte over is punted TOO_BIG_NO_DF, mtu = tunnel_mtu - 40', async () => {
    const s = ptf.session;
    await s.insert([...labRoutes(s.ports), encap('v4', S4, 1280), anySource('v4', { v6: B6[1] })]);
    await atAndOver({
      inner: (len, routed) => inner4(len, false, routed ? 63 : 64),
      outer: (sent) => ipv6({ src: TUN6, dst: B6[1], hopLimit: 64, flowLabel: labelOf(sent) }),
      fits: 1240,
      reason: Punt.MSLB_TOO_BIG_NO_DF,
      mtu: 1240,
    });
  });

  it('wire §4: IPv4 with DF over a 4in6 tunnel is punted FRAG_NEEDED with mtu = tunnel_mtu - 40', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v4', S4, 1280), anySource('v4', { v6: B6[1] })]);
    const sent = fromHost(...inner4(1241, true));
    const punted = await puntsDuring(s, Punt.MSLB_FRAG_NEEDED, async () => {
      await s.send(p1, sent.bytes);
      await s.expectPacketIn(sent.bytes, {
        ingressPort: p1,
        metadata: { reason: Punt.MSLB_FRAG_NEEDED, mtu: 1240 },
      });
    });
    expect(punted).toBe(1n);
  });

  it('wire §4: a tunnel_mtu below the outer header punts with mtu 0', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v6', S6, 30), anySource('v6', { v6: B6[0] })]);
    const sent = fromHost(...inner6(100));
    await s.send(p1, sent.bytes);
    await s.expectPacketIn(sent.bytes, {
      ingressPort: p1,
      metadata: { reason: Punt.MSLB_PACKET_TOO_BIG, mtu: 0 },
    });
  });

  it('wire §4: tunnel_mtu 0 means no check: a 1500-byte inner packet is encapsulated to 1540', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert([...labRoutes(s.ports), encap('v6', S6, 0), anySource('v6', { v6: B6[0] })]);
    const sent = fromHost(...inner6(1500));
    await s.send(p1, sent.bytes);
    const outer = ipv6({ src: TUN6, dst: B6[0], hopLimit: 64, flowLabel: labelOf(sent) });
    const out = toHop(2, outer, ...inner6(1500, 63));
    expect(out.bytes.length).toBe(14 + 1540);
    await s.expectPacket(out.bytes, p2);
  });

  it('wire §4: translation mode makes no MTU check', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const service = E.mslbService('v6', S6, {
      service: 1,
      encap: false,
      bucketMask: 0,
      tunnelMtu: 100,
    });
    await s.insert([...labRoutes(s.ports), service, anySource('v6', { v6: B6[0] })]);
    const sent = fromHost(...inner6(1000));
    await s.send(p1, sent.bytes);
    const size = payloadFor('v6', 1000);
    const out = v6({
      src: CLIENT6,
      dst: B6[0],
      size,
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(sent),
    });
    await s.expectPacket(toHop(2, ...out).bytes, p2);
  });
});
