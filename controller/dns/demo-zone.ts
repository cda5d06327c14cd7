/**
 * demo-zone.ts: a small zone with one service per rule, for the demo, the tests and the
 * benchmark (wire §2's vector values: range 2001:db8:5::/64, key 0a1b2c3d, 14 slice bits).
 */
import type { PublishedService, ZoneSettings } from './model';

/** Zone settings of the demo: svc.example on 127.0.0.1:5353. */
export const DEMO_SETTINGS: ZoneSettings = {
  origin: 'svc.example',
  ttl: 60,
  soa: {
    mname: 'ns1.svc.example',
    rname: 'hostmaster.svc.example',
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum: 30,
  },
  nameServers: [{ name: 'ns1.svc.example', addresses: ['127.0.0.1', '::1'] }],
};

/** One service per rule of wire §2. */
export const DEMO_SERVICES: readonly PublishedService[] = [
  {
    name: 'video.svc.example',
    ranges: [
      { prefix: '2001:db8:5::', length: 64, family: 6 },
      { prefix: '192.0.2.0', length: 24, family: 4 },
    ],
    rule: { kind: 'source-bound-hash', sliceBits: 14, key: '0a1b2c3d' },
    legacyAddresses: ['2001:db8:5:0:fffc::1', '2001:db8:5:0:fffc::2'],
  },
  {
    name: 'chat.svc.example',
    ranges: [{ prefix: '2001:db8:6::', length: 64, family: 6 }],
    rule: { kind: 'source-bound-identity', sliceBits: 8 },
    legacyAddresses: ['2001:db8:6::1'],
  },
  {
    name: 'hop.svc.example',
    ranges: [{ prefix: '2001:db8:7::', length: 56, family: 6 }],
    rule: { kind: 'time-hop', sliceBits: 12, key: 0x01020304, period: 30 },
    legacyAddresses: [],
  },
  {
    name: 'storage.svc.example',
    ranges: [
      { prefix: '2001:db8:9::', length: 64, family: 6 },
      { prefix: '2001:db8:9:0:ff00::', length: 72, family: 6, negate: true },
    ],
    rule: { kind: 'content', sliceBits: 14 },
    legacyAddresses: ['2001:db8:9::1'],
  },
  {
    name: 'web.svc.example',
    ranges: [{ prefix: '2001:db8:8::', length: 48, family: 6 }],
    rule: { kind: 'any', sliceBits: 4 },
    legacyAddresses: ['2001:db8:8::80'],
  },
];
