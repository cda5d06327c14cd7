/**
 * parser: the ROSA option's lengths (p4/include/parser.p4 parse_rosa*, wire §1, §5). Only the
 * four (msg type, Hdr Ext Len, opt len) combinations of wire §1 are parsed, and the IPv6
 * payload length must cover the option header; anything else is DROP_PARSER_BAD_ROSA_OPTION.
 * No SAR address is installed, so every well-formed option here is simply routed.
 */
import { ptfSuite } from '../harness';
import {
  ipv6,
  rosaAnnounce,
  rosaRequest,
  rosaResponse,
  rosaWithdraw,
  serviceId,
  udp,
  type DestOptsLayer,
  type Layer,
  type RosaOverrides,
} from '../packets';
import { Drop } from './contract';
import { expectDropped } from './counted';
import * as E from './entries';
import { FABRIC, arriving, leaving, nextHops } from './suite';

const V6 = { src: '2001:db8:a::1', dst: '2001:db8:1::10' };
const REQ = {
  serviceId: serviceId('video.example'),
  port: 40000,
  client: '2001:db8:a::1',
  ingress: '2001:db8:5a::1',
};
const RESP = { ...REQ, instance: '2001:db8:1::10' };
const ANN = { serviceId: REQ.serviceId, instance: '2001:db8:1::10', weight: 3, metric: 7, seq: 1 };
const KEY = '000102030405060708090a0b0c0d0e0f';

type Option = (o: RosaOverrides) => DestOptsLayer;
const request: Option = (o) => rosaRequest({ ...REQ, ...o });
const response: Option = (o) => rosaResponse({ ...RESP, ...o });
const announce: Option = (o) => rosaAnnounce({ ...ANN, key: KEY, ...o });
const withdraw: Option = (o) => rosaWithdraw({ ...ANN, key: KEY, ...o });

/** The option in a packet to a routed (non-SAR) destination, with a UDP header after it. */
const layersWith = (opt: DestOptsLayer, hopLimit: number, payloadLength?: number): Layer[] => [
  ipv6({ ...V6, hopLimit, payloadLength }),
  opt,
  udp({ sport: 40000, dport: 443 }),
];

ptfSuite('parser: ROSA option lengths (wire §1)', FABRIC, (ptf) => {
  const routes = () => [...nextHops(ptf.session.ports), E.routeV6('2001:db8:1::/48', 2)];

  it.each([
    ['REQUEST (2, 5, 44)', request],
    ['RESPONSE (3, 7, 60)', response],
    ['ANNOUNCE (1, 6, 52)', announce],
    ['WITHDRAW (4, 6, 52)', withdraw],
  ])('%s is parsed and, not to a SAR address, routed untouched', async (_, option) => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(routes());
    await s.send(p1, arriving(...layersWith(option({}), 64)).bytes);
    await s.expectPacket(leaving(2, ...layersWith(option({}), 63)).bytes, p2);
  });

  // (msg type, Hdr Ext Len, opt len) as the option carries them; the bytes are all there.
  it.each([
    ['REQUEST layout with msg type 3: (3, 5, 44)', () => request({ msgType: 3 })],
    ['RESPONSE layout with msg type 2: (2, 7, 60)', () => response({ msgType: 2 })],
    ['ANNOUNCE layout with msg type 2: (2, 6, 52)', () => announce({ msgType: 2 })],
    ['ANNOUNCE layout with msg type 3: (3, 6, 52)', () => announce({ msgType: 3 })],
    ['msg type 0: (0, 6, 52)', () => announce({ msgType: 0 })],
    ['msg type 5: (5, 6, 52)', () => withdraw({ msgType: 5 })],
    ['REQUEST with opt len 45: (2, 5, 45)', () => request({ optLen: 45 })],
    ['REQUEST with opt len 43: (2, 5, 43)', () => request({ optLen: 43 })],
    ['REQUEST with Hdr Ext Len 6: (2, 6, 44)', () => request({ hdrExtLen: 6 })],
    ['RESPONSE with Hdr Ext Len 5: (3, 5, 60)', () => response({ hdrExtLen: 5 })],
    ['WITHDRAW with Hdr Ext Len 7: (4, 7, 52)', () => withdraw({ hdrExtLen: 7 })],
    ['ANNOUNCE with opt len 60: (1, 6, 60)', () => announce({ optLen: 60 })],
  ])('%s: DROP_PARSER_BAD_ROSA_OPTION', async (_, option) => {
    const s = ptf.session;
    await s.insert(routes());
    const frame = arriving(...layersWith(option(), 64)).bytes;
    await expectDropped(s, s.ports[0], frame, Drop.PARSER_BAD_ROSA_OPTION);
  });

  it.each([
    ['REQUEST', 48, request],
    ['RESPONSE', 64, response],
    ['ANNOUNCE', 56, announce],
    ['WITHDRAW', 56, withdraw],
  ])(
    '%s whose IPv6 payload length is below its option header (%i bytes): DROP_PARSER_BAD_ROSA_OPTION',
    async (_, headerBytes, option) => {
      const s = ptf.session;
      await s.insert(routes());
      // The frame holds the whole option and the UDP header; only the length field is short.
      const frame = arriving(...layersWith(option({}), 64, headerBytes - 1)).bytes;
      await expectDropped(s, s.ports[0], frame, Drop.PARSER_BAD_ROSA_OPTION);
    },
  );

  it.each([
    ['REQUEST', 48, request],
    ['RESPONSE', 64, response],
    ['ANNOUNCE', 56, announce],
  ])(
    '%s whose IPv6 payload length is exactly its option header (%i bytes) is routed',
    async (_, headerBytes, option) => {
      const s = ptf.session;
      const [p1, p2] = s.ports;
      await s.insert(routes());
      await s.send(p1, arriving(...layersWith(option({}), 64, headerBytes)).bytes);
      await s.expectPacket(leaving(2, ...layersWith(option({}), 63, headerBytes)).bytes, p2);
    },
  );
});
