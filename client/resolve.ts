/**
 * resolve.ts: asks DNS for a service (wire §3): NAME APL (the ranges), _ssa.NAME TXT (the
 * rule), and NAME AAAA/A when there is no APL; then computes the destination by the rule
 * (wire §2), or picks a legacy address. Asks a given server, or the system's first resolver.
 *
 *   const r = await resolveSsa('video.svc.example', { src: '2001:db8:aaaa:bbbb::1', server: '127.0.0.1:5353' });
 *   r.address // '2001:db8:5:0:37fc:...'
 */
import { getServers } from 'node:dns';
import { createSocket } from 'node:dgram';
import { type Address, type Family, formatAddress, parseAddress } from './address';
import { type AplItem, decodeApl } from './apl';
import { decodeMessage, encodeQuery, type DecodedMessage } from './message';
import { parseRuleText, type SsaRule } from './rule-text';
import { type Destination, computeDestination, randomBits } from './ssa';
import { type ServerAddress, exchange, parseServer } from './transport';

/** How to ask. */
export interface ResolveOptions {
  /** 'HOST:PORT' or an address object; default: the system's resolvers, in order. */
  readonly server?: string | ServerAddress;
  /** Per try (default 2000 ms). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** What DNS says about a service. */
export interface ServiceRecords {
  readonly name: string;
  /** The APL items; empty when the name has none (a legacy name). */
  readonly items: readonly AplItem[];
  /** The rule; 'any' when there is APL but no _ssa TXT. */
  readonly rule?: SsaRule;
  /** AAAA and A addresses at the name. */
  readonly legacy: readonly string[];
  /** The smallest TTL seen (for caching). */
  readonly ttl: number;
}

/** Thrown when DNS has nothing usable for the name. */
export class ResolveError extends Error {
  override readonly name = 'ResolveError';
  constructor(
    message: string,
    /** The DNS rcode that caused it, e.g. 'NXDOMAIN'. */
    readonly rcode?: string,
  ) {
    super(message);
  }
}

/** The servers to ask: the given one, or the system's. */
function servers(o: ResolveOptions): ServerAddress[] {
  if (o.server !== undefined)
    return [typeof o.server === 'string' ? parseServer(o.server) : o.server];
  const sys = getServers().map((s) => parseServer(s));
  if (sys.length === 0)
    throw new ResolveError('no DNS server: none given and the system lists none');
  return sys;
}

/** One question, over UDP, then TCP when the answer is truncated; the next server on failure. */
export async function query(
  name: string,
  type: string,
  o: ResolveOptions = {},
): Promise<DecodedMessage> {
  let last: Error | undefined;
  for (const s of servers(o)) {
    try {
      const t = o.timeoutMs ?? 2000;
      let d = decodeMessage(await exchange(encodeQuery(name, type), s, 'udp', t, o.signal));
      if (d.flag_tc)
        d = decodeMessage(await exchange(encodeQuery(name, type), s, 'tcp', t, o.signal));
      if (d.rcode === 'SERVFAIL' || d.rcode === 'REFUSED')
        throw new ResolveError(`${name} ${type}: ${d.rcode} from ${s.host}:${s.port}`, d.rcode);
      return d;
    } catch (e) {
      last = e as Error;
    }
  }
  throw last ?? new ResolveError(`${name} ${type}: no server answered`);
}

const minTtl = (d: DecodedMessage, type: string) =>
  d.answers
    .filter((a) => a.type === type)
    .reduce((m, a) => Math.min(m, a.ttl ?? 0), Number.MAX_SAFE_INTEGER);

/** Reads a service's APL, _ssa TXT and AAAA/A records. */
export async function resolveService(
  name: string,
  o: ResolveOptions = {},
): Promise<ServiceRecords> {
  const [apl, txt] = await Promise.all([query(name, 'APL', o), query(`_ssa.${name}`, 'TXT', o)]);
  if (apl.rcode === 'NXDOMAIN')
    throw new ResolveError(`${name}: no such name (NXDOMAIN)`, 'NXDOMAIN');
  const items = apl.answers
    .filter((a) => a.type === 'APL')
    .flatMap((a) => decodeApl(a.data as Buffer));
  const texts = txt.answers
    .filter((a) => a.type === 'TXT')
    .map((a) => Buffer.concat(a.data as Buffer[]).toString('utf8'))
    .filter((t) => /^\s*v=ssa/i.test(t));
  if (texts.length > 1)
    throw new ResolveError(`_ssa.${name}: ${texts.length} rule descriptors, expected one`);
  let ttl = Math.min(minTtl(apl, 'APL'), minTtl(txt, 'TXT'));
  let legacy: string[] = [];
  if (items.length === 0) {
    const [aaaa, a] = await Promise.all([query(name, 'AAAA', o), query(name, 'A', o)]);
    legacy = [
      ...aaaa.answers.filter((r) => r.type === 'AAAA'),
      ...a.answers.filter((r) => r.type === 'A'),
    ].map((r) => r.data as string);
    ttl = Math.min(ttl, minTtl(aaaa, 'AAAA'), minTtl(a, 'A'));
    if (legacy.length === 0) throw new ResolveError(`${name}: neither APL nor AAAA/A records`);
  }
  const rule =
    texts.length === 1
      ? parseRuleText(texts[0])
      : items.length
        ? { kind: 'any' as const, sliceBits: 0 }
        : undefined;
  return { name, items, rule, legacy, ttl: ttl === Number.MAX_SAFE_INTEGER ? 0 : ttl };
}

/** What resolveSsa computes with. */
export interface SsaOptions extends ResolveOptions {
  /** The client's source address; found by asking the kernel's routing when absent. */
  readonly src?: string;
  readonly objectKey?: string;
  readonly replicas?: number;
  readonly nowMs?: number;
  readonly skewSeconds?: number;
  /** Only this family (4 or 6). */
  readonly family?: Family;
  readonly random?: (bits: number) => bigint;
}

/** A resolved destination: computed by the rule, or a legacy address (AAAA fallback). */
export type Resolved =
  | ({ readonly via: 'apl'; readonly ttl: number; readonly src?: string } & Destination)
  | {
      readonly via: 'legacy';
      readonly ttl: number;
      readonly address: string;
      readonly family: Family;
    };

/** Resolves a service name to a destination for `src` (wire §2, §3). */
export async function resolveSsa(name: string, o: SsaOptions = {}): Promise<Resolved> {
  const svc = await resolveService(name, o);
  return destinationFor(svc, o);
}

/** The destination for already resolved records. */
export async function destinationFor(svc: ServiceRecords, o: SsaOptions): Promise<Resolved> {
  if (svc.items.length === 0 || !svc.rule) {
    const pool = svc.legacy.filter((a) => !o.family || parseAddress(a).family === o.family);
    if (pool.length === 0) throw new ResolveError(`${svc.name}: no IPv${o.family} legacy address`);
    const pick = pool[Number(randomBits(16)) % pool.length];
    return { via: 'legacy', ttl: svc.ttl, address: pick, family: parseAddress(pick).family };
  }
  const needsSrc = svc.rule.kind !== 'any' && svc.rule.kind !== 'content';
  const hasV6 = svc.items.some((it) => !it.negate && it.prefix.family === 6);
  const family = o.family ?? (o.src ? parseAddress(o.src).family : hasV6 ? 6 : 4);
  const items = svc.items.filter((it) => it.prefix.family === family);
  let src = o.src;
  if (src === undefined && needsSrc) {
    const first = items.find((it) => !it.negate);
    if (first) src = await sourceFor(first.prefix);
  }
  const d = computeDestination({
    items,
    rule: svc.rule,
    src: src ?? (family === 4 ? '0.0.0.0' : '::'),
    objectKey: o.objectKey,
    replicas: o.replicas,
    nowMs: o.nowMs,
    skewSeconds: o.skewSeconds,
    random: o.random,
  });
  return { via: 'apl', ttl: svc.ttl, ...(src ? { src } : {}), ...d };
}

/** The source address the kernel would use towards an address (a connected UDP socket sends nothing). */
export function sourceFor(to: Address): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(to.family === 6 ? 'udp6' : 'udp4');
    sock.on('error', (e) => {
      sock.close();
      reject(
        new ResolveError(
          `no source address towards ${formatAddress(to)}: ${e.message}; give one (--src)`,
        ),
      );
    });
    sock.connect(9, formatAddress(to), () => {
      const local = sock.address().address;
      sock.close();
      resolve(local);
    });
  });
}
