/**
 * MSLB-F translation (wire §4): a packet to a service address IP_S gets dst := IP_B of the
 * highest-priority source entry, else of its flow-hash bucket; only the destination changes
 * (IPv4 header checksum recomputed, TCP/UDP checksum left as sent), then it is routed.
 */
import { ptfSuite } from '../harness';
import { Drop } from './contract';
import * as E from './entries';
import {
  B4,
  B6,
  CLIENT4,
  CLIENT6,
  S4,
  S6,
  dropsDuring,
  fromHost,
  hashOf,
  l4ChecksumOf,
  labRoutes,
  once,
  toHop,
  v4,
  v6,
} from './mslb-lab';
import { FABRIC } from './suite';

const translate = (family: 'v6' | 'v4', ipS: string, bucketMask = 3, service = 1) =>
  E.mslbService(family, ipS, { service, encap: false, bucketMask });

/** The first source ports from 40000 up whose flows land in different buckets of `mask`. */
function twoBuckets(flow: (sport: number) => number, mask: number): [number, number] {
  const first = 40000;
  for (let sport = first + 1; sport < first + 100; sport++) {
    if ((flow(sport) & mask) !== (flow(first) & mask)) return [first, sport];
  }
  throw new Error('no two buckets in 100 flows');
}

ptfSuite('MSLB-F translation (wire §4)', FABRIC, (ptf) => {
  it('wire §4: an IPv6 source entry sets dst := its B; the TCP checksum is left as sent', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const service = translate('v6', S6);
    const source = E.mslbSource('v6', 1, { value: '2001:db8:c::', mask: 'ffff:ffff:ffff::' }, 10, {
      v6: B6[1],
    });
    await s.insert([...labRoutes(s.ports), service, source]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6, tc: 0x2d, flowLabel: 0xabcde }));
    await s.send(p1, sent.bytes);
    const flow = { src: CLIENT6, dst: B6[1], tc: 0x2d, flowLabel: 0xabcde };
    const out = toHop(2, ...v6({ ...flow, hopLimit: 63, l4Checksum: l4ChecksumOf(sent) }));
    await s.expectPacket(out.bytes, p2);
    await s.expectNoOtherPackets();
    // The checksum still covers dst = IP_S, so it is wrong for dst = IP_B until B writes back.
    expect(l4ChecksumOf(out)).not.toBe(l4ChecksumOf(toHop(2, ...v6({ ...flow, hopLimit: 63 }))));
    expect(await s.readDirectCounter(service)).toEqual(once(sent));
    expect(await s.readDirectCounter(source)).toEqual(once(sent));
  });

  it('wire §4, §5: an IPv4 source entry sets dst := its B with a fresh header checksum, TCP checksum as sent', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const service = translate('v4', S4);
    const source = E.mslbSource('v4', 1, { value: CLIENT4, mask: '255.255.255.255' }, 1, {
      v4: B4[2],
    });
    await s.insert([...labRoutes(s.ports), service, source]);
    const sent = fromHost(...v4({ src: CLIENT4, dst: S4, dscp: 10, ecn: 1 }));
    await s.send(p1, sent.bytes);
    // The IPv4 header checksum is the builder's for the new header; the TCP one is unchanged.
    const flow = { src: CLIENT4, dst: B4[2], dscp: 10, ecn: 1, ttl: 63 };
    const out = toHop(2, ...v4({ ...flow, l4Checksum: l4ChecksumOf(sent) }));
    await s.expectPacket(out.bytes, p2);
    await s.expectNoOtherPackets();
    expect(l4ChecksumOf(out)).not.toBe(l4ChecksumOf(toHop(2, ...v4(flow))));
    expect(await s.readDirectCounter(source)).toEqual(once(sent));
  });

  it('wire §4: of overlapping IPv6 source entries the higher priority wins, the narrower one here', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const broad = E.mslbSource('v6', 1, { value: '2001:db8:c::', mask: 'ffff:ffff:ffff::' }, 10, {
      v6: B6[0],
    });
    const narrow = E.mslbSource('v6', 1, { value: CLIENT6, mask: 'ffff:'.repeat(7) + 'ffff' }, 20, {
      v6: B6[1],
    });
    await s.insert([...labRoutes(s.ports), translate('v6', S6), broad, narrow]);
    const other = '2001:db8:c::2';
    const a = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    const b = fromHost(...v6({ src: other, dst: S6 }));
    await s.send(p1, a.bytes);
    await s.send(p1, b.bytes);
    await s.expectPackets([
      {
        port: p2,
        packet: toHop(
          2,
          ...v6({ src: CLIENT6, dst: B6[1], hopLimit: 63, l4Checksum: l4ChecksumOf(a) }),
        ).bytes,
      },
      {
        port: p2,
        packet: toHop(
          2,
          ...v6({ src: other, dst: B6[0], hopLimit: 63, l4Checksum: l4ChecksumOf(b) }),
        ).bytes,
      },
    ]);
    expect(await s.readDirectCounter(narrow)).toEqual(once(a));
    expect(await s.readDirectCounter(broad)).toEqual(once(b));
  });

  it('wire §4: a broader IPv6 source entry of higher priority shadows a narrower one', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const broad = E.mslbSource('v6', 1, { value: '2001:db8:c::', mask: 'ffff:ffff:ffff::' }, 30, {
      v6: B6[0],
    });
    const narrow = E.mslbSource('v6', 1, { value: CLIENT6, mask: 'ffff:'.repeat(7) + 'ffff' }, 20, {
      v6: B6[1],
    });
    await s.insert([...labRoutes(s.ports), translate('v6', S6), broad, narrow]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    await s.send(p1, sent.bytes);
    const out = v6({ src: CLIENT6, dst: B6[0], hopLimit: 63, l4Checksum: l4ChecksumOf(sent) });
    await s.expectPacket(toHop(2, ...out).bytes, p2);
    expect(await s.readDirectCounter(narrow)).toEqual({ packets: 0n, bytes: 0n });
  });

  it('wire §4: IPv4 source entries with arbitrary ternary masks are taken in priority order', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const net = E.mslbSource('v4', 1, { value: '198.51.100.0', mask: '255.255.255.0' }, 5, {
      v4: B4[0],
    });
    const host = E.mslbSource('v4', 1, { value: CLIENT4, mask: '255.255.255.255' }, 7, {
      v4: B4[1],
    });
    // Odd source addresses, above both.
    const odd = E.mslbSource('v4', 1, { value: '0.0.0.1', mask: '0.0.0.1' }, 8, { v4: B4[2] });
    await s.insert([...labRoutes(s.ports), translate('v4', S4), net, host, odd]);
    const expected = [];
    for (const [src, b] of [
      [CLIENT4, B4[2]],
      ['198.51.100.2', B4[0]],
      ['198.51.100.3', B4[2]],
    ]) {
      const sent = fromHost(...v4({ src, dst: S4 }));
      await s.send(p1, sent.bytes);
      const out = toHop(2, ...v4({ src, dst: b, ttl: 63, l4Checksum: l4ChecksumOf(sent) }));
      expected.push({ port: p2, packet: out.bytes });
    }
    await s.expectPackets(expected);
    expect((await s.readDirectCounter(odd)).packets).toBe(2n);
    expect((await s.readDirectCounter(net)).packets).toBe(1n);
    expect((await s.readDirectCounter(host)).packets).toBe(0n);
  });

  it('wire §4: a source entry wins over the bucket; one of another service does not match', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const ownSource = E.mslbSource(
      'v6',
      1,
      { value: CLIENT6, mask: 'ffff:'.repeat(7) + 'ffff' },
      1,
      {
        v6: B6[1],
      },
    );
    // Service 2's entry matches the same client at a higher priority, but only for service 2.
    const foreign = E.mslbSource('v6', 2, { value: '::', mask: '::' }, 100, { v6: B6[3] });
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v6: B6[0] }));
    await s.insert([...labRoutes(s.ports), translate('v6', S6), foreign, ...buckets]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    const bucket = buckets[hashOf(sent) & 3];

    await s.send(p1, sent.bytes);
    const viaBucket = v6({
      src: CLIENT6,
      dst: B6[0],
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(sent),
    });
    await s.expectPacket(toHop(2, ...viaBucket).bytes, p2);
    expect(await s.readDirectCounter(bucket)).toEqual(once(sent));

    await s.insert(ownSource);
    await s.send(p1, sent.bytes);
    const viaSource = v6({
      src: CLIENT6,
      dst: B6[1],
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(sent),
    });
    await s.expectPacket(toHop(2, ...viaSource).bytes, p2);
    expect(await s.readDirectCounter(bucket)).toEqual(once(sent)); // not looked up again
    expect((await s.readDirectCounter(foreign)).packets).toBe(0n);
  });

  it('wire §4: without a source entry an IPv6 TCP flow goes to bucket CRC32(37-byte flow)[15:0] & mask', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v6: B6[i] }));
    await s.insert([...labRoutes(s.ports), translate('v6', S6), ...buckets]);
    const flow = (sport: number) => fromHost(...v6({ src: CLIENT6, dst: S6, sport }));
    const sports = twoBuckets((sport) => hashOf(flow(sport)), 3);
    for (const sport of sports) {
      const sent = flow(sport);
      const b = hashOf(sent) & 3;
      await s.send(p1, sent.bytes);
      const out = v6({
        src: CLIENT6,
        dst: B6[b],
        sport,
        hopLimit: 63,
        l4Checksum: l4ChecksumOf(sent),
      });
      await s.expectPacket(toHop(2, ...out).bytes, p2);
      // Read only once the packet is out: on bmv2 the counter moves when the switch is done.
      expect(await s.readDirectCounter(buckets[b])).toEqual(once(sent));
    }
  });

  it('wire §4: an IPv4 UDP flow goes to bucket CRC32(13-byte flow)[15:0] & mask, UDP checksum as sent', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const buckets = [0, 1, 2, 3].map((i) => E.mslbBucket(1, i, { v4: B4[i] }));
    await s.insert([...labRoutes(s.ports), translate('v4', S4), ...buckets]);
    const flow = (sport: number) => fromHost(...v4({ src: CLIENT4, dst: S4, udp: true, sport }));
    const sports = twoBuckets((sport) => hashOf(flow(sport)), 3);
    for (const sport of sports) {
      const sent = flow(sport);
      const b = hashOf(sent) & 3;
      await s.send(p1, sent.bytes);
      const out = v4({
        src: CLIENT4,
        dst: B4[b],
        udp: true,
        sport,
        ttl: 63,
        l4Checksum: l4ChecksumOf(sent),
      });
      await s.expectPacket(toHop(2, ...out).bytes, p2);
    }
  });

  it('wire §4: the bucket is the low 16 bits of the flow hash under the mask (12-bit mask)', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const mask = 0x0fff;
    // A flow whose high hash bits would name another bucket.
    let sport = 40000;
    const flow = (port: number) => fromHost(...v6({ src: CLIENT6, dst: S6, sport: port }));
    while (((hashOf(flow(sport)) >>> 16) & mask) === (hashOf(flow(sport)) & mask)) sport++;
    const sent = flow(sport);
    const bucket = E.mslbBucket(7, hashOf(sent) & mask, { v6: B6[2] });
    await s.insert([...labRoutes(s.ports), translate('v6', S6, mask, 7), bucket]);
    await s.send(p1, sent.bytes);
    const out = v6({
      src: CLIENT6,
      dst: B6[2],
      sport,
      hopLimit: 63,
      l4Checksum: l4ChecksumOf(sent),
    });
    await s.expectPacket(toHop(2, ...out).bytes, p2);
    expect(await s.readDirectCounter(bucket)).toEqual(once(sent));
  });

  it('wire §4: IPv6 towards an IPv4 B in translation mode is dropped (MSLB_FAMILY_MISMATCH)', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    const source = E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, { v4: B4[0] });
    await s.insert([...labRoutes(s.ports), translate('v6', S6), source]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    expect(await dropsDuring(s, Drop.MSLB_FAMILY_MISMATCH, () => s.send(p1, sent.bytes))).toBe(1n);
    expect(await s.readDirectCounter(source)).toEqual(once(sent));
  });

  it('wire §4: IPv4 towards an IPv6 B (by bucket) in translation mode is dropped (MSLB_FAMILY_MISMATCH)', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    const buckets = [0, 1].map((i) => E.mslbBucket(1, i, { v6: B6[i] }));
    await s.insert([...labRoutes(s.ports), translate('v4', S4, 1), ...buckets]);
    const sent = fromHost(...v4({ src: CLIENT4, dst: S4 }));
    expect(await dropsDuring(s, Drop.MSLB_FAMILY_MISMATCH, () => s.send(p1, sent.bytes))).toBe(1n);
  });

  it('wire §4: an IPv6 service with no source and no bucket entry drops (MSLB_NO_BACKEND)', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    const service = translate('v6', S6);
    await s.insert([...labRoutes(s.ports), service]);
    const sent = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    expect(await dropsDuring(s, Drop.MSLB_NO_BACKEND, () => s.send(p1, sent.bytes))).toBe(1n);
    expect(await s.readDirectCounter(service)).toEqual(once(sent));
  });

  it('wire §4: an IPv4 flow matching no source entry and no bucket drops (MSLB_NO_BACKEND)', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    const elsewhere = E.mslbSource('v4', 1, { value: '10.0.0.0', mask: '255.0.0.0' }, 1, {
      v4: B4[0],
    });
    const sent = fromHost(...v4({ src: CLIENT4, dst: S4 }));
    // Every bucket but the flow's own.
    const others = [0, 1, 2, 3]
      .filter((i) => i !== (hashOf(sent) & 3))
      .map((i) => E.mslbBucket(1, i, { v4: B4[i] }));
    await s.insert([...labRoutes(s.ports), translate('v4', S4), elsewhere, ...others]);
    expect(await dropsDuring(s, Drop.MSLB_NO_BACKEND, () => s.send(p1, sent.bytes))).toBe(1n);
  });

  it('wire §4: a destination no f_services entry names is only routed, even with sources and buckets', async () => {
    const s = ptf.session;
    const [p1, , p3] = s.ports;
    const any6 = E.mslbSource('v6', 1, { value: '::', mask: '::' }, 1, { v6: B6[0] });
    const any4 = E.mslbSource('v4', 1, { value: '0.0.0.0', mask: '0.0.0.0' }, 1, { v4: B4[0] });
    await s.insert([
      ...labRoutes(s.ports),
      translate('v6', '2001:db8:5::81'),
      translate('v4', '203.0.113.81'),
      any6,
      any4,
    ]);
    const sent6 = fromHost(...v6({ src: CLIENT6, dst: S6 }));
    const sent4 = fromHost(...v4({ src: CLIENT4, dst: S4 }));
    await s.send(p1, sent6.bytes);
    await s.send(p1, sent4.bytes);
    await s.expectPackets([
      { port: p3, packet: toHop(3, ...v6({ src: CLIENT6, dst: S6, hopLimit: 63 })).bytes },
      { port: p3, packet: toHop(3, ...v4({ src: CLIENT4, dst: S4, ttl: 63 })).bytes },
    ]);
    expect((await s.readDirectCounter(any6)).packets).toBe(0n);
    expect((await s.readDirectCounter(any4)).packets).toBe(0n);
  });
});
