/**
 * ssa.p4 in TypeScript: Structured Service Addressing (wire §2). ssa.ranges (LPM on the
 * destination) gives the service's rule; ssa.slices (LPM, one entry per slice) gives the
 * slice index and the instance's next hop; the rule is checked on the source's high 64 bits;
 * conforming packets keep their destination and go to the slice's next hop, non-conforming
 * ones are dropped or demoted, and counted per service either way.
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { V6, copyBytes, equalBytes, setU32 } from '../header';
import type { Headers, LocalMetadata } from '../header';
import type { CounterArray } from '../../../tables/counters';
import { crc32 } from '../v1model/hash';

/** Ssa, bound to ssa.ranges, ssa.slices and the per-service counters. */
export class Ssa {
  private readonly ranges: BoundTable;
  private readonly slices: BoundTable;
  private readonly conforming: CounterArray;
  private readonly nonConforming: CounterArray;
  private readonly ids: {
    any: number;
    identity: number;
    hash: number;
    timeHop: number;
    content: number;
    setSlice: number;
    setLegacySlice: number;
  };
  // src[127:64] ‖ key ‖ epoch
  private readonly hashInput = new Uint8Array(16);

  constructor(bind: Binder) {
    const dst: ['ipv6_dst', 'lpm', 128] = ['ipv6_dst', 'lpm', 128];
    this.ranges = bind.table(
      'ssa.ranges',
      [dst],
      [
        ['ssa.rule_any', [['service', 16]]],
        [
          'ssa.rule_identity',
          [
            ['service', 16],
            ['demote', 1],
          ],
        ],
        [
          'ssa.rule_hash',
          [
            ['service', 16],
            ['key', 32],
            ['slice_mask', 32],
            ['demote', 1],
          ],
        ],
        [
          'ssa.rule_time_hop',
          [
            ['service', 16],
            ['key', 32],
            ['slice_mask', 32],
            ['epoch', 32],
            ['demote', 1],
          ],
        ],
        ['ssa.rule_content', [['service', 16]]],
        ['ssa.range_miss', []],
      ],
    );
    this.slices = bind.table(
      'ssa.slices',
      [dst],
      [
        [
          'ssa.set_slice',
          [
            ['index', 32],
            ['next_hop', 16],
          ],
        ],
        ['ssa.set_legacy_slice', [['next_hop', 16]]],
        ['ssa.slice_miss', []],
      ],
    );
    this.conforming = bind.counter('ssa.conforming', D.SSA_SERVICES);
    this.nonConforming = bind.counter('ssa.non_conforming', D.SSA_SERVICES);
    this.ids = {
      any: this.ranges.id('ssa.rule_any'),
      identity: this.ranges.id('ssa.rule_identity'),
      hash: this.ranges.id('ssa.rule_hash'),
      timeHop: this.ranges.id('ssa.rule_time_hop'),
      content: this.ranges.id('ssa.rule_content'),
      setSlice: this.slices.id('ssa.set_slice'),
      setLegacySlice: this.slices.id('ssa.set_legacy_slice'),
    };
  }

  apply(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    if (!hdr.ipv6.valid) return;
    const ip = hdr.ipv6.b;
    const r = this.ranges.apply(ip, V6.dst, bytes);
    if (r < 0) return;
    meta.claimed = true;
    const s = this.slices.apply(ip, V6.dst, bytes);
    if (s < 0) {
      meta.drop = true;
      meta.drop_reason = D.Drop.SSA_NO_SLICE;
      return;
    }
    const ids = this.ids;
    // Numbers straight from the tables' action caches: no action objects on this path.
    const ranges = this.ranges;
    const rule = ranges.actionIdOf(r);
    const service = ranges.word(r, 0);
    const legacy = this.slices.actionIdOf(s) === ids.setLegacySlice;
    const sliceIndex = legacy ? 0 : this.slices.word(s, 0);
    const nextHop = this.slices.word(s, legacy ? 0 : 1);
    let conforms = true;
    let demote = false;
    if (legacy) {
      conforms = true;
    } else if (rule === ids.identity) {
      demote = ranges.word(r, 1) === 1;
      conforms = equalBytes(ip, V6.dst + 8, ip, V6.src, 8);
    } else if (rule === ids.hash || rule === ids.timeHop) {
      const key = ranges.word(r, 1);
      const mask = ranges.word(r, 2);
      const input = this.hashInput;
      copyBytes(input, 0, ip, V6.src, 8);
      setU32(input, 8, key);
      if (rule === ids.hash) {
        demote = ranges.word(r, 3) === 1;
        conforms = (crc32(input, 0, 12) & mask) >>> 0 === sliceIndex;
      } else {
        const epoch = ranges.word(r, 3);
        demote = ranges.word(r, 4) === 1;
        setU32(input, 12, epoch);
        const now = crc32(input, 0, 16);
        setU32(input, 12, (epoch - 1) >>> 0);
        const before = crc32(input, 0, 16);
        conforms = (now & mask) >>> 0 === sliceIndex || (before & mask) >>> 0 === sliceIndex;
      }
    }
    // rule_any and rule_content always conform.

    if (conforms) {
      if (service < D.SSA_SERVICES) this.conforming.count(service, bytes);
    } else {
      if (service < D.SSA_SERVICES) this.nonConforming.count(service, bytes);
      if (demote) {
        meta.demote = true;
      } else {
        meta.drop = true;
        meta.drop_reason = D.Drop.SSA_NON_CONFORMING;
      }
    }
    if (!meta.drop) {
      meta.has_next_hop = true;
      meta.next_hop = nextHop;
    }
  }
}
