/**
 * What a DNS exchange was, for metrics: the query's type and the answer's rcode, read from the
 * wire headers (RFC 1035 §4.1) without decoding the whole message, so counting costs little.
 *
 *   answeredOf(query, answer) // { qtype: 'APL', rcode: 'NOERROR' }
 */
import { Rcode, T } from './wire';

/** One answered query: its type name (or TYPEnnn) and the answer's rcode name (or RCODEnn). */
export interface Answered {
  readonly qtype: string;
  readonly rcode: string;
}

const TYPE_NAMES = new Map<number, string>(Object.entries(T).map(([k, v]) => [v, k]));
const RCODE_NAMES = new Map<number, string>(Object.entries(Rcode).map(([k, v]) => [v, k]));

/** The first question's type, or undefined when the query has none or is cut short. */
export function qtypeOf(query: Buffer): number | undefined {
  if (query.length < 12 || query.readUInt16BE(4) === 0) return undefined;
  let at = 12;
  // Labels up to the root; a query's first name never uses compression.
  while (at < query.length) {
    const len = query[at];
    if (len === 0) {
      at += 1;
      return at + 2 <= query.length ? query.readUInt16BE(at) : undefined;
    }
    if (len > 63) return undefined;
    at += 1 + len;
  }
  return undefined;
}

/** The answer's 4-bit header rcode (an extended one such as BADVERS shows its low bits). */
export function rcodeOf(answer: Buffer): number | undefined {
  return answer.length < 4 ? undefined : answer[3] & 0x0f;
}

/** The names of the query's type and of the answer's rcode. */
export function answeredOf(query: Buffer, answer: Buffer | undefined): Answered {
  const t = qtypeOf(query);
  const r = answer === undefined ? undefined : rcodeOf(answer);
  return {
    qtype: t === undefined ? 'NONE' : (TYPE_NAMES.get(t) ?? `TYPE${t}`),
    rcode: r === undefined ? 'NONE' : (RCODE_NAMES.get(r) ?? `RCODE${r}`),
  };
}
