/**
 * A service: its canonical DNS name and id (wire §1), its table index, its SSA ranges and rule
 * (wire §2), its SAR scheduling mode, its legacy slice (wire §3).
 *
 *   const s = Service.create({ name: 'Video.Example.', index: 1, ranges: ['2001:db8:5::/64'],
 *     rule: { kind: 'source-bound-hash', key: 0x0a1b2c3d }, sliceBits: 14 });
 *   s.name  // 'video.example';  s.idHex // '83038c4456808a2d'
 */
import { createHash } from 'node:crypto';
import {
  type IpPrefix,
  formatPrefix,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
} from './address';
import { int, list, oneOf, optional, record, uint } from './check';
import { DomainError, joinPath } from './errors';

// The rules of wire §2: one list for the client that computes addresses and the controller.
import { RULE_KINDS, type RuleKind } from '../../client/rule-text';
export { RULE_KINDS, type RuleKind };

/** A rule with its parameters: a 32-bit key for the hash rules, a period for time-hop. */
export type Rule =
  | { readonly kind: 'any' }
  | { readonly kind: 'source-bound-identity' }
  | { readonly kind: 'source-bound-hash'; readonly key: number }
  | { readonly kind: 'time-hop'; readonly key: number; readonly period: number }
  | { readonly kind: 'content' };

/** Rules whose check uses the source's top 64 bits, so the range must be /64 or shorter. */
export const SOURCE_BOUND: readonly RuleKind[] = [
  'source-bound-identity',
  'source-bound-hash',
  'time-hop',
];

/** SAR scheduling modes and their `mode` values in sar.set_service (docs/dataplane.md). */
export const SAR_MODES = {
  random: 0,
  'round-robin': 1,
  weighted: 2,
  'lowest-metric': 3,
  'flow-hash': 4,
} as const;
export type SarMode = keyof typeof SAR_MODES;

/** Non-conforming packets: dropped (demote = 0) or sent with the lowest priority (1). */
export type NonConforming = 'drop' | 'demote';

/** The largest slice bits the controller plans (2^20 slices; the planner's arrays). */
export const MAX_SLICE_BITS = 20;
/** `service` parameters of ssa.*, sar.*, mslb.* are bit<16> (p4/v1model/main.p4info.txt). */
export const SERVICE_INDEX_BITS = 16;
/** Longest allowed period of the time-hop rule, in seconds (one day). */
export const MAX_PERIOD = 86_400;

/** What Service.create takes (plain data, as the API or a database row gives it). */
export interface ServiceInput {
  readonly name: string;
  readonly index: number;
  readonly ranges?: readonly string[];
  readonly rule?: {
    readonly kind: string;
    readonly key?: number | string;
    readonly period?: number;
  };
  readonly sliceBits?: number;
  readonly nonConforming?: NonConforming;
  readonly sarMode?: SarMode;
  readonly legacySlice?: string;
}

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The canonical service name: lower case, no trailing dot, a valid DNS name (wire §1). */
export function canonicalName(value: unknown, path: string): string {
  const expected = 'a DNS name: labels of 1..63 letters, digits, - or _, 253 characters at most';
  if (typeof value !== 'string') throw new DomainError(path, value, expected);
  const name = value.toLowerCase().replace(/\.$/, '');
  if (name.length === 0 || name.length > 253 || !name.split('.').every((l) => LABEL.test(l))) {
    throw new DomainError(path, value, expected);
  }
  return name;
}

/** The service id: the first 8 bytes of SHA-256 of the canonical name (wire §1), as hex. */
export function serviceIdHex(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest().subarray(0, 8).toString('hex');
}

function ruleOf(value: unknown, path: string): Rule {
  const r = record(value, path);
  const kind = oneOf(r.kind, joinPath(path, 'kind'), RULE_KINDS);
  const key = () => {
    const k = r.key;
    const p = joinPath(path, 'key');
    if (typeof k === 'string') {
      if (!/^[0-9a-fA-F]{8}$/.test(k)) throw new DomainError(p, k, '8 hex digits (32 bits)');
      return parseInt(k, 16);
    }
    return uint(k, p, 32);
  };
  switch (kind) {
    case 'source-bound-hash':
      return Object.freeze({ kind, key: key() });
    case 'time-hop':
      return Object.freeze({
        kind,
        key: key(),
        period: int(r.period, joinPath(path, 'period'), 1, MAX_PERIOD),
      });
    default:
      return Object.freeze({ kind });
  }
}

/** A service (immutable; `create` validates every field). */
export class Service {
  private constructor(
    /** Canonical name, e.g. 'video.example'. */
    readonly name: string,
    /** Service id (wire §1) as 16 hex digits. */
    readonly idHex: string,
    /** Index in the `service` parameters of ssa.*, sar.* (bit<16>). */
    readonly index: number,
    /** Published ranges: IPv6 ones are sliced and checked; IPv4 ones are only published (APL). */
    readonly ranges: readonly IpPrefix[],
    readonly rule: Rule,
    /** s: each IPv6 range has 2^s slices. */
    readonly sliceBits: number,
    readonly nonConforming: NonConforming,
    readonly sarMode: SarMode,
    /** A prefix inside one slice of an IPv6 range, exempt from the rule, published as AAAA. */
    readonly legacySlice: IpPrefix | undefined,
  ) {
    Object.freeze(this);
  }

  /** Validates `input` (paths start at `path`, e.g. 'services[2]') and builds the service. */
  static create(input: unknown, path = 'service'): Service {
    const r = record(input, path);
    const at = (k: string) => joinPath(path, k);
    const name = canonicalName(r.name, at('name'));
    const index = uint(r.index, at('index'), SERVICE_INDEX_BITS);
    const ranges = list(r.ranges ?? [], at('ranges'), (v, p) => parsePrefix(v, p), { max: 64 });
    const rule = ruleOf(r.rule ?? { kind: 'any' }, at('rule'));
    const sliceBits = int(r.sliceBits ?? 0, at('sliceBits'), 0, MAX_SLICE_BITS);
    const nonConforming = oneOf(r.nonConforming ?? 'drop', at('nonConforming'), [
      'drop',
      'demote',
    ] as const);
    const sarMode = oneOf(
      r.sarMode ?? 'random',
      at('sarMode'),
      Object.keys(SAR_MODES) as SarMode[],
    );
    ranges.forEach((p, i) => {
      const rp = joinPath(at('ranges'), i);
      if (p.family !== 6) return;
      if (SOURCE_BOUND.includes(rule.kind) && p.length > 64) {
        throw new DomainError(
          rp,
          formatPrefix(p),
          `a length of 64 at most for rule '${rule.kind}' (wire §2)`,
        );
      }
      if (p.length + sliceBits > 128) {
        throw new DomainError(rp, formatPrefix(p), `L + s <= 128 with s = ${sliceBits} (wire §2)`);
      }
      for (let j = 0; j < i; j++) {
        if (prefixesOverlap(ranges[j], p)) {
          throw new DomainError(
            rp,
            formatPrefix(p),
            `no overlap with ${joinPath(at('ranges'), j)} '${formatPrefix(ranges[j])}'`,
          );
        }
      }
    });
    const legacySlice = optional(r.legacySlice, at('legacySlice'), (v, p) => {
      const lp = parsePrefix(v, p, 6);
      const home = ranges.find((q) => prefixContains(q, lp));
      if (home === undefined || lp.length < home.length + sliceBits) {
        throw new DomainError(
          p,
          v,
          `an IPv6 prefix of one of the IPv6 ranges, L + ${sliceBits} bits or longer (inside one slice)`,
        );
      }
      return lp;
    });
    return new Service(
      name,
      serviceIdHex(name),
      index,
      ranges,
      rule,
      sliceBits,
      nonConforming,
      sarMode,
      legacySlice,
    );
  }

  /** The service id as 8 bytes (a fresh copy). */
  idBytes(): Uint8Array {
    return Uint8Array.from(Buffer.from(this.idHex, 'hex'));
  }

  /** The service id as a 64-bit integer. */
  get id(): bigint {
    return BigInt(`0x${this.idHex}`);
  }

  /** The IPv6 ranges: the ones sliced, checked and routed by slice. */
  get slicedRanges(): readonly IpPrefix[] {
    return this.ranges.filter((p) => p.family === 6);
  }

  /** 2^s. */
  get sliceCount(): number {
    return 2 ** this.sliceBits;
  }

  /** A copy with some fields changed, validated again (paths start at `path`). */
  with(changes: Partial<ServiceInput>, path = 'service'): Service {
    return Service.create({ ...this.toInput(), ...changes }, path);
  }

  /** The data this service was made from (create(toInput()) gives an equal service). */
  toInput(): ServiceInput {
    const rule = this.rule;
    return {
      name: this.name,
      index: this.index,
      ranges: this.ranges.map(formatPrefix),
      rule:
        rule.kind === 'time-hop'
          ? { kind: rule.kind, key: rule.key, period: rule.period }
          : rule.kind === 'source-bound-hash'
            ? { kind: rule.kind, key: rule.key }
            : { kind: rule.kind },
      sliceBits: this.sliceBits,
      nonConforming: this.nonConforming,
      sarMode: this.sarMode,
      ...(this.legacySlice ? { legacySlice: formatPrefix(this.legacySlice) } : {}),
    };
  }
}
