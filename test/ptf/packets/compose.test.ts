/**
 * The composer: derived fields as scapy fills them, every one overridable to build a
 * malformed packet, tunnels, and refusal of values that do not fit their field.
 */
import { ipv6Address } from './address';
import { concat, toHex, u32 } from './bytes';
import { internetChecksum, pseudoHeader } from './checksum';
import { packet } from './compose';
import { readField } from './dissect';
import { findField, findLayer, type Packet } from './fields';
import { destOpts, ether, icmp, icmpv6, ipv4, ipv6, type Layer, payload, tcp, udp } from './layers';
import { rosaAnnounce, rosaRequest, rosaResponse, serviceId } from './rosa';

const MAC = { dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' };
const C6 = '2001:db8:c::10';
const S6 = '2001:db8:5a::1';
const C4 = '192.0.2.10';
const S4 = '198.51.100.1';
const ID = serviceId('video.example');
const E = ether(MAC);
const V6 = ipv6({ src: C6, dst: S6 });
const V4 = ipv4({ src: C4, dst: S4 });
const UDP = udp({ sport: 1, dport: 2 });
const REQ = rosaRequest({ serviceId: ID, port: 40000, client: C6, ingress: S6 });
const RESP = rosaResponse({ serviceId: ID, port: 40000, client: C6, ingress: S6, instance: C6 });
const ANN = rosaAnnounce({ serviceId: ID, instance: C6, weight: 1, metric: 2, seq: 3, key: '00' });

const field = (p: Packet, layer: number | string, name: string) =>
  Number(readField(p, layer, name));

describe('derived fields', () => {
  test.each<[string, Layer[], string, string, number]>([
    ['EtherType of IPv4', [E, V4], 'ether', 'type', 0x0800],
    ['EtherType of IPv6', [E, V6], 'ether', 'type', 0x86dd],
    ['EtherType of anything else (scapy: 0x9000)', [E, payload('x')], 'ether', 'type', 0x9000],
    ['IPv4 total length', [E, V4, UDP, payload('hello')], 'ipv4', 'totalLength', 20 + 8 + 5],
    ['IPv4 ihl without options', [V4], 'ipv4', 'ihl', 5],
    [
      'IPv4 ihl with 3 option bytes (padded to 4)',
      [ipv4({ src: C4, dst: S4, options: Uint8Array.of(1, 1, 1) })],
      'ipv4',
      'ihl',
      6,
    ],
    ['IPv4 protocol of TCP', [V4, tcp({ sport: 1, dport: 2 })], 'ipv4', 'proto', 6],
    ['IPv4 protocol of UDP', [V4, UDP], 'ipv4', 'proto', 17],
    ['IPv4 protocol of ICMP', [V4, icmp({ type: 8, code: 0 })], 'ipv4', 'proto', 1],
    ['IPv4 protocol of IPv4 (4in4)', [V4, V4], 'ipv4', 'proto', 4],
    ['IPv4 protocol of IPv6 (6in4)', [V4, V6], 'ipv4', 'proto', 41],
    ['IPv4 protocol of nothing (scapy: 0)', [V4], 'ipv4', 'proto', 0],
    ['IPv6 payload length', [V6, UDP, payload('abc')], 'ipv6', 'payloadLength', 11],
    ['IPv6 next header of UDP', [V6, UDP], 'ipv6', 'nh', 17],
    ['IPv6 next header of TCP', [V6, tcp({ sport: 1, dport: 2 })], 'ipv6', 'nh', 6],
    ['IPv6 next header of ICMPv6', [V6, icmpv6({ type: 128, code: 0 })], 'ipv6', 'nh', 58],
    ['IPv6 next header of Destination Options', [V6, REQ], 'ipv6', 'nh', 60],
    ['IPv6 next header of IPv6 (6in6)', [V6, V6], 'ipv6', 'nh', 41],
    ['IPv6 next header of IPv4 (4in6)', [V6, V4], 'ipv6', 'nh', 4],
    ['IPv6 next header of nothing', [V6], 'ipv6', 'nh', 59],
    ['Destination Options next header of UDP', [V6, REQ, UDP], 'destOpts', 'nextHeader', 17],
    ['Destination Options next header of nothing', [V6, ANN], 'destOpts', 'nextHeader', 59],
    ['REQUEST Hdr Ext Len (wire §1)', [REQ], 'destOpts', 'hdrExtLen', 5],
    ['RESPONSE Hdr Ext Len (wire §1)', [RESP], 'destOpts', 'hdrExtLen', 7],
    ['ANNOUNCE Hdr Ext Len (wire §1)', [ANN], 'destOpts', 'hdrExtLen', 6],
    ['REQUEST option length (wire §1)', [REQ], 'destOpts', 'optLen', 44],
    ['RESPONSE option length (wire §1)', [RESP], 'destOpts', 'optLen', 60],
    ['ANNOUNCE option length (wire §1)', [ANN], 'destOpts', 'optLen', 52],
    ['UDP length', [V6, UDP, payload('abcde')], 'udp', 'length', 13],
    ['TCP data offset', [V6, tcp({ sport: 1, dport: 2 })], 'tcp', 'dataOffset', 5],
    [
      'TCP data offset with 5 option bytes',
      [V6, tcp({ sport: 1, dport: 2, options: Uint8Array.of(1, 1, 1, 1, 1) })],
      'tcp',
      'dataOffset',
      7,
    ],
  ])('%s', (_, layers, layer, name, expected) => {
    expect(field(packet(...layers), layer, name)).toBe(expected);
  });

  test('scapy defaults: IPv4 id 1, TTL 64; IPv6 hop limit 64; TCP flags S, window 8192', () => {
    const p4 = packet(V4, tcp({ sport: 1, dport: 2 }));
    expect([field(p4, 'ipv4', 'id'), field(p4, 'ipv4', 'ttl')]).toEqual([1, 64]);
    expect([field(p4, 'tcp', 'flags'), field(p4, 'tcp', 'window')]).toEqual([0x02, 8192]);
    expect(field(packet(V6), 'ipv6', 'hopLimit')).toBe(64);
  });

  test('the UDP checksum after Destination Options uses the IPv6 addresses and the UDP length', () => {
    const p = packet(
      ipv6({ src: C6, dst: S6 }),
      REQ,
      udp({ sport: 40000, dport: 443 }),
      payload('hi'),
    );
    const segment = p.bytes.slice(40 + 48);
    segment.set([0, 0], 6);
    const ph = pseudoHeader(ipv6Address(C6), ipv6Address(S6), 17, segment.length);
    expect(field(p, 'udp', 'checksum')).toBe(internetChecksum(concat(ph, segment)));
  });

  test('the ICMP checksum covers the layers after it (a quoted packet)', () => {
    const quoted = [ipv4({ src: C4, dst: S4 }), UDP];
    const p = packet(V4, icmp({ type: 3, code: 4, body: u32(1400) }), ...quoted);
    const message = p.bytes.slice(20);
    message.set([0, 0], 2);
    expect(field(p, 'icmp', 'checksum')).toBe(internetChecksum(message));
  });

  test('every derived field of a well-formed packet is consistent', () => {
    const all = [
      packet(E, V6, REQ, tcp({ sport: 1, dport: 2 }), payload('odd')),
      packet(E, V4, icmp({ type: 8, code: 0, body: u32(1) }), payload('x')),
      packet(E, V6, V4, UDP, payload('4in6')),
      packet(E, V4, V6, icmpv6({ type: 129, code: 0, body: u32(7) })),
    ];
    for (const p of all) {
      const wrong = p.layers.flatMap((l) =>
        l.fields
          .filter(
            (f) => f.correct !== undefined && Number(readField(p, l.name, f.name)) !== f.correct,
          )
          .map((f) => `${l.name}.${f.name}`),
      );
      expect(wrong).toEqual([]);
    }
  });
});

describe('overrides build malformed packets', () => {
  test.each<[string, Layer[], string, string, number]>([
    [
      'wrong IPv4 checksum',
      [V4, ipv4({ src: C4, dst: S4, checksum: 0x1234 })],
      'ipv4#2',
      'checksum',
      0x1234,
    ],
    [
      'wrong IPv4 total length',
      [ipv4({ src: C4, dst: S4, totalLength: 99 }), UDP],
      'ipv4',
      'totalLength',
      99,
    ],
    ['wrong IPv4 protocol', [ipv4({ src: C4, dst: S4, proto: 6 }), UDP], 'ipv4', 'proto', 6],
    ['bad IPv4 IHL', [ipv4({ src: C4, dst: S4, ihl: 4 }), UDP], 'ipv4', 'ihl', 4],
    ['bad IPv4 version', [ipv4({ src: C4, dst: S4, version: 6 }), UDP], 'ipv4', 'version', 6],
    [
      'wrong IPv6 payload length',
      [ipv6({ src: C6, dst: S6, payloadLength: 1 }), UDP],
      'ipv6',
      'payloadLength',
      1,
    ],
    ['wrong IPv6 next header', [ipv6({ src: C6, dst: S6, nh: 6 }), UDP], 'ipv6', 'nh', 6],
    ['bad IPv6 version', [ipv6({ src: C6, dst: S6, version: 4 }), UDP], 'ipv6', 'version', 4],
    ['wrong EtherType', [ether({ ...MAC, type: 0x0800 }), V6], 'ether', 'type', 0x0800],
    [
      'wrong Hdr Ext Len',
      [V6, rosaRequest({ serviceId: ID, port: 1, client: C6, ingress: S6, hdrExtLen: 4 }), UDP],
      'destOpts',
      'hdrExtLen',
      4,
    ],
    [
      'wrong Destination Options next header',
      [V6, destOpts({ nextHeader: 6 }), UDP],
      'destOpts',
      'nextHeader',
      6,
    ],
    ['wrong UDP length', [V6, udp({ sport: 1, dport: 2, length: 7 })], 'udp', 'length', 7],
    [
      'wrong UDP checksum',
      [V6, udp({ sport: 1, dport: 2, checksum: 0xbeef })],
      'udp',
      'checksum',
      0xbeef,
    ],
    ['wrong TCP checksum', [V6, tcp({ sport: 1, dport: 2, checksum: 1 })], 'tcp', 'checksum', 1],
    [
      'bad TCP data offset',
      [V6, tcp({ sport: 1, dport: 2, dataOffset: 3 })],
      'tcp',
      'dataOffset',
      3,
    ],
    ['wrong ICMP checksum', [V4, icmp({ type: 8, code: 0, checksum: 0 })], 'icmp', 'checksum', 0],
    [
      'wrong ICMPv6 checksum',
      [V6, icmpv6({ type: 128, code: 0, checksum: 0 })],
      'icmpv6',
      'checksum',
      0,
    ],
  ])('%s', (_, layers, layer, name, value) => {
    const p = packet(...layers);
    expect(field(p, layer, name)).toBe(value);
    const f = findField(findLayer(p.layers, layer), name);
    // A derived field now disagrees with the bytes around it; others are simply not the default.
    if (f.correct !== undefined) expect(f.correct).not.toBe(value);
    expect(toHex(p.bytes)).not.toBe(toHex(packet(...defaults(layers)).bytes));
  });

  test('a ROSA option whose length does not match its message type is noted', () => {
    const p = packet(
      V6,
      rosaRequest({ serviceId: ID, port: 1, client: C6, ingress: S6, msgType: 3 }),
    );
    expect(findLayer(p.layers, 'destOpts').notes).toEqual([
      'ROSA option: length 44 does not match message type 3 (wire §1)',
    ]);
  });

  test('an overridden IHL is noted against the layer the composer wrote', () => {
    const p = packet(ipv4({ src: C4, dst: S4, ihl: 6 }), UDP);
    expect(findLayer(p.layers, 'ipv4').notes).toEqual([
      'its header says 24 bytes, the layer has 20',
    ]);
  });
});

/** The same layers without the overrides of the malformed table (each layer rebuilt plain). */
function defaults(layers: readonly Layer[]): Layer[] {
  return layers.map((l) => {
    switch (l.kind) {
      case 'ether':
        return ether({ dst: l.dst, src: l.src });
      case 'ipv4':
        return ipv4({ src: l.src, dst: l.dst });
      case 'ipv6':
        return ipv6({ src: l.src, dst: l.dst });
      case 'udp':
      case 'tcp':
        return l.kind === 'udp' ? udp({ sport: 1, dport: 2 }) : tcp({ sport: 1, dport: 2 });
      case 'icmp':
        return icmp({ type: l.type, code: l.code });
      case 'icmpv6':
        return icmpv6({ type: l.type, code: l.code });
      case 'destOpts':
        return l.options.length ? REQ : destOpts();
      case 'payload':
        return l;
    }
  });
}

describe('tunnels', () => {
  test.each<[string, Layer, Layer, string, number]>([
    ['6in6', V6, ipv6({ src: S6, dst: C6 }), 'nh', 41],
    ['4in6', V6, V4, 'nh', 4],
    ['6in4', V4, V6, 'proto', 41],
    ['4in4', V4, ipv4({ src: S4, dst: C4 }), 'proto', 4],
  ])('%s: protocol number and both lengths', (_, outer, inner, protoField, proto) => {
    const p = packet(E, outer, inner, UDP, payload('data'));
    const outerName = outer.kind;
    const innerName = inner.kind === outer.kind ? `${inner.kind}#2` : inner.kind;
    expect(field(p, outerName, protoField)).toBe(proto);
    const innerLength = (inner.kind === 'ipv4' ? 20 : 40) + 8 + 4;
    if (outer.kind === 'ipv6') expect(field(p, outerName, 'payloadLength')).toBe(innerLength);
    else expect(field(p, outerName, 'totalLength')).toBe(20 + innerLength);
    expect(p.layers.map((l) => l.name)).toEqual(['ether', outerName, innerName, 'udp', 'payload']);
  });
});

describe('values that do not fit are refused, naming the field', () => {
  test.each<[string, () => unknown, string]>([
    [
      'TTL 256',
      () => ipv4({ src: C4, dst: S4, ttl: 256 }),
      'ipv4.ttl: 256 is not an integer in 0..255',
    ],
    [
      'flow label 2^20',
      () => ipv6({ src: C6, dst: S6, flowLabel: 1 << 20 }),
      'ipv6.flowLabel: 1048576',
    ],
    ['port 70000', () => udp({ sport: 70000, dport: 1 }), 'udp.sport: 70000'],
    ['negative seq', () => tcp({ sport: 1, dport: 1, seq: -1 }), 'tcp.seq: -1'],
    ['fractional DSCP', () => ipv4({ src: C4, dst: S4, dscp: 1.5 }), 'ipv4.dscp: 1.5'],
    [
      'TCP flag letter',
      () => tcp({ sport: 1, dport: 1, flags: 'SX' }),
      "tcp.flags: 'X' is not one of FSRPAUEC",
    ],
    [
      'IPv4 address in IPv6',
      () => ipv6({ src: C4, dst: S6 }),
      "ipv6.src: '192.0.2.10' is not an IPv6 address",
    ],
    [
      'short service id',
      () => rosaRequest({ serviceId: new Uint8Array(4), port: 1, client: C6, ingress: S6 }),
      'rosa.serviceId: expected 8 bytes, got 4',
    ],
    [
      'ROSA port 65536',
      () => rosaRequest({ serviceId: ID, port: 65536, client: C6, ingress: S6 }),
      'rosa.port: 65536 does not fit in 2 byte(s)',
    ],
    [
      'short auth tag',
      () =>
        rosaAnnounce({
          serviceId: ID,
          instance: C6,
          weight: 0,
          metric: 0,
          seq: 0,
          authTag: new Uint8Array(15),
        }),
      'rosa.authTag: expected 16 bytes, got 15',
    ],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('values are immutable', () => {
  test('layers and packets are frozen, and composing does not change the layers', () => {
    const before = toHex(packet(E, V6, UDP).bytes);
    const p = packet(E, V6, UDP);
    expect(Object.isFrozen(V6)).toBe(true);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.layers[1].fields[0])).toBe(true);
    expect(() => {
      (V6 as { hopLimit: number }).hopLimit = 1;
    }).toThrow(TypeError);
    expect(toHex(packet(E, V6, UDP).bytes)).toBe(before);
  });

  test('address bytes given to a builder are copied', () => {
    const src = ipv6Address(C6);
    const layer = ipv6({ src, dst: S6 });
    src[0] = 0xff;
    expect(toHex(packet(layer).bytes.subarray(8, 10))).toBe('2001');
  });
});
