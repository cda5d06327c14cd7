/**
 * SSA rules (wire §2), one group per rule, with the reference addresses of the wire vectors:
 * a conforming packet goes to its slice's next hop with the destination unchanged (hop limit
 * - 1, the link's MACs) and is counted in ssa.conforming; a non-conforming one is dropped
 * (ingress.drops SSA_NON_CONFORMING) or, with demote = 1, sent on; ssa.non_conforming counts
 * it either way.
 */
import { ptfSuite, type PtfSession } from '../harness';
import {
  type AddressLike,
  bigIntToIpv6,
  contentAddress,
  ipv6ToBigInt,
  sliceAddress,
  sliceIndex,
  timeHopSlice,
} from '../packets';
import { Drop } from './contract';
import { added } from './counting';
import * as E from './entries';
import { RANGE, arriving, leaving, slicePrefix, text, vectors } from './ssa-lab';
import { FABRIC, nextHops } from './suite';

const ANY = 11;
const IDENTITY = 12;
const HASH = 13;
const TIME_HOP = 14;
const CONTENT = 15;

/** The cells a rule's packets touch. */
const cells = (service: number) =>
  [
    ['ingress.drops', Drop.SSA_NON_CONFORMING],
    ['ssa.conforming', service],
    ['ssa.non_conforming', service],
  ] as const;

/** What `cells(service)` should have gained. */
const counts = (service: number, drops: number, conforming: number, nonConforming: number) => ({
  [`ingress.drops[${Drop.SSA_NON_CONFORMING}]`]: BigInt(drops),
  [`ssa.conforming[${service}]`]: BigInt(conforming),
  [`ssa.non_conforming[${service}]`]: BigInt(nonConforming),
});

/** Sends src -> dst in on ports[0] and expects it unchanged but for the hop towards `nextHop`. */
async function routedTo(s: PtfSession, src: AddressLike, dst: AddressLike, nextHop: number) {
  await s.send(s.ports[0], arriving(src, dst).bytes);
  await s.expectPacket(leaving(src, dst, nextHop).bytes, s.ports[nextHop - 1]);
}

ptfSuite('SSA rules (wire §2)', FABRIC, (ptf) => {
  describe('any', () => {
    it('routes every source to the slice next hop, destination unchanged, as conforming', async () => {
      const s = ptf.session;
      const v = vectors.slice_index[0]; // 2001:db8:5:0:abcd:1234:5678:9abc, slice 10995 of 2^14
      expect(sliceIndex(v.address, v.range, v.slice_bits)).toBe(v.slice);
      await s.insert([
        ...nextHops(s.ports),
        E.ssaRange(v.range, { rule: 'any', service: ANY }),
        E.ssaSlice(slicePrefix(v.range, v.slice_bits, v.slice), v.slice, 2),
      ]);
      const sources = [vectors.source_bound_hash[0].src, vectors.source_bound_hash[2].src];
      const got = await added(s, cells(ANY), async () => {
        for (const src of sources) await routedTo(s, src, v.address, 2);
        await s.expectNoOtherPackets();
      });
      expect(got).toEqual(counts(ANY, 0, 2, 0));
    });
  });

  describe('source-bound-identity', () => {
    const v = vectors.source_bound_identity[0]; // dst[63:0] = src[127:64]
    const bits = 14;
    const slice = sliceIndex(v.conforming_dst, v.range, bits);
    // The same slice, one bit off in the low 64 bits.
    const wrong = bigIntToIpv6(ipv6ToBigInt(v.conforming_dst) ^ 1n);
    const setUp = (s: PtfSession, demote: boolean) =>
      s.insert([
        ...nextHops(s.ports),
        E.ssaRange(v.range, { rule: 'identity', service: IDENTITY, demote }),
        E.ssaSlice(slicePrefix(v.range, bits, slice), slice, 3),
      ]);

    it.each(vectors.source_bound_identity)(
      'routes $src to $conforming_dst, destination unchanged, as conforming',
      async ({ src, range, conforming_dst }) => {
        const s = ptf.session;
        const sl = sliceIndex(conforming_dst, range, bits);
        await s.insert([
          ...nextHops(s.ports),
          E.ssaRange(range, { rule: 'identity', service: IDENTITY, demote: false }),
          E.ssaSlice(slicePrefix(range, bits, sl), sl, 3),
        ]);
        const got = await added(s, cells(IDENTITY), async () => {
          await routedTo(s, src, conforming_dst, 3);
          await s.expectNoOtherPackets();
        });
        expect(got).toEqual(counts(IDENTITY, 0, 1, 0));
      },
    );

    it('drops and counts a destination whose low 64 bits are not the source high 64 bits', async () => {
      const s = ptf.session;
      await setUp(s, false);
      const got = await added(s, cells(IDENTITY), async () => {
        await s.send(s.ports[0], arriving(v.src, wrong).bytes);
        await s.expectNoOtherPackets();
      });
      expect(got).toEqual(counts(IDENTITY, 1, 0, 1));
    });

    it('with demote = 1 sends the non-conforming packet on to the slice, counted', async () => {
      const s = ptf.session;
      await setUp(s, true);
      const got = await added(s, cells(IDENTITY), async () => {
        await routedTo(s, v.src, wrong, 3);
        await s.expectNoOtherPackets();
      });
      expect(got).toEqual(counts(IDENTITY, 0, 0, 1));
    });
  });

  describe('source-bound-hash', () => {
    // Each vector: the conforming slice CRC32(src[127:64] ‖ key) mod 2^s, and the next one.
    const lab = (v: (typeof vectors.source_bound_hash)[number]) => {
      const next = (v.slice + 1) % 2 ** v.slice_bits;
      return {
        good: v['conforming_dst_in_2001:db8:5::/64'],
        bad: sliceAddress(RANGE, v.slice_bits, next, 0x1234n),
        entries: (demote: boolean) => [
          E.ssaRange(RANGE, {
            rule: 'hash',
            service: HASH,
            key: parseInt(v.key, 16),
            sliceBits: v.slice_bits,
            demote,
          }),
          E.ssaSlice(slicePrefix(RANGE, v.slice_bits, v.slice), v.slice, 2),
          E.ssaSlice(slicePrefix(RANGE, v.slice_bits, next), next, 3),
        ],
      };
    };

    it.each(vectors.source_bound_hash)(
      'routes $src (key $key, $slice_bits bits) to its slice $slice; drops it in the next slice',
      async (v) => {
        const s = ptf.session;
        const { good, bad, entries } = lab(v);
        expect(sliceIndex(good, RANGE, v.slice_bits)).toBe(v.slice);
        await s.insert([...nextHops(s.ports), ...entries(false)]);
        const got = await added(s, cells(HASH), async () => {
          await routedTo(s, v.src, good, 2);
          await s.send(s.ports[0], arriving(v.src, bad).bytes);
          await s.expectNoOtherPackets();
        });
        expect(got).toEqual(counts(HASH, 1, 1, 1));
      },
    );

    it('with demote = 1 sends the non-conforming packet on to its slice, counted', async () => {
      const s = ptf.session;
      const v = vectors.source_bound_hash[0];
      const { bad, entries } = lab(v);
      await s.insert([...nextHops(s.ports), ...entries(true)]);
      const got = await added(s, cells(HASH), async () => {
        await routedTo(s, v.src, bad, 3);
        await s.expectNoOtherPackets();
      });
      expect(got).toEqual(counts(HASH, 0, 0, 1));
    });
  });

  describe('time-hop', () => {
    const range = (v: (typeof vectors.time_hop)[number], epoch: number, demote = false) =>
      E.ssaRange(RANGE, {
        rule: 'time-hop',
        service: TIME_HOP,
        key: parseInt(v.key, 16),
        sliceBits: v.slice_bits,
        epoch,
        demote,
      });

    it.each(vectors.time_hop)(
      '$src in slice $slice of epoch $epoch: accepted in that epoch and the next, refused after',
      async (v) => {
        const s = ptf.session;
        const dst = sliceAddress(RANGE, v.slice_bits, v.slice, 0xabcn);
        // The vector's slice must not be the source's slice of the two later epochs.
        for (const e of [v.epoch + 1, v.epoch + 2]) {
          expect(timeHopSlice(v.src, v.key, e, v.slice_bits)).not.toBe(v.slice);
        }
        await s.insert([
          ...nextHops(s.ports),
          range(v, v.epoch),
          E.ssaSlice(slicePrefix(RANGE, v.slice_bits, v.slice), v.slice, 4),
        ]);
        const got = await added(s, cells(TIME_HOP), async () => {
          await routedTo(s, v.src, dst, 4); // the current epoch
          await s.modify(range(v, v.epoch + 1)); // the controller moves on one period
          await routedTo(s, v.src, dst, 4); // the previous epoch is still accepted
          await s.modify(range(v, v.epoch + 2));
          await s.send(s.ports[0], arriving(v.src, dst).bytes); // two periods old: refused
          await s.expectNoOtherPackets();
        });
        expect(got).toEqual(counts(TIME_HOP, 1, 2, 1));
      },
    );

    it('with demote = 1 sends a packet of an older epoch on to its slice, counted', async () => {
      const s = ptf.session;
      const v = vectors.time_hop[0];
      const dst = sliceAddress(RANGE, v.slice_bits, v.slice, 0xabcn);
      await s.insert([
        ...nextHops(s.ports),
        range(v, v.epoch + 2, true),
        E.ssaSlice(slicePrefix(RANGE, v.slice_bits, v.slice), v.slice, 4),
      ]);
      const got = await added(s, cells(TIME_HOP), async () => {
        await routedTo(s, v.src, dst, 4);
        await s.expectNoOtherPackets();
      });
      expect(got).toEqual(counts(TIME_HOP, 0, 0, 1));
    });
  });

  describe('content', () => {
    it.each(vectors.content)(
      'routes $object and its replicas to the slices holding them, from any source',
      async (v) => {
        const s = ptf.session;
        const bits = 14;
        const addresses = [v.address, ...v.replicas_1_2];
        // The builders agree with the vector: replica r hashes the key ‖ byte r.
        expect(addresses.map((_, r) => text(contentAddress(v.range, v.object, r)))).toEqual(
          addresses,
        );
        expect(sliceIndex(v.address, v.range, bits)).toBe(v.slice_at_14_bits);
        const slices = addresses.map((a) => sliceIndex(a, v.range, bits));
        await s.insert([
          ...nextHops(s.ports),
          E.ssaRange(v.range, { rule: 'content', service: CONTENT }),
          ...slices.map((sl, i) => E.ssaSlice(slicePrefix(v.range, bits, sl), sl, i + 2)),
        ]);
        const src = vectors.source_bound_identity[1].src;
        const got = await added(s, cells(CONTENT), async () => {
          for (const [i, a] of addresses.entries()) await routedTo(s, src, a, i + 2);
          await s.expectNoOtherPackets();
        });
        expect(got).toEqual(counts(CONTENT, 0, 3, 0));
      },
    );
  });
});
