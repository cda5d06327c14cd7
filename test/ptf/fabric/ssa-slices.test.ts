/**
 * SSA ranges and slices (wire §2, §3): the legacy slice, a range without the slice, addresses
 * outside every range, the longest slice prefix, slice routing against routing.v6, packets
 * that are not IPv6, service indexes past the counters, and the tables' direct counters.
 */
import { ptfSuite, type PtfSession } from '../harness';
import {
  type AddressLike,
  ether,
  ipv4,
  ipv6,
  packet,
  payload,
  sliceAddress,
  udp,
} from '../packets';
import { Drop } from './contract';
import { expectDropped } from './counted';
import { added } from './counting';
import * as E from './entries';
import { RANGE, arriving, leaving, slicePrefix, text, vectors } from './ssa-lab';
import { FABRIC, SWITCH_MAC, hostMac, nextHops } from './suite';

// wire vector: 2001:db8:aaaa:bbbb::1 with key 0a1b2c3d must use slice 3583 of 2^14.
const HASH = vectors.source_bound_hash[0];
const BITS = HASH.slice_bits;
const KEY = parseInt(HASH.key, 16);
const GOOD = HASH['conforming_dst_in_2001:db8:5::/64'];
const BAD_SLICE = HASH.slice + 1;
const BAD = sliceAddress(RANGE, BITS, BAD_SLICE, 0x1234n);

const hashRange = (service: number) =>
  E.ssaRange(RANGE, { rule: 'hash', service, key: KEY, sliceBits: BITS, demote: false });
const goodSlice = () => E.ssaSlice(slicePrefix(RANGE, BITS, HASH.slice), HASH.slice, 2);
const badSlice = () => E.ssaSlice(slicePrefix(RANGE, BITS, BAD_SLICE), BAD_SLICE, 3);

async function routedTo(s: PtfSession, src: AddressLike, dst: AddressLike, nextHop: number) {
  await s.send(s.ports[0], arriving(src, dst).bytes);
  await s.expectPacket(leaving(src, dst, nextHop).bytes, s.ports[nextHop - 1]);
}

ptfSuite('SSA ranges and slices (wire §2)', FABRIC, (ptf) => {
  it('exempts the legacy slice (a /128 published as AAAA, wire §3) from the rule', async () => {
    const s = ptf.session;
    const service = 21;
    const legacy = sliceAddress(RANGE, BITS, BAD_SLICE, 0x53n); // inside the refused slice
    const neighbour = sliceAddress(RANGE, BITS, BAD_SLICE, 0x54n);
    await s.insert([
      ...nextHops(s.ports),
      hashRange(service),
      badSlice(),
      E.ssaLegacySlice(`${text(legacy)}/128`, 4),
    ]);
    const got = await added(
      s,
      [
        ['ingress.drops', Drop.SSA_NON_CONFORMING],
        ['ssa.conforming', service],
        ['ssa.non_conforming', service],
      ],
      async () => {
        await routedTo(s, HASH.src, legacy, 4); // the legacy slice's next hop, not the slice's
        await s.send(s.ports[0], arriving(HASH.src, neighbour).bytes); // the rule applies here
        await s.expectNoOtherPackets();
      },
    );
    // Legacy-slice packets count as conforming (docs/dataplane.md).
    expect(got).toEqual({
      [`ingress.drops[${Drop.SSA_NON_CONFORMING}]`]: 1n,
      [`ssa.conforming[${service}]`]: 1n,
      [`ssa.non_conforming[${service}]`]: 1n,
    });
  });

  it('drops a destination of the range that no slice entry covers (SSA_NO_SLICE)', async () => {
    const s = ptf.session;
    const range = hashRange(22);
    const slice = goodSlice();
    await s.insert([...nextHops(s.ports), range, slice, E.routeV6('2001:db8:5::/48', 4)]);
    // Neither the rule nor routing.v6 gets a say: the range is claimed.
    await expectDropped(s, s.ports[0], arriving(HASH.src, BAD).bytes, Drop.SSA_NO_SLICE);
    expect((await s.readDirectCounter(range)).packets).toBe(1n);
    expect((await s.readDirectCounter(slice)).packets).toBe(0n);
  });

  it('routes a destination outside every range by routing.v6, unchanged by SSA', async () => {
    const s = ptf.session;
    const range = hashRange(23);
    const route = E.routeV6('2001:db8:5::/48', 3);
    await s.insert([...nextHops(s.ports), range, goodSlice(), route]);
    const outside = '2001:db8:5:1::1234'; // the next /64: same /48, not the range
    await routedTo(s, HASH.src, outside, 3);
    await s.expectNoOtherPackets();
    expect((await s.readDirectCounter(range)).packets).toBe(0n);
    expect((await s.readDirectCounter(route)).packets).toBe(1n);
  });

  it('takes the longest slice prefix: a /79 moved make-before-break out of its /78', async () => {
    const s = ptf.session;
    const v = vectors.slice_index[0]; // 2001:db8:5::/64, slice 10995 of 2^14
    const whole = E.ssaSlice(slicePrefix(v.range, 14, v.slice), v.slice, 2);
    // The upper half of the slice, re-sliced at 15 bits, goes to a new instance first.
    const upper = E.ssaSlice(slicePrefix(v.range, 15, 2 * v.slice + 1), 2 * v.slice + 1, 3);
    await s.insert([
      ...nextHops(s.ports),
      E.ssaRange(v.range, { rule: 'any', service: 24 }),
      whole,
      upper,
    ]);
    const lowerDst = sliceAddress(v.range, 15, 2 * v.slice, 0xbeefn);
    const upperDst = sliceAddress(v.range, 15, 2 * v.slice + 1, 0xbeefn);
    const src = HASH.src;
    await routedTo(s, src, lowerDst, 2);
    await routedTo(s, src, upperDst, 3);
    await s.expectNoOtherPackets();
    expect((await s.readDirectCounter(whole)).packets).toBe(1n);
    expect((await s.readDirectCounter(upper)).packets).toBe(1n);
    // Break: with the /79 gone the /78 takes the whole slice again.
    await s.delete(upper);
    await routedTo(s, src, upperDst, 2);
    await s.expectNoOtherPackets();
  });

  it("routes by the slice's next hop even when routing.v6 has a more specific route", async () => {
    const s = ptf.session;
    const route = E.routeV6(`${GOOD}/128`, 4);
    await s.insert([...nextHops(s.ports), hashRange(25), goodSlice(), route]);
    await routedTo(s, HASH.src, GOOD, 2);
    await s.expectNoOtherPackets();
    expect((await s.readDirectCounter(route)).packets).toBe(0n); // not even looked up
  });

  it('leaves packets that are not IPv6 alone (IPv4 carrying IPv6 to the range: routing.v4)', async () => {
    const s = ptf.session;
    // Every IPv6 packet into the range would be dropped: the range has no slice.
    const range = E.ssaRange(RANGE, { rule: 'any', service: 26 });
    await s.insert([...nextHops(s.ports), range, E.routeV4('192.0.2.0/24', 3)]);
    const sixIn4 = (eth: ReturnType<typeof ether>, ttl: number) =>
      packet(
        eth,
        ipv4({ src: '198.51.100.7', dst: '192.0.2.10', ttl }),
        ipv6({ src: HASH.src, dst: GOOD }),
        udp({ sport: 50000, dport: 443 }),
        payload('6in4'),
      );
    await s.send(s.ports[0], sixIn4(ether({ dst: SWITCH_MAC, src: hostMac(1) }), 64).bytes);
    // TTL - 1 and the IPv4 checksum recomputed by the builder; the inner packet unchanged.
    await s.expectPacket(sixIn4(ether({ dst: hostMac(3), src: SWITCH_MAC }), 63).bytes, s.ports[2]);
    await s.expectNoOtherPackets();
    expect((await s.readDirectCounter(range)).packets).toBe(0n);
  });

  it('enforces the rule of a service index >= 4096 but counts it nowhere', async () => {
    const s = ptf.session;
    await s.insert([...nextHops(s.ports), hashRange(4096), goodSlice(), badSlice()]);
    // Index 4096 would wrap to 0 in a 12-bit index; 4095 is the last cell.
    const got = await added(
      s,
      [
        ['ingress.drops', Drop.SSA_NON_CONFORMING],
        ['ssa.conforming', 0],
        ['ssa.conforming', 4095],
        ['ssa.non_conforming', 0],
        ['ssa.non_conforming', 4095],
      ],
      async () => {
        await routedTo(s, HASH.src, GOOD, 2);
        await s.send(s.ports[0], arriving(HASH.src, BAD).bytes);
        await s.expectNoOtherPackets();
      },
    );
    expect(got).toEqual({
      [`ingress.drops[${Drop.SSA_NON_CONFORMING}]`]: 1n,
      'ssa.conforming[0]': 0n,
      'ssa.conforming[4095]': 0n,
      'ssa.non_conforming[0]': 0n,
      'ssa.non_conforming[4095]': 0n,
    });
  });

  it('counts hits in the direct counters of ssa.ranges and ssa.slices, packets and bytes', async () => {
    const s = ptf.session;
    const range = hashRange(27);
    const good = goodSlice();
    const bad = badSlice();
    await s.insert([...nextHops(s.ports), range, good, bad]);
    const frame = arriving(HASH.src, GOOD).bytes.length;
    expect(arriving(HASH.src, BAD).bytes.length).toBe(frame);
    await routedTo(s, HASH.src, GOOD, 2);
    await routedTo(s, HASH.src, GOOD, 2);
    await s.send(s.ports[0], arriving(HASH.src, BAD).bytes); // dropped, but both tables hit
    await s.expectNoOtherPackets();
    const n = (packets: number) => ({ packets: BigInt(packets), bytes: BigInt(packets * frame) });
    expect(await s.readDirectCounter(range)).toEqual(n(3));
    expect(await s.readDirectCounter(good)).toEqual(n(2));
    expect(await s.readDirectCounter(bad)).toEqual(n(1));
  });
});
