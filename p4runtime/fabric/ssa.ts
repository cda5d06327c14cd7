/** Entries of the SSA control (p4/include/control/ssa.p4): service ranges and slices (wire §2, §3). */
import { A, T } from '../../generated/fabric-p4info';
import type { TableEntry } from '../entities';

/** An SSA rule as ssa.ranges takes it (wire §2). */
export type SsaRule =
  | { rule: 'any'; service: number }
  | { rule: 'identity'; service: number; demote?: boolean }
  | { rule: 'hash'; service: number; key: number; sliceBits: number; demote?: boolean }
  | {
      rule: 'time-hop';
      service: number;
      key: number;
      sliceBits: number;
      epoch: number;
      demote?: boolean;
    }
  | { rule: 'content'; service: number };

/** The action of ssa.ranges for rule `r`. */
function ruleAction(r: SsaRule) {
  const demote = 'demote' in r && r.demote ? 1 : 0;
  switch (r.rule) {
    case 'any':
      return A.ssa.rule_any({ service: r.service });
    case 'identity':
      return A.ssa.rule_identity({ service: r.service, demote });
    case 'hash':
      return A.ssa.rule_hash({
        service: r.service,
        key: r.key,
        slice_mask: 2 ** r.sliceBits - 1,
        demote,
      });
    case 'time-hop':
      return A.ssa.rule_time_hop({
        service: r.service,
        key: r.key,
        slice_mask: 2 ** r.sliceBits - 1,
        epoch: r.epoch,
        demote,
      });
    case 'content':
      return A.ssa.rule_content({ service: r.service });
  }
}

/** ssa.ranges: the range `prefix` ('2001:db8:5::/64') of a service with its rule. */
export const ssaRange = (prefix: string, r: SsaRule): TableEntry =>
  T.ssa.ranges.entry({ match: { ipv6_dst: prefix }, action: ruleAction(r) });

/** ssa.slices: slice `prefix` (P/(L+s)) is slice `index`, held behind next hop `id`. */
export const ssaSlice = (prefix: string, index: number, id: number): TableEntry =>
  T.ssa.slices.entry({
    match: { ipv6_dst: prefix },
    action: A.ssa.set_slice({ index, next_hop: id }),
  });

/** ssa.slices: the legacy slice `prefix` (published as AAAA, exempt from the rule, wire §3). */
export const ssaLegacySlice = (prefix: string, id: number): TableEntry =>
  T.ssa.slices.entry({
    match: { ipv6_dst: prefix },
    action: A.ssa.set_legacy_slice({ next_hop: id }),
  });
