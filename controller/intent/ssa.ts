/**
 * ssa.p4 (wire §2, §3) on switches with the 'ssa' role: one ssa.ranges entry per IPv6 range
 * with its rule, key, slice mask, epoch and demotion; one ssa.slices entry per slice P/(L+s)
 * with its index and the next hop towards the instance holding it (the stored slice map); the
 * legacy slice towards the instance holding the slice it lies in. Slices without a holder, or
 * whose holder cannot be reached, get no entry: their packets are dropped (DROP_SSA_NO_SLICE).
 */
import { ssaLegacySlice, ssaRange, ssaSlice, type SsaRule } from '../../p4runtime/fabric';
import type { TableEntry } from '../../p4runtime/entities';
import {
  type Service,
  type Switch,
  formatPrefix,
  prefixContains,
  sliceIndexOf,
  subPrefix,
} from '../domain';
import { Collector } from './collect';
import type { IntentContext } from './context';

/** A slice left out because its holder cannot be reached from the switch. */
export interface Unreachable {
  readonly service: string;
  readonly slice: number;
  readonly instance: string;
}

/** The time-hop epoch at `now` (unix seconds): floor(now / period) (wire §2). */
export function epochOf(now: number, period: number): number {
  return Math.floor(now / period) >>> 0;
}

/** The rule of ssa.ranges for a service at time `now`. */
export function ruleOf(svc: Service, now: number): SsaRule {
  const demote = svc.nonConforming === 'demote';
  const r = svc.rule;
  switch (r.kind) {
    case 'any':
      return { rule: 'any', service: svc.index };
    case 'content':
      return { rule: 'content', service: svc.index };
    case 'source-bound-identity':
      return { rule: 'identity', service: svc.index, demote };
    case 'source-bound-hash':
      return { rule: 'hash', service: svc.index, key: r.key, sliceBits: svc.sliceBits, demote };
    case 'time-hop':
      return {
        rule: 'time-hop',
        service: svc.index,
        key: r.key,
        sliceBits: svc.sliceBits,
        epoch: epochOf(now, r.period),
        demote,
      };
  }
}

/**
 * The SSA entries of `sw` (none without the 'ssa' role); slices whose holder it cannot reach
 * are added to `unreachable`.
 */
export function compileSsa(
  ctx: IntentContext,
  sw: Switch,
  unreachable: Unreachable[] = [],
): TableEntry[] {
  if (!sw.has('ssa')) return [];
  const c = new Collector(sw.name);
  const s = ctx.state;
  for (const svc of s.services) {
    const ranges = svc.slicedRanges;
    if (ranges.length === 0) continue;
    const rule = ruleOf(svc, ctx.now);
    for (const p of ranges) c.add(ssaRange(formatPrefix(p), rule), `range of ${svc.name}`);
    const map = s.sliceMap(svc.name);
    if (map === undefined) continue;
    // One next hop per holder, looked up once (maps have up to 2^20 slices).
    const hopOf = map.holders.map((id) => {
      const x = s.instance(id);
      return x === undefined ? undefined : ctx.towardsInstance(sw, x);
    });
    for (const p of ranges) {
      for (let i = 0; i < map.size; i++) {
        const o = map.ordinalOf(i);
        if (o >= hopOf.length) continue; // no holder: DROP_SSA_NO_SLICE
        const id = hopOf[o];
        if (id === undefined) {
          if (p === ranges[0])
            unreachable.push({ service: svc.name, slice: i, instance: map.holders[o] });
          continue;
        }
        c.add(ssaSlice(formatPrefix(subPrefix(p, svc.sliceBits, i)), i, id), `slice ${i}`);
      }
    }
    const legacy = svc.legacySlice;
    if (legacy !== undefined) {
      const home = ranges.find((p) => prefixContains(p, legacy));
      const slice =
        home === undefined ? undefined : sliceIndexOf(legacy.value, home, svc.sliceBits);
      const o = slice === undefined ? undefined : map.ordinalOf(slice);
      const id = o === undefined || o >= hopOf.length ? undefined : hopOf[o];
      if (id !== undefined) c.add(ssaLegacySlice(formatPrefix(legacy), id), 'the legacy slice');
    }
  }
  return c.entries();
}
