/**
 * rule-text.ts: an SSA service's rule (wire §2) and its `_ssa.NAME TXT` descriptor (wire §3),
 * e.g. `v=ssa1; rule=source-bound-hash; slice-bits=14; key=0a1b2c3d` (`period=SECONDS` for
 * time-hop).
 *
 *   parseRuleText('v=ssa1; rule=time-hop; slice-bits=12; key=01020304; period=30')
 *   // { kind: 'time-hop', sliceBits: 12, key: 0x01020304, period: 30 }
 */

/** The rules of wire §2's table. */
export const RULE_KINDS = [
  'any',
  'source-bound-identity',
  'source-bound-hash',
  'time-hop',
  'content',
] as const;

/** One of wire §2's rules. */
export type RuleKind = (typeof RULE_KINDS)[number];

/** A service's rule: its kind, the slice bits s, the 32-bit key and the time-hop period. */
export interface SsaRule {
  readonly kind: RuleKind;
  readonly sliceBits: number;
  /** 32-bit key of source-bound-hash and time-hop. */
  readonly key?: number;
  /** Seconds per epoch of time-hop. */
  readonly period?: number;
}

/** Thrown for a rule or descriptor that is not valid. */
export class RuleError extends Error {
  override readonly name = 'RuleError';
}

/** The descriptor version this code writes and reads. */
export const RULE_VERSION = 'ssa1';

const needsKey = (k: RuleKind) => k === 'source-bound-hash' || k === 'time-hop';

/** Checks a rule (field names the caller's path, e.g. 'services[2].rule'); returns it normalized. */
export function checkRule(rule: SsaRule, field = 'rule'): SsaRule {
  if (!RULE_KINDS.includes(rule.kind)) {
    throw new RuleError(`${field}.kind: '${rule.kind}' is not one of ${RULE_KINDS.join(', ')}`);
  }
  const s = rule.sliceBits;
  if (!Number.isInteger(s) || s < 0 || s > 32) {
    throw new RuleError(`${field}.sliceBits: ${s} is not an integer in 0..32`);
  }
  if (needsKey(rule.kind)) {
    const k = rule.key;
    if (k === undefined || !Number.isInteger(k) || k < 0 || k > 0xffffffff) {
      throw new RuleError(
        `${field}.key: ${k} is not a 32-bit unsigned integer (${rule.kind} needs one)`,
      );
    }
  }
  if (rule.kind === 'time-hop') {
    const p = rule.period;
    if (p === undefined || !Number.isInteger(p) || p < 1 || p > 0xffffffff) {
      throw new RuleError(
        `${field}.period: ${p} is not a whole number of seconds >= 1 (time-hop needs one)`,
      );
    }
  }
  const out: SsaRule = { kind: rule.kind, sliceBits: s };
  return {
    ...out,
    ...(needsKey(rule.kind) ? { key: rule.key } : {}),
    ...(rule.kind === 'time-hop' ? { period: rule.period } : {}),
  };
}

/** A key as 8 lower-case hex digits. */
export const keyHex = (key: number): string => key.toString(16).padStart(8, '0');

/** The TXT descriptor of a rule. */
export function formatRuleText(rule: SsaRule): string {
  const r = checkRule(rule);
  const parts = [`v=${RULE_VERSION}`, `rule=${r.kind}`, `slice-bits=${r.sliceBits}`];
  if (r.key !== undefined) parts.push(`key=${keyHex(r.key)}`);
  if (r.period !== undefined) parts.push(`period=${r.period}`);
  return parts.join('; ');
}

/**
 * Parses a descriptor: `;`-separated `name=value` pairs in any order, blanks around them
 * ignored; unknown names are ignored (later versions may add some), repeated ones refused.
 */
export function parseRuleText(text: string): SsaRule {
  const fields = new Map<string, string>();
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RuleError(`_ssa TXT: '${part}' is not name=value`);
    const name = part.slice(0, eq).trim().toLowerCase();
    if (fields.has(name)) throw new RuleError(`_ssa TXT: '${name}' appears twice`);
    fields.set(name, part.slice(eq + 1).trim());
  }
  const v = fields.get('v');
  if (v !== RULE_VERSION)
    throw new RuleError(`_ssa TXT: v=${v ?? '(none)'}, expected v=${RULE_VERSION}`);
  const kind = fields.get('rule') as RuleKind | undefined;
  if (kind === undefined) throw new RuleError(`_ssa TXT: no rule=`);
  const int = (name: string, re: RegExp, radix: number): number | undefined => {
    const t = fields.get(name);
    if (t === undefined) return undefined;
    if (!re.test(t))
      throw new RuleError(
        `_ssa TXT: ${name}=${t} is not ${radix === 16 ? '8 hex digits' : 'a decimal number'}`,
      );
    return parseInt(t, radix);
  };
  const sliceBits = int('slice-bits', /^\d{1,2}$/, 10) ?? 0;
  const key = int('key', /^[0-9a-fA-F]{8}$/, 16);
  const period = int('period', /^\d{1,10}$/, 10);
  try {
    return checkRule({ kind, sliceBits, key, period }, 'rule');
  } catch (e) {
    throw new RuleError(`_ssa TXT: ${(e as Error).message}`);
  }
}
