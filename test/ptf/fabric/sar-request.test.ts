/**
 * SAR REQUESTs (wire §1) for each scheduling mode: the member slot the mode picks, and the
 * packet the SAR sends on: src = the SAR address, dst = the member (an instance or the next
 * SAR), the ROSA option unchanged, hop limit - 1, the link's MACs, and the UDP / TCP / ICMPv6
 * checksum recomputed over the new pseudo-header (the builders compute the expected one).
 */
import vectors from '../../fixtures/wire-vectors.json';
import { ptfSuite, type PtfSession } from '../harness';
import {
  type AddressLike,
  PROTO,
  flowHash,
  ipv6Address,
  readField,
  toHex,
  transportChecksum,
} from '../packets';
import { SarMode } from './contract';
import * as E from './entries';
import {
  CLIENT,
  FAR_NET,
  INSTANCES,
  INSTANCE_NET,
  NEXT_SAR,
  SAR,
  SERVICE_ID,
  type Transport,
  SPREAD_REQUESTS,
  cellValue,
  expectSpread,
  request,
  roundRobinCell,
  tally,
} from './sar-lab';
import { FABRIC, nextHops } from './suite';

/** The SAR, routes to the instances (next hop 2) and beyond (4), and one service. */
async function setUp(
  s: PtfSession,
  service: number,
  mode: number,
  members: readonly AddressLike[],
) {
  await s.insert([
    ...nextHops(s.ports),
    E.sarAddress(SAR),
    E.routeV6(INSTANCE_NET, 2),
    E.routeV6(FAR_NET, 4),
    E.sarService(SERVICE_ID, service, mode, members.length),
    ...members.map((m, slot) => E.sarMember(service, slot, m)),
  ]);
}

/** The REQUEST from the client as it arrives, and as the SAR sends it to `member`. */
const sent = (sport?: number, transport?: Transport) =>
  request({ src: CLIENT, dst: SAR, sport, transport }).bytes;
const toMember = (member: AddressLike, sport?: number, transport?: Transport, nextHop = 2) =>
  request({ src: SAR, dst: member, nextHop, sport, transport });

ptfSuite('SAR: REQUEST (wire §1)', FABRIC, (ptf) => {
  describe('scheduling', () => {
    it('round robin walks the members 0, 1, 2, 0 through sar.round_robin', async () => {
      const s = ptf.session;
      const service = 31; // no other test of this file uses its cell, so it starts at 0
      const members = INSTANCES.slice(0, 3);
      await setUp(s, service, SarMode.ROUND_ROBIN, members);
      expect(await roundRobinCell(s, service)).toEqual(cellValue(s, 0n));
      for (const slot of [0, 1, 2, 0]) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(toMember(members[slot]).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
      expect(await roundRobinCell(s, service)).toEqual(cellValue(s, 1n));
    });

    it('round robin restarts at slot 0 when the stored slot is no longer below members', async () => {
      const s = ptf.session;
      const service = 32;
      const members = INSTANCES.slice(0, 3);
      await setUp(s, service, SarMode.ROUND_ROBIN, members);
      for (const slot of [0, 1]) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(toMember(members[slot]).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
      expect(await roundRobinCell(s, service)).toEqual(cellValue(s, 2n));
      // The controller shrinks the service to two members: the stored slot 2 is out of range.
      await s.modify(E.sarService(SERVICE_ID, service, SarMode.ROUND_ROBIN, 2));
      for (const slot of [0, 1, 0]) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(toMember(members[slot]).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
      expect(await roundRobinCell(s, service)).toEqual(cellValue(s, 1n));
    });

    it('flow hash sends each flow to CRC32(src ‖ dst ‖ proto ‖ sport ‖ dport) mod members', async () => {
      const s = ptf.session;
      const members = INSTANCES.slice(0, 4);
      await setUp(s, 33, SarMode.FLOW_HASH, members);
      // Computed on the packet as it arrives: dst is the SAR address, proto the one after the
      // Destination Options header.
      const slotOf = (sport: number, proto: number) =>
        flowHash({ src: CLIENT, dst: SAR, proto, sport, dport: 443 }) % members.length;
      const sports = [40000, 40001, 40002, 40003, 40004, 40005];
      expect(new Set(sports.map((p) => slotOf(p, PROTO.UDP))).size).toBeGreaterThan(1);
      for (const sport of [...sports, sports[0]]) {
        await s.send(s.ports[0], sent(sport));
        await s.expectPacket(toMember(members[slotOf(sport, PROTO.UDP)], sport).bytes, s.ports[1]);
      }
      // A TCP flow whose slot with proto 6 differs from the one with 60 (Destination Options).
      const tcpPort = sports.find((p) => slotOf(p, PROTO.TCP) !== slotOf(p, PROTO.DEST_OPTS))!;
      await s.send(s.ports[0], sent(tcpPort, 'tcp'));
      const member = members[slotOf(tcpPort, PROTO.TCP)];
      await s.expectPacket(toMember(member, tcpPort, 'tcp').bytes, s.ports[1]);
      // ICMPv6 has no ports: they count as 0.
      const icmp = flowHash({ src: CLIENT, dst: SAR, proto: PROTO.ICMPV6 }) % members.length;
      await s.send(s.ports[0], sent(undefined, 'icmpv6'));
      await s.expectPacket(toMember(members[icmp], undefined, 'icmpv6').bytes, s.ports[1]);
      await s.expectNoOtherPackets();
    });

    it('round robin of a service index outside the register (>= 16384) takes slot 0', async () => {
      const s = ptf.session;
      const members = INSTANCES.slice(0, 3);
      await setUp(s, 16384, SarMode.ROUND_ROBIN, members);
      for (let i = 0; i < 2; i++) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(toMember(members[0]).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
    });

    it('lowest metric always takes slot 0 (the controller puts the best member there)', async () => {
      const s = ptf.session;
      const members = INSTANCES.slice(0, 3);
      await setUp(s, 34, SarMode.LOWEST_METRIC, members);
      for (const sport of [40000, 40001, 40002]) {
        await s.send(s.ports[0], sent(sport));
        await s.expectPacket(toMember(members[0], sport).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
    });

    it('an unknown mode takes slot 0', async () => {
      const s = ptf.session;
      const members = INSTANCES.slice(0, 3);
      await setUp(s, 35, 7, members);
      for (const sport of [40000, 40001]) {
        await s.send(s.ports[0], sent(sport));
        await s.expectPacket(toMember(members[0], sport).bytes, s.ports[1]);
      }
      await s.expectNoOtherPackets();
    });

    it('random spreads requests evenly over every member', async () => {
      const s = ptf.session;
      const members = INSTANCES.slice(0, 3);
      await setUp(s, 36, SarMode.RANDOM, members);
      const t = tally(members.map((m) => toMember(m)));
      for (let i = 0; i < SPREAD_REQUESTS; i++) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(t.mask, s.ports[1]);
        t.commit();
      }
      await s.expectNoOtherPackets();
      expectSpread(t.counts, [1 / 3, 1 / 3, 1 / 3]);
    });

    it('weighted spreads requests by weight over the slots the weights filled', async () => {
      const s = ptf.session;
      // Weight 2 for the first instance, 1 for the second: three slots, shares 2/3 and 1/3.
      const slots = [INSTANCES[0], INSTANCES[0], INSTANCES[1]];
      await setUp(s, 37, SarMode.WEIGHTED, slots);
      const t = tally([toMember(INSTANCES[0]), toMember(INSTANCES[1])]);
      for (let i = 0; i < SPREAD_REQUESTS; i++) {
        await s.send(s.ports[0], sent());
        await s.expectPacket(t.mask, s.ports[1]);
        t.commit();
      }
      await s.expectNoOtherPackets();
      expectSpread(t.counts, [2 / 3, 1 / 3]);
    });

    it('routes to the next SAR when the member is another SAR address', async () => {
      const s = ptf.session;
      await setUp(s, 38, SarMode.LOWEST_METRIC, [NEXT_SAR]);
      await s.send(s.ports[0], sent());
      await s.expectPacket(toMember(NEXT_SAR, undefined, 'udp', 4).bytes, s.ports[3]);
      await s.expectNoOtherPackets();
    });
  });

  describe('rewrite and checksums', () => {
    it.each(['udp', 'tcp', 'icmpv6'] as const)(
      'rewrites src and dst of a %s REQUEST and recomputes its checksum',
      async (transport) => {
        const s = ptf.session;
        const member = INSTANCES[1];
        await setUp(s, 39, SarMode.LOWEST_METRIC, [member]);
        const input = request({ src: CLIENT, dst: SAR, transport });
        const output = toMember(member, undefined, transport);
        if (transport === 'udp') {
          // The option is the vectors' REQUEST (after 14 Ethernet and 40 IPv6 bytes).
          const option = vectors.rosa_option[0].dest_opts_header_hex;
          expect(toHex(input.bytes.slice(54, 54 + 48))).toBe(option);
          expect(toHex(output.bytes.slice(54, 54 + 48))).toBe(option);
        }
        // The expected checksum, over the new pseudo-header: the upper-layer segment starts
        // after Ethernet (14), IPv6 (40) and the 48-byte Destination Options header.
        const segment = output.bytes.slice(14 + 40 + 48);
        const proto = { udp: PROTO.UDP, tcp: PROTO.TCP, icmpv6: PROTO.ICMPV6 }[transport];
        const want = transportChecksum(proto, ipv6Address(SAR), ipv6Address(member), segment);
        expect(readField(output, transport, 'checksum')).toBe(BigInt(want));
        expect(readField(input, transport, 'checksum')).not.toBe(BigInt(want));
        await s.send(s.ports[0], input.bytes);
        await s.expectPacket(output.bytes, s.ports[1]);
        await s.expectNoOtherPackets();
      },
    );
  });
});
