/**
 * The IPv4 header checksum (p4/include/checksum.p4; wire §5): the header the switch routes on
 * is verified by exact comparison with the csum16 of its other fields (bmv2's
 * verify_checksum), a mismatch is DROP_IPV4_CHECKSUM, and every routed IPv4 header leaves
 * with the checksum the packet builder computes. Expected checksums come from the builder.
 */
import { ptfSuite } from '../harness';
import {
  internetChecksum,
  ipv4,
  ipv4HeaderChecksum,
  payload,
  readField,
  setField,
  flipBit,
  udp,
  type Layer,
  type Packet,
} from '../packets';
import { Drop } from './contract';
import { expectDropped } from './counted';
import * as E from './entries';
import { FABRIC, arriving, leaving, nextHops } from './suite';

const datagram = (o: { ttl: number; id?: number; checksum?: number }): Layer[] => [
  ipv4({ src: '192.0.2.1', dst: '10.0.0.10', proto: 17, ...o }),
  udp({ sport: 4000, dport: 4001 }),
  payload('checksummed'),
];

/** The 20 IPv4 header bytes of a frame. */
const ipHeader = (p: Packet | Uint8Array) => (p instanceof Uint8Array ? p : p.bytes).slice(14, 34);

/**
 * The identification that makes the ones' complement sum of the header's other fields
 * 0xffff at `ttl`, so that its checksum is 0x0000: the checksum of the header with
 * identification 0 (~sum of the rest) fills exactly that gap.
 */
const idForZeroChecksum = (ttl: number) =>
  ipv4HeaderChecksum(ipHeader(arriving(...datagram({ ttl, id: 0, checksum: 0 }))));

ptfSuite('IPv4 header checksum (wire §5)', FABRIC, (ptf) => {
  const routes = () => [...nextHops(ptf.session.ports), E.routeV4('10.0.0.0/8', 2)];

  it('a wrong checksum: DROP_IPV4_CHECKSUM; the right one: routed with a new checksum', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(routes());
    const good = arriving(...datagram({ ttl: 64 }));
    const right = Number(readField(good, 'ipv4', 'checksum'));
    const wrong = setField(good, 'ipv4', 'checksum', (right + 1) & 0xffff);
    await expectDropped(s, p1, wrong, Drop.IPV4_CHECKSUM);

    await s.send(p1, good.bytes);
    const out = leaving(2, ...datagram({ ttl: 63 }));
    expect(readField(out, 'ipv4', 'checksum')).not.toBe(BigInt(right));
    await s.expectPacket(out.bytes, p2);
  });

  it('a header changed after its checksum (one bit of the source): DROP_IPV4_CHECKSUM', async () => {
    const s = ptf.session;
    await s.insert(routes());
    const good = arriving(...datagram({ ttl: 64 }));
    const changed = flipBit(good, (14 + 12) * 8 + 31); // the last bit of ipv4.src
    await expectDropped(s, s.ports[0], changed, Drop.IPV4_CHECKSUM);
  });

  it('the checksum is checked before the route and the TTL', async () => {
    const s = ptf.session;
    await s.insert(routes());
    const expired = arriving(...datagram({ ttl: 1, checksum: 0x0bad }));
    await expectDropped(s, s.ports[0], expired.bytes, Drop.IPV4_CHECKSUM);
    const unrouted = arriving(
      ipv4({ src: '192.0.2.1', dst: '172.16.0.1', checksum: 0x0bad }),
      udp({ sport: 1, dport: 2 }),
    );
    await expectDropped(s, s.ports[0], unrouted.bytes, Drop.IPV4_CHECKSUM);
  });

  describe('0x0000 and 0xffff (exact comparison, as bmv2 verify_checksum)', () => {
    it('a header whose checksum computes to 0x0000 and carries 0x0000 is routed', async () => {
      const s = ptf.session;
      const [p1, p2] = s.ports;
      await s.insert(routes());
      const id = idForZeroChecksum(64);
      const sent = arriving(...datagram({ ttl: 64, id }));
      expect(readField(sent, 'ipv4', 'checksum')).toBe(0n);
      await s.send(p1, sent.bytes);
      // One TTL less takes 0x0100 off the sum: the new checksum is 0x0100.
      const out = leaving(2, ...datagram({ ttl: 63, id }));
      expect(readField(out, 'ipv4', 'checksum')).toBe(0x0100n);
      await s.expectPacket(out.bytes, p2);
    });

    it('the same header carrying 0xffff (valid by RFC 1071 summing) is DROP_IPV4_CHECKSUM', async () => {
      const s = ptf.session;
      await s.insert(routes());
      const id = idForZeroChecksum(64);
      const ffff = arriving(...datagram({ ttl: 64, id, checksum: 0xffff }));
      // A receiver summing the whole header accepts both forms; the P4 compares the field.
      expect(internetChecksum(ipHeader(ffff))).toBe(0);
      expect(ipv4HeaderChecksum(ipHeader(ffff))).toBe(0);
      await expectDropped(s, s.ports[0], ffff.bytes, Drop.IPV4_CHECKSUM);
    });

    it('a routed header whose new checksum computes to zero leaves with 0x0000', async () => {
      const s = ptf.session;
      const [p1, p2] = s.ports;
      await s.insert(routes());
      const id = idForZeroChecksum(63);
      const sent = arriving(...datagram({ ttl: 64, id }));
      expect(readField(sent, 'ipv4', 'checksum')).toBe(0xfeffn);
      await s.send(p1, sent.bytes);
      const out = leaving(2, ...datagram({ ttl: 63, id }));
      expect(readField(out, 'ipv4', 'checksum')).toBe(0n);
      await s.expectPacket(out.bytes, p2);
    });
  });
});
