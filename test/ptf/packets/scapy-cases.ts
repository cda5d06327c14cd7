/**
 * The packets of the scapy cross-check (scapy.test.ts): each built by our builders and
 * described for scapy (test/ptf/scapy/build.py) with only the fields the test chooses, so
 * scapy fills lengths, protocol numbers and checksums itself.
 */
import { concat, fromHex, toHex, u16, u32 } from './bytes';
import { packet } from './compose';
import type { Packet } from './fields';
import { destOpts, ether, icmp, icmpv6, ipv4, ipv6, payload, tcp, udp } from './layers';
import { rosaAnnounce, rosaRequest, rosaResponse, serviceId } from './rosa';

/** A scapy layer: its class name and the fields given to it. */
export type ScapyLayer = [name: string, fields: Record<string, unknown>];
/** One cross-check case. */
export interface Case {
  readonly name: string;
  readonly ours: Packet;
  readonly scapy: readonly ScapyLayer[];
}

const hex = (b: Uint8Array) => ({ hex: toHex(b) });

const MAC = { dst: '00:00:00:00:00:02', src: '00:00:00:00:00:01' };
const C6 = '2001:db8:c::10';
const S6 = '2001:db8:5a::1';
const I6 = '2001:db8:1::20';
const T6 = '2001:db8:ff::1';
const C4 = '192.0.2.10';
const S4 = '198.51.100.1';
const T4 = '203.0.113.7';
const ID = serviceId('video.example');
const KEY = '00112233445566778899aabbccddeeff';

const E: ScapyLayer = ['Ether', MAC];
const v6 = (src: string, dst: string, more = {}): ScapyLayer => ['IPv6', { src, dst, ...more }];
const v4 = (src: string, dst: string, more = {}): ScapyLayer => ['IP', { src, dst, ...more }];
const raw = (b: Uint8Array | string): ScapyLayer => [
  'Raw',
  { load: hex(typeof b === 'string' ? Buffer.from(b) : b) },
];
const destOpt = (optdata: Uint8Array, otype = 0x1e): ScapyLayer => [
  'IPv6ExtHdrDestOpt',
  { options: [['HBHOptUnknown', { otype, optdata: hex(optdata) }]] },
];
/** The option data of a composed ROSA layer: the bytes after the 4-byte header and option head. */
const optData = (p: Packet, layer = 0) =>
  p.bytes.slice(p.layers[layer].offset + 4, p.layers[layer].offset + p.layers[layer].length);

const request = rosaRequest({ serviceId: ID, port: 40000, client: C6, ingress: S6 });
const response = rosaResponse({
  serviceId: ID,
  port: 40000,
  client: C6,
  ingress: S6,
  instance: I6,
});
const announce = rosaAnnounce({
  serviceId: ID,
  instance: I6,
  weight: 3,
  metric: 17,
  seq: 42,
  key: KEY,
});
const quotedV6 = packet(ipv6({ src: C6, dst: S6 }), udp({ sport: 5000, dport: 53 }), payload('q'));
const quotedV4 = packet(ipv4({ src: C4, dst: S4, flags: 2 }), tcp({ sport: 5000, dport: 80 }));

/** A UDP payload word that makes the computed checksum 0, which UDP sends as 0xffff. */
function zeroSumWord(): Uint8Array {
  const p = packet(ipv6({ src: C6, dst: S6 }), udp({ sport: 7, dport: 9 }), payload(u16(0)));
  const ck = (p.bytes[46] << 8) | p.bytes[47];
  return u16(ck);
}

/** The cases, at least 15. */
export const CASES: readonly Case[] = [
  {
    name: 'ether-raw',
    ours: packet(ether(MAC), payload('xyz')),
    scapy: [E, raw('xyz')],
  },
  {
    name: 'ipv6-no-next-header',
    ours: packet(ether(MAC), ipv6({ src: C6, dst: S6 }), payload('raw')),
    scapy: [E, v6(C6, S6), raw('raw')],
  },
  {
    name: 'ipv6-udp',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      udp({ sport: 40000, dport: 443 }),
      payload('hello'),
    ),
    scapy: [E, v6(C6, S6), ['UDP', { sport: 40000, dport: 443 }], raw('hello')],
  },
  {
    name: 'ipv6-udp-empty',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6, hopLimit: 1, tc: 0xb8, flowLabel: 0xabcde }),
      udp({ sport: 1, dport: 2 }),
    ),
    scapy: [E, v6(C6, S6, { hlim: 1, tc: 0xb8, fl: 0xabcde }), ['UDP', { sport: 1, dport: 2 }]],
  },
  {
    name: 'ipv6-udp-checksum-zero-is-ffff',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      udp({ sport: 7, dport: 9 }),
      payload(zeroSumWord()),
    ),
    scapy: [E, v6(C6, S6), ['UDP', { sport: 7, dport: 9 }], raw(zeroSumWord())],
  },
  {
    name: 'ipv6-tcp-payload-odd',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      tcp({ sport: 40001, dport: 80, seq: 1000, ack: 2000, flags: 'PA', window: 512 }),
      payload('GET / HTTP/1.0\r\n\r\n!'),
    ),
    scapy: [
      E,
      v6(C6, S6),
      ['TCP', { sport: 40001, dport: 80, seq: 1000, ack: 2000, flags: 'PA', window: 512 }],
      raw('GET / HTTP/1.0\r\n\r\n!'),
    ],
  },
  {
    name: 'ipv6-tcp-options',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      tcp({ sport: 1, dport: 2, options: fromHex('020405b401030307') }),
    ),
    scapy: [
      E,
      v6(C6, S6),
      [
        'TCP',
        {
          sport: 1,
          dport: 2,
          options: [
            ['MSS', 1460],
            ['NOP', null],
            ['WScale', 7],
          ],
        },
      ],
    ],
  },
  {
    name: 'ipv6-rosa-request-udp',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      request,
      udp({ sport: 40000, dport: 443 }),
      payload('hi'),
    ),
    scapy: [
      E,
      v6(C6, S6),
      destOpt(optData(packet(request))),
      ['UDP', { sport: 40000, dport: 443 }],
      raw('hi'),
    ],
  },
  {
    name: 'ipv6-rosa-response-tcp',
    ours: packet(
      ether(MAC),
      ipv6({ src: S6, dst: C6 }),
      response,
      tcp({ sport: 443, dport: 40000, flags: 'SA' }),
      payload('abc'),
    ),
    scapy: [
      E,
      v6(S6, C6),
      destOpt(optData(packet(response))),
      ['TCP', { sport: 443, dport: 40000, flags: 'SA' }],
      raw('abc'),
    ],
  },
  {
    name: 'ipv6-rosa-request-icmpv6',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      request,
      icmpv6({ type: 128, code: 0, body: concat(u16(7), u16(1)) }),
      payload('ping'),
    ),
    scapy: [
      E,
      v6(C6, S6),
      destOpt(optData(packet(request))),
      ['ICMPv6EchoRequest', { id: 7, seq: 1, data: hex(Buffer.from('ping')) }],
    ],
  },
  {
    name: 'ipv6-rosa-announce',
    ours: packet(ether(MAC), ipv6({ src: I6, dst: S6 }), announce),
    scapy: [E, v6(I6, S6), destOpt(optData(packet(announce)))],
  },
  {
    name: 'ipv6-destopts-padded',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      destOpts({ options: [{ type: 0x1e, data: fromHex('020000') }] }),
      udp({ sport: 1, dport: 2 }),
    ),
    scapy: [E, v6(C6, S6), destOpt(fromHex('020000')), ['UDP', { sport: 1, dport: 2 }]],
  },
  {
    name: 'icmpv6-echo-reply-odd',
    ours: packet(
      ether(MAC),
      ipv6({ src: S6, dst: C6 }),
      icmpv6({ type: 129, code: 0, body: concat(u16(0x1234), u16(9)) }),
      payload('abcde'),
    ),
    scapy: [
      E,
      v6(S6, C6),
      ['ICMPv6EchoReply', { id: 0x1234, seq: 9, data: hex(Buffer.from('abcde')) }],
    ],
  },
  {
    name: 'icmpv6-packet-too-big',
    ours: packet(
      ether(MAC),
      ipv6({ src: T6, dst: C6 }),
      icmpv6({ type: 2, code: 0, body: u32(1280) }),
      ipv6({ src: C6, dst: S6 }),
      udp({ sport: 5000, dport: 53 }),
      payload('q'),
    ),
    scapy: [E, v6(T6, C6), ['ICMPv6PacketTooBig', { mtu: 1280 }], raw(quotedV6.bytes)],
  },
  {
    name: 'ipv4-tcp',
    ours: packet(
      ether(MAC),
      ipv4({ src: C4, dst: S4, flags: 2, dscp: 46, ecn: 1, ttl: 17, id: 0xbeef }),
      tcp({ sport: 1234, dport: 80, seq: 0xfffffff0, flags: 'FA', urgentPtr: 3 }),
      payload('data!'),
    ),
    scapy: [
      E,
      v4(C4, S4, { flags: 2, tos: (46 << 2) | 1, ttl: 17, id: 0xbeef }),
      ['TCP', { sport: 1234, dport: 80, seq: 0xfffffff0, flags: 'FA', urgptr: 3 }],
      raw('data!'),
    ],
  },
  {
    name: 'ipv4-udp-odd',
    ours: packet(
      ether(MAC),
      ipv4({ src: C4, dst: S4 }),
      udp({ sport: 53, dport: 5353 }),
      payload('odd'),
    ),
    scapy: [E, v4(C4, S4), ['UDP', { sport: 53, dport: 5353 }], raw('odd')],
  },
  {
    name: 'ipv4-icmp-echo',
    ours: packet(
      ether(MAC),
      ipv4({ src: C4, dst: S4 }),
      icmp({ type: 8, code: 0, body: concat(u16(1), u16(2)) }),
      payload('ping'),
    ),
    scapy: [E, v4(C4, S4), ['ICMP', { type: 8, id: 1, seq: 2 }], raw('ping')],
  },
  {
    name: 'ipv4-icmp-frag-needed',
    ours: packet(
      ether(MAC),
      ipv4({ src: T4, dst: C4 }),
      icmp({ type: 3, code: 4, body: concat(u16(0), u16(1400)) }),
      ipv4({ src: C4, dst: S4, flags: 2 }),
      tcp({ sport: 5000, dport: 80 }),
    ),
    scapy: [E, v4(T4, C4), ['ICMP', { type: 3, code: 4, nexthopmtu: 1400 }], raw(quotedV4.bytes)],
  },
  {
    name: '6in6-udp',
    ours: packet(
      ether(MAC),
      ipv6({ src: T6, dst: S6, tc: 0x20 }),
      ipv6({ src: C6, dst: I6, tc: 0x20 }),
      udp({ sport: 1, dport: 2 }),
      payload('6in6'),
    ),
    scapy: [
      E,
      v6(T6, S6, { tc: 0x20 }),
      v6(C6, I6, { tc: 0x20 }),
      ['UDP', { sport: 1, dport: 2 }],
      raw('6in6'),
    ],
  },
  {
    name: '4in6-tcp',
    ours: packet(
      ether(MAC),
      ipv6({ src: T6, dst: S6 }),
      ipv4({ src: C4, dst: S4 }),
      tcp({ sport: 1, dport: 2 }),
    ),
    scapy: [E, v6(T6, S6), v4(C4, S4), ['TCP', { sport: 1, dport: 2 }]],
  },
  {
    name: '6in4-icmpv6',
    ours: packet(
      ether(MAC),
      ipv4({ src: T4, dst: S4, flags: 2 }),
      ipv6({ src: C6, dst: I6 }),
      icmpv6({ type: 128, code: 0, body: concat(u16(1), u16(1)) }),
    ),
    scapy: [E, v4(T4, S4, { flags: 2 }), v6(C6, I6), ['ICMPv6EchoRequest', { id: 1, seq: 1 }]],
  },
  {
    name: '4in4-udp',
    ours: packet(
      ether(MAC),
      ipv4({ src: T4, dst: S4 }),
      ipv4({ src: C4, dst: S4, ttl: 3 }),
      udp({ sport: 1, dport: 2 }),
      payload('4in4'),
    ),
    scapy: [E, v4(T4, S4), v4(C4, S4, { ttl: 3 }), ['UDP', { sport: 1, dport: 2 }], raw('4in4')],
  },
  {
    name: 'malformed-ipv4-overrides',
    // A wrong header checksum and total length; scapy then takes the pseudo-header length
    // from the total length: 100 - 20 = 80.
    ours: packet(
      ether(MAC),
      ipv4({ src: C4, dst: S4, totalLength: 100, checksum: 0x1234 }),
      udp({ sport: 1, dport: 2 }),
      payload('x'),
    ),
    scapy: [E, v4(C4, S4, { len: 100, chksum: 0x1234 }), ['UDP', { sport: 1, dport: 2 }], raw('x')],
  },
  {
    name: 'malformed-ipv4-ihl-version',
    ours: packet(
      ether(MAC),
      ipv4({ src: C4, dst: S4, ihl: 6, version: 5 }),
      tcp({ sport: 1, dport: 2, dataOffset: 4 }),
    ),
    scapy: [E, v4(C4, S4, { ihl: 6, version: 5 }), ['TCP', { sport: 1, dport: 2, dataofs: 4 }]],
  },
  {
    name: 'malformed-ipv6-lengths',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6, payloadLength: 3, nh: 6, version: 4 }),
      udp({ sport: 1, dport: 2, length: 99 }),
      payload('abcd'),
    ),
    scapy: [
      E,
      v6(C6, S6, { plen: 3, nh: 6, version: 4 }),
      ['UDP', { sport: 1, dport: 2, len: 99 }],
      raw('abcd'),
    ],
  },
  {
    name: 'malformed-checksums',
    ours: packet(
      ether(MAC),
      ipv6({ src: C6, dst: S6 }),
      tcp({ sport: 1, dport: 2, checksum: 0 }),
      ipv4({ src: C4, dst: S4 }),
      icmp({ type: 0, code: 0, checksum: 0xffff, body: u32(0) }),
    ),
    scapy: [
      E,
      v6(C6, S6),
      ['TCP', { sport: 1, dport: 2, chksum: 0 }],
      v4(C4, S4),
      ['ICMP', { type: 0, chksum: 0xffff }],
    ],
  },
];
