/**
 * The SSA part of the intent (p4/include/control/ssa.p4, wire §2): for one switch with the 'ssa'
 * role, the desired ssa.ranges entries (one per IPv6 range: rule, key, slice mask, epoch,
 * demote) and ssa.slices entries (one per slice P/(L+s) -> slice index and the next hop of the
 * instance holding it, plus the legacy slice). Pure: the same state and clock give the same
 * entries.
 *
 *   const { entries, unreachable } = ssaIntent(state, 's1', Date.now() / 1000);
 */
import type { TableEntry } from '../../p4runtime/entities';
// The builders move to p4runtime/fabric/ with typed bindings; until then the PTF ones serve.
import { ssaLegacySlice, ssaRange, ssaSlice, type SsaRule } from '../../test/ptf/fabric/entries';
import { formatPrefix, prefixContains, sliceIndexOf, subPrefix } from '../domain/address';
import { DomainError } from '../domain/errors';
import type { Service } from '../domain/service';
import type { DomainState } from '../domain/state';
import type { Switch } from '../domain/switch';
import { nextHopTo, nextHopsOf } from './next-hops';

/** A slice left out because its holder cannot be reached from the switch. */
export interface Unreachable {
  readonly service: string;
  readonly slice: number;
  readonly instance: string;
}

/** The SSA entries one switch should hold. */
export interface SsaIntent {
  readonly switch: string;
  /** ssa.ranges entries first, then ssa.slices (by slice index, each range's prefix of it). */
  readonly entries: readonly TableEntry[];
  /** Slices without an entry (packets to them are dropped as DROP_SSA_NO_SLICE). */
  readonly unreachable: readonly Unreachable[];
}

/** The epoch of the time-hop rule at `nowSeconds` (wire §2): floor(unix seconds / period). */
export function epochAt(nowSeconds: number, period: number): number {
  return Math.floor(nowSeconds / period) >>> 0;
}

/** The ssa.ranges action of a service (the rule with its parameters). */
export function ruleOf(service: Service, nowSeconds: number): SsaRule {
  const r = service.rule;
  const demote = service.nonConforming === 'demote';
  const common = { service: service.index };
  switch (r.kind) {
    case 'any':
      return { rule: 'any', ...common };
    case 'content':
      return { rule: 'content', ...common };
    case 'source-bound-identity':
      return { rule: 'identity', ...common, demote };
    case 'source-bound-hash':
      return { rule: 'hash', ...common, key: r.key, sliceBits: service.sliceBits, demote };
    case 'time-hop':
      return {
        rule: 'time-hop',
        ...common,
        key: r.key,
        sliceBits: service.sliceBits,
        epoch: epochAt(nowSeconds, r.period),
        demote,
      };
  }
}

/** The SSA intent of switch `name` (role 'ssa'; any other switch gets no entries). */
export function ssaIntent(state: DomainState, name: string, nowSeconds: number): SsaIntent {
  const sw = state.switch(name);
  if (sw === undefined) throw new DomainError('switch', name, 'the name of a switch');
  if (!Number.isFinite(nowSeconds) || nowSeconds < 0) {
    throw new DomainError('nowSeconds', nowSeconds, 'unix seconds, 0 or more');
  }
  if (!sw.has('ssa')) return { switch: name, entries: [], unreachable: [] };
  const ranges: TableEntry[] = [];
  const slices: TableEntry[] = [];
  const unreachable: Unreachable[] = [];
  for (const service of state.services) {
    compileService(state, sw, service, nowSeconds, ranges, slices, unreachable);
  }
  return { switch: name, entries: [...ranges, ...slices], unreachable };
}

function compileService(
  state: DomainState,
  sw: Switch,
  service: Service,
  nowSeconds: number,
  ranges: TableEntry[],
  slices: TableEntry[],
  unreachable: Unreachable[],
): void {
  const v6 = service.slicedRanges;
  if (v6.length === 0) return;
  const rule = ruleOf(service, nowSeconds);
  for (const p of v6) ranges.push(ssaRange(formatPrefix(p), rule));
  const map = state.sliceMap(service.name);
  if (map === undefined) return;
  const hops = nextHopsOf(state, sw);
  // One next-hop lookup per holder, not per slice.
  const hopOf = map.holders.map((id) => {
    const x = state.instance(id);
    return x === undefined ? undefined : nextHopTo(state, sw, x, hops);
  });
  const s = service.sliceBits;
  for (let i = 0; i < map.size; i++) {
    const holder = map.holderOf(i);
    if (holder === undefined) continue;
    const hop = hopOf[map.ordinalOf(i)];
    if (hop === undefined) {
      unreachable.push({ service: service.name, slice: i, instance: holder });
      continue;
    }
    for (const p of v6) slices.push(ssaSlice(formatPrefix(subPrefix(p, s, i)), i, hop));
  }
  const legacy = service.legacySlice;
  if (legacy !== undefined) {
    // Served by the holder of the slice it lies in (Service.create checked it lies in one).
    const home = v6.find((p) => prefixContains(p, legacy));
    const slice = home === undefined ? undefined : sliceIndexOf(legacy.value, home, s);
    const holder = slice === undefined ? undefined : map.holderOf(slice);
    const hop = holder === undefined ? undefined : hopOf[map.holders.indexOf(holder)];
    if (hop !== undefined) slices.push(ssaLegacySlice(formatPrefix(legacy), hop));
  }
}
