/**
 * The SAR beyond a scheduled REQUEST (wire §1): FIB miss with and without the gateway,
 * services without members or NHIB entry, RESPONSE, ANNOUNCE / WITHDRAW punts, what else is
 * sent to a SAR address, affinity traffic, and the SAR's precedence over SSA.
 */
import vectors from '../../fixtures/wire-vectors.json';
import { ptfSuite, type PtfSession } from '../harness';
import {
  type Packet,
  destOpts,
  icmpv6,
  payload,
  rosaAnnounce,
  rosaRequest,
  rosaWithdraw,
  serviceId,
  toHex,
  udp,
} from '../packets';
import { Drop, Punt, SarMode } from './contract';
import { expectDropped, expectPunted } from './counted';
import * as E from './entries';
import {
  CLIENT,
  CLIENT_NET,
  CLIENT_PORT,
  FAR_NET,
  GATEWAY,
  INSTANCES,
  INSTANCE_NET,
  SAR,
  SERVICE_ID,
  request,
  response,
  rosaPacket,
} from './sar-lab';
import { slicePrefix } from './ssa-lab';
import { FABRIC, nextHops } from './suite';

const SERVICE = 41;

/** The SAR address and the routes to instances (next hop 2), clients (3) and beyond (4). */
const lab = (s: PtfSession) => [
  ...nextHops(s.ports),
  E.sarAddress(SAR),
  E.routeV6(INSTANCE_NET, 2),
  E.routeV6(CLIENT_NET, 3),
  E.routeV6(FAR_NET, 4),
];

const fromClient = () => request({ src: CLIENT, dst: SAR }).bytes;

// The vectors' ANNOUNCE (wire §1): video.example, instance, weight 3, metric 17, seq 42.
const A = vectors.rosa_option[2].fields as {
  service: string;
  instance: string;
  weight: number;
  metric: number;
  seq: number;
  key: string;
};
const announceInit = {
  serviceId: serviceId(A.service),
  instance: A.instance,
  weight: A.weight,
  metric: A.metric,
  seq: A.seq,
  key: A.key,
};

ptfSuite('SAR: FIB, NHIB, RESPONSE, punts and the rest (wire §1)', FABRIC, (ptf) => {
  describe('REQUEST misses', () => {
    it('drops a REQUEST for an unknown service when there is no gateway (SAR_FIB_MISS)', async () => {
      const s = ptf.session;
      await s.insert(lab(s));
      await expectDropped(s, s.ports[0], fromClient(), Drop.SAR_FIB_MISS);
    });

    it('sends a REQUEST for an unknown service to the gateway (default sar.to_gateway)', async () => {
      const s = ptf.session;
      await s.insert(lab(s));
      await s.modify(E.sarGateway(GATEWAY));
      await s.send(s.ports[0], fromClient());
      const out = request({ src: SAR, dst: GATEWAY, nextHop: 4 });
      await s.expectPacket(out.bytes, s.ports[3]);
      await s.expectNoOtherPackets();
    });

    it('drops a REQUEST for a service with members = 0 (SAR_NO_MEMBERS)', async () => {
      const s = ptf.session;
      await s.insert([...lab(s), E.sarService(SERVICE_ID, SERVICE, SarMode.ROUND_ROBIN, 0)]);
      await expectDropped(s, s.ports[0], fromClient(), Drop.SAR_NO_MEMBERS);
    });

    it('drops a REQUEST whose chosen slot has no NHIB entry (SAR_NHIB_MISS)', async () => {
      const s = ptf.session;
      await s.insert([
        ...lab(s),
        E.sarService(SERVICE_ID, SERVICE, SarMode.LOWEST_METRIC, 2),
        E.sarMember(SERVICE, 1, INSTANCES[1]), // slot 0, the one chosen, is missing
      ]);
      await expectDropped(s, s.ports[0], fromClient(), Drop.SAR_NHIB_MISS);
    });
  });

  describe('RESPONSE', () => {
    it("sets src = the SAR address and dst = the option's client, checksum fixed", async () => {
      const s = ptf.session;
      await s.insert(lab(s));
      const input = response({ src: INSTANCES[0], dst: SAR });
      // The option is the vectors' RESPONSE (after 14 Ethernet and 40 IPv6 bytes).
      expect(toHex(input.bytes.slice(54, 54 + 64))).toBe(
        vectors.rosa_option[1].dest_opts_header_hex,
      );
      await s.send(s.ports[1], input.bytes);
      await s.expectPacket(response({ src: SAR, dst: CLIENT, nextHop: 3 }).bytes, s.ports[2]);
      await s.expectNoOtherPackets();
    });
  });

  describe('ANNOUNCE and WITHDRAW', () => {
    const cases = [
      { name: 'ANNOUNCE', layer: rosaAnnounce, reason: Punt.ROSA_ANNOUNCE },
      { name: 'WITHDRAW', layer: rosaWithdraw, reason: Punt.ROSA_WITHDRAW },
    ];
    it.each(cases)('punts an $name unchanged with its ingress port', async (c) => {
      const s = ptf.session;
      await s.insert(lab(s));
      const frame = rosaPacket({ src: A.instance, dst: SAR }, c.layer(announceInit));
      if (c.name === 'ANNOUNCE') {
        // The option bytes are the vectors' (14 Ethernet + 40 IPv6 bytes before it).
        expect(toHex(frame.bytes.slice(54))).toBe(vectors.rosa_option[2].dest_opts_header_hex);
      }
      // In on ports[1]: the PacketIn must name that port.
      await expectPunted(s, s.ports[1], frame.bytes, c.reason);
    });
  });

  describe('anything else to a SAR address', () => {
    const plain: [string, Packet][] = [
      [
        'plain UDP',
        rosaPacket({ src: CLIENT, dst: SAR }, udp({ sport: 5000, dport: 53 }), payload('q')),
      ],
      [
        'an ICMPv6 echo request',
        rosaPacket(
          { src: CLIENT, dst: SAR },
          icmpv6({ type: 128, code: 0, body: Uint8Array.of(0, 1, 0, 1) }),
        ),
      ],
      [
        'a Destination Options header with another option',
        rosaPacket(
          { src: CLIENT, dst: SAR },
          destOpts({ options: [{ type: 0x1f, data: new Uint8Array(4) }] }),
          udp({ sport: 5000, dport: 53 }),
          payload('q'),
        ),
      ],
    ];
    it.each(plain)('drops %s (SAR_NOT_ROSA)', async (_name, p) => {
      const s = ptf.session;
      await s.insert(lab(s));
      await expectDropped(s, s.ports[0], p.bytes, Drop.SAR_NOT_ROSA);
    });

    // The parser refuses every ROSA option whose (type, Hdr Ext Len, length) is not one of
    // wire §1's, before the SAR sees it.
    const option = { serviceId: SERVICE_ID, port: CLIENT_PORT, client: CLIENT, ingress: SAR };
    const malformed: [string, Packet][] = [
      [
        'a REQUEST-sized option with message type RESPONSE',
        rosaPacket(
          { src: CLIENT, dst: SAR },
          rosaRequest({ ...option, msgType: 3 }),
          udp({ sport: CLIENT_PORT, dport: 443 }),
        ),
      ],
      [
        'a REQUEST whose option length says 43',
        rosaPacket(
          { src: CLIENT, dst: SAR },
          rosaRequest({ ...option, optLen: 43 }),
          udp({ sport: CLIENT_PORT, dport: 443 }),
        ),
      ],
      [
        'a REQUEST with message type 5',
        rosaPacket(
          { src: CLIENT, dst: SAR },
          rosaRequest({ ...option, msgType: 5 }),
          udp({ sport: CLIENT_PORT, dport: 443 }),
        ),
      ],
    ];
    it.each(malformed)('drops %s in the parser (PARSER_BAD_ROSA_OPTION)', async (_name, p) => {
      const s = ptf.session;
      await s.insert([
        ...lab(s),
        E.sarService(SERVICE_ID, SERVICE, SarMode.LOWEST_METRIC, 1),
        E.sarMember(SERVICE, 0, INSTANCES[0]),
      ]);
      await expectDropped(s, s.ports[0], p.bytes, Drop.PARSER_BAD_ROSA_OPTION);
    });
  });

  describe('other addresses', () => {
    it("routes a REQUEST to an address that is not the SAR's unchanged (affinity traffic)", async () => {
      const s = ptf.session;
      await s.insert([
        ...lab(s),
        E.sarService(SERVICE_ID, SERVICE, SarMode.LOWEST_METRIC, 1),
        E.sarMember(SERVICE, 0, INSTANCES[1]),
      ]);
      await s.send(s.ports[0], request({ src: CLIENT, dst: INSTANCES[0] }).bytes);
      await s.expectPacket(
        request({ src: CLIENT, dst: INSTANCES[0], nextHop: 2 }).bytes,
        s.ports[1],
      );
      await s.expectNoOtherPackets();
    });

    it('takes a REQUEST to a SAR address inside an SSA range before SSA does', async () => {
      const s = ptf.session;
      const range = E.ssaRange('2001:db8:5a::/64', { rule: 'any', service: 42 });
      const slice = E.ssaSlice(slicePrefix('2001:db8:5a::/64', 14, 0), 0, 4); // holds SAR
      await s.insert([
        ...lab(s),
        range,
        slice,
        E.sarService(SERVICE_ID, SERVICE, SarMode.LOWEST_METRIC, 1),
        E.sarMember(SERVICE, 0, INSTANCES[2]),
      ]);
      await s.send(s.ports[0], fromClient());
      await s.expectPacket(request({ src: SAR, dst: INSTANCES[2], nextHop: 2 }).bytes, s.ports[1]);
      await s.expectNoOtherPackets();
      expect((await s.readDirectCounter(range)).packets).toBe(0n); // SSA never looked
    });
  });
});
