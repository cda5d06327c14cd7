/**
 * The dissector and the readable output: composed packets round-trip through dissect();
 * describe() shows every field and what is wrong; diffPackets() names the differing fields.
 */
import { concat, fromHex, u16, u32 } from './bytes';
import { packet } from './compose';
import { describePacket, diffPackets } from './describe';
import { dissect, readField } from './dissect';
import { truncate } from './edit';
import { ether, icmpv6, ipv4, ipv6, payload, tcp, udp } from './layers';
import { Mask } from './mask';
import { rosaAnnounce, rosaRequest, serviceId } from './rosa';
import { CASES } from './scapy-cases';

const MAC = { dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' };
const C6 = '2001:db8:c::10';
const S6 = '2001:db8:5a::1';
const ID = serviceId('video.example');

/** The ROSA REQUEST of wire §1's vector, carrying UDP with 'hi'. */
const requestPacket = (o: { udpChecksum?: number; hopLimit?: number; client?: string } = {}) =>
  packet(
    ether(MAC),
    ipv6({ src: C6, dst: S6, hopLimit: o.hopLimit }),
    rosaRequest({ serviceId: ID, port: 40000, client: o.client ?? C6, ingress: S6 }),
    udp({ sport: 40000, dport: 443, checksum: o.udpChecksum }),
    payload('hi'),
  );

describe('round trip: composer -> bytes -> dissector', () => {
  const wellFormed = CASES.filter((c) => !c.name.startsWith('malformed'));

  test.each(wellFormed)('$name: same layers and fields as composed', ({ ours }) => {
    expect(dissect(ours.bytes)).toEqual(ours.layers);
  });

  test.each<[string, string, bigint | number]>([
    ['ipv6', 'hopLimit', 64],
    ['ipv6', 'src', BigInt('0x20010db8000c00000000000000000010')],
    ['destOpts', 'msgType', 2],
    ['destOpts', 'port', 40000],
    ['destOpts', 'serviceId', 0x83038c4456808a2dn],
    ['destOpts', 'ingress', BigInt('0x20010db8005a00000000000000000001')],
    ['udp', 'sport', 40000],
    ['udp', 'dport', 443],
    ['payload', 'data', 0x6869],
  ])('reads back %s.%s', (layer, field, value) => {
    expect(readField(requestPacket().bytes, layer, field)).toBe(BigInt(value));
  });

  test('ANNOUNCE fields', () => {
    const p = packet(
      ipv6({ src: C6, dst: S6 }),
      rosaAnnounce({ serviceId: ID, instance: C6, weight: 7, metric: 9, seq: 11, key: '01' }),
    );
    const layers = dissect(p.bytes, 'ipv6');
    expect(layers[1].fields.map((f) => f.name)).toEqual(
      'nextHeader hdrExtLen optType optLen msgType flags weight serviceId instance metric seq authTag'.split(
        ' ',
      ),
    );
    expect(['weight', 'metric', 'seq'].map((f) => readField(p, 'destOpts', f))).toEqual([
      7n,
      9n,
      11n,
    ]);
  });
});

describe('describe', () => {
  test('a ROSA REQUEST with a wrong UDP checksum, in full', () => {
    expect(describePacket(requestPacket({ udpChecksum: 0x1234 }).bytes)).toBe(
      [
        '112 bytes',
        'ether @0: dst=00:00:00:00:00:02 src=00:00:00:00:00:01 type=0x86dd (ipv6)',
        'ipv6 @14: version=6 tc=0 flowLabel=0x00000 payloadLength=58 nh=60 (destOpts) hopLimit=64' +
          ' src=2001:db8:c::10 dst=2001:db8:5a::1',
        'destOpts @54: nextHeader=17 (udp) hdrExtLen=5 optType=0x1e optLen=44 msgType=2 (REQUEST)' +
          ' flags=0 port=40000 serviceId=0x83038c4456808a2d client=2001:db8:c::10 ingress=2001:db8:5a::1',
        'udp @102: sport=40000 dport=443 length=10 checksum=0x1234 (should be 0x9d8c)',
        'payload @110: data=2 bytes 6869',
      ].join('\n'),
    );
  });

  test('IPv4 + TCP with flags by letter', () => {
    const p = packet(
      ether(MAC),
      ipv4({ src: '10.0.0.1', dst: '10.0.0.2', flags: 2 }),
      tcp({ sport: 1, dport: 2, flags: 'SA' }),
    );
    const text = describePacket(p);
    expect(text).toContain(
      'ipv4 @14: version=4 ihl=5 dscp=0 ecn=0 totalLength=40 id=1 flags=2 fragOffset=0 ttl=64 proto=6 (tcp)',
    );
    expect(text).toContain('flags=0x12 (SA) window=8192');
    expect(text).not.toContain('should be');
  });

  test('a truncated packet: the fields that fit, and a note', () => {
    const text = describePacket(truncate(requestPacket(), 60));
    expect(text).toContain('payloadLength=58 (should be 6)');
    expect(text).toContain(
      'destOpts @54: nextHeader=17 (udp) hdrExtLen=5 optType=0x1e optLen=44 msgType=2 (REQUEST) flags=0 [truncated: 6 of 48 bytes]',
    );
  });

  test('an ICMPv6 Packet Too Big quotes the packet, whose lengths are not checked', () => {
    const p = packet(
      ether(MAC),
      ipv6({ src: '2001:db8:ff::1', dst: C6 }),
      icmpv6({ type: 2, code: 0, body: u32(1280) }),
      ipv6({ src: C6, dst: S6 }),
      udp({ sport: 1, dport: 2 }),
      payload('x'.repeat(100)),
    );
    const cut = truncate(p, 120);
    const layers = dissect(cut);
    expect(layers.map((l) => l.name)).toEqual([
      'ether',
      'ipv6',
      'icmpv6',
      'ipv6#2',
      'udp',
      'payload',
    ]);
    expect(readField(cut, 'icmpv6', 'mtu')).toBe(1280n);
    const text = describePacket(cut);
    expect(text).toContain('icmpv6 @54: type=2 code=0 checksum=');
    expect(text.split('\n').filter((l) => l.includes('should be'))).toEqual([
      expect.stringMatching(/^ipv6 @14: .*payloadLength=156 \(should be 66\)/),
      expect.stringMatching(/^icmpv6 @54: .*\(should be 0x[0-9a-f]{4}\)/),
    ]);
  });

  test('an unknown EtherType leaves the rest as payload', () => {
    const layers = dissect(packet(ether({ ...MAC, type: 0x88cc }), payload('lldp')).bytes);
    expect(layers.map((l) => l.name)).toEqual(['ether', 'payload']);
  });

  test('a bad IP version is noted and the rest is payload', () => {
    const layers = dissect(
      packet(ether(MAC), ipv6({ src: C6, dst: S6, version: 4 }), udp({ sport: 1, dport: 2 })).bytes,
    );
    expect(layers[1].notes).toEqual(['version 4, expected 6']);
    expect(layers.map((l) => l.name)).toEqual(['ether', 'ipv6', 'payload']);
  });

  test('an IPv4 UDP checksum of 0 (none, RFC 768) is not flagged', () => {
    const p = packet(
      ether(MAC),
      ipv4({ src: '10.0.0.1', dst: '10.0.0.2' }),
      udp({ sport: 1, dport: 2, checksum: 0 }),
    );
    expect(describePacket(p)).not.toContain('should be');
  });
});

describe('diffPackets', () => {
  const expected = requestPacket();

  test('equal packets: no lines', () => {
    expect(diffPackets(expected, requestPacket().bytes)).toEqual([]);
  });

  test('names each differing field with both values', () => {
    const actual = requestPacket({ hopLimit: 63, client: '2001:db8:c::11' });
    expect(diffPackets(expected, actual)).toEqual([
      'ipv6.hopLimit: expected 64 vs actual 63',
      'destOpts.client: expected 2001:db8:c::10 vs actual 2001:db8:c::11',
      // The option is not in the pseudo-header: the UDP checksum stays the same.
    ]);
  });

  test('a mask hides the fields it ignores', () => {
    const actual = requestPacket({ hopLimit: 63 });
    const mask = new Mask(expected).ignoreField('ipv6', 'hopLimit');
    expect(diffPackets(expected, actual, mask)).toEqual([]);
    expect(diffPackets(expected, actual)).toEqual(['ipv6.hopLimit: expected 64 vs actual 63']);
  });

  test('a shorter actual packet: the length and the missing fields', () => {
    expect(diffPackets(expected, truncate(expected, 108))).toEqual([
      'length: expected 112 bytes vs actual 108 bytes',
      'udp.checksum: expected 0x9d8c vs actual (missing)',
      'payload.data: expected 2 bytes 6869 vs actual (missing)',
    ]);
  });

  test('a longer actual packet: the length and the extra bytes', () => {
    expect(diffPackets(expected, concat(expected.bytes, fromHex('beef')))).toEqual([
      'length: expected 112 bytes vs actual 114 bytes',
      'actual has 2 more byte(s): beef',
    ]);
  });

  test('a long payload says where it first differs', () => {
    const body = (last: string) => payload('a'.repeat(40) + last);
    const base = [
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      udp({ sport: 1, dport: 2, checksum: 0 }),
    ] as const;
    const lines = diffPackets(packet(...base, body('b')), packet(...base, body('c')));
    expect(lines).toEqual([
      expect.stringMatching(/^payload\.data: .* \(first difference at byte 40 of the field\)$/),
    ]);
  });

  test('plain bytes as expected packet are dissected', () => {
    expect(diffPackets(expected.bytes, requestPacket({ hopLimit: 1 }))).toContain(
      'ipv6.hopLimit: expected 64 vs actual 1',
    );
  });

  test('a mask made for another packet is refused', () => {
    const other = new Mask(requestPacket({ hopLimit: 1 }));
    expect(() => diffPackets(expected, expected, other)).toThrow(
      'the mask was made for another expected packet',
    );
  });

  test('ICMP echo id and seq are fields', () => {
    const p = packet(
      ipv6({ src: C6, dst: S6 }),
      icmpv6({ type: 128, code: 0, body: concat(u16(7), u16(9)) }),
    );
    const q = packet(
      ipv6({ src: C6, dst: S6 }),
      icmpv6({ type: 128, code: 0, body: concat(u16(7), u16(8)) }),
    );
    expect(diffPackets(p, q)).toEqual([
      expect.stringMatching(/^icmpv6\.checksum: /),
      'icmpv6.seq: expected 9 vs actual 8',
    ]);
  });
});
