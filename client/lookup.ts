/**
 * lookup.ts: a drop-in `lookup` for Node's net, tls, http and https (their `lookup` option):
 * names with APL records get the address the service's rule gives this client (wire §2, §3);
 * every other name goes to dns.lookup as before.
 *
 *   http.get({ host: 'web.svc.example', port: 80, lookup: ssaLookup({ server: '127.0.0.1:5353' }) });
 */
import * as dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { Family } from './address';
import {
  ResolveError,
  type ServiceRecords,
  type SsaOptions,
  destinationFor,
  resolveService,
} from './resolve';

/** dns.lookup as it was when this module loaded (register.ts may replace dns.lookup later). */
const systemLookup = dns.lookup;

/** Node's lookup callback, in its single and `all` forms. */
type Callback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Names whose answers a lookup function keeps at most. */
const MAX_CACHED = 1024;

/** Options of ssaLookup: those of resolveSsa, and the cache bound. */
export interface SsaLookupOptions extends SsaOptions {
  /** Longest time a DNS answer is kept, whatever its TTL (default 60 s). */
  readonly maxCacheMs?: number;
  /** Where names without APL go (default: dns.lookup as it was when this module loaded). */
  readonly fallback?: typeof dns.lookup;
}

/** A lookup function for the `lookup` option of net.connect, http.request and friends. */
export function ssaLookup(o: SsaLookupOptions = {}) {
  const cache = new Map<string, { until: number; svc: ServiceRecords | null }>();
  /** Caches an answer; the oldest entries go first once the cache holds MAX_CACHED names. */
  const remember = (name: string, svc: ServiceRecords | null, ms: number) => {
    cache.delete(name);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(name, { until: Date.now() + ms, svc });
  };
  const records = async (name: string): Promise<ServiceRecords | null> => {
    const hit = cache.get(name);
    if (hit && hit.until > Date.now()) return hit.svc;
    let svc: ServiceRecords | null;
    try {
      svc = await resolveService(name, o);
      if (svc.items.length === 0) svc = null; // a legacy name: the system resolver knows it as well
    } catch (e) {
      // No usable SSA answer (no such name, or the SSA server is down or answered badly): the
      // name goes to the system resolver, so a DNS fault never breaks ordinary lookups. A
      // failure is remembered briefly only, so the SSA server is asked again soon.
      svc = null;
      if (!(e instanceof ResolveError)) {
        remember(name, null, 1000);
        return null;
      }
    }
    remember(name, svc, Math.min((svc?.ttl ?? 30) * 1000, o.maxCacheMs ?? 60_000));
    return svc;
  };

  return function lookup(hostname: string, options: unknown, callback?: Callback): void {
    const cb = (typeof options === 'function' ? options : callback) as Callback;
    const opts = (
      typeof options === 'object' && options !== null
        ? options
        : typeof options === 'number'
          ? { family: options }
          : {}
    ) as {
      // lookup(hostname, callback), as net's listen calls it
      family?: number | string;
      all?: boolean;
    };
    const fam =
      opts.family === 'IPv4' || opts.family === 4
        ? 4
        : opts.family === 'IPv6' || opts.family === 6
          ? 6
          : undefined;
    const fallback = () => (o.fallback ?? systemLookup)(hostname, opts as never, cb as never);
    if (isIP(hostname)) return void fallback();
    records(hostname.replace(/\.$/, ''))
      .then(async (svc) => {
        if (!svc) return fallback();
        const d = await destinationFor(svc, {
          ...o,
          family: (fam ?? o.family) as Family | undefined,
        });
        // The callback runs outside this chain: a throw in it must not call it a second time.
        if (opts.all) queueMicrotask(() => cb(null, [{ address: d.address, family: d.family }]));
        else queueMicrotask(() => cb(null, d.address, d.family));
      })
      .catch((e: Error) => {
        const err = Object.assign(new Error(`ssaLookup ${hostname}: ${e.message}`), {
          code: 'ENOTFOUND',
          hostname,
        }) as NodeJS.ErrnoException;
        queueMicrotask(() => cb(err, '', undefined));
      });
  };
}
