/**
 * From the domain to what DNS publishes (wire §3): each service inside the served zone becomes
 * a PublishedService (its ranges as APL items, its rule as the `_ssa` TXT descriptor, a few
 * addresses of its legacy slice as AAAA/A); the zone's settings come from the configuration.
 * Pure: the DNS module calls it on every new domain version.
 *
 *   const { services, outside } = publishedServices(state, { zone: 'example', legacyAddresses: 2 });
 */
import { formatAddress, type IpPrefix } from '../domain/address';
import type { DomainState } from '../domain/state';
import { parseServer } from '../../client/transport';
import type { Service } from '../domain/service';
import type { PublishedRange, PublishedService, ZoneSettings } from './model';
import { canonicalName, inZone } from './names';

/** What the publication needs from the configuration. */
export interface PublicationOptions {
  /** The zone apex ('example'): services whose names are not inside it are not published. */
  readonly zone: string;
  /** How many addresses of a legacy slice to publish as AAAA (or A). */
  readonly legacyAddresses: number;
  /** TTL of the service records (default: the zone's). */
  readonly ttl?: number;
}

/** Services inside the zone, and the names of those outside it (left unpublished). */
export function publishedServices(
  state: DomainState,
  o: PublicationOptions,
): { services: PublishedService[]; outside: string[] } {
  const zone = canonicalName(o.zone);
  const services: PublishedService[] = [];
  const outside: string[] = [];
  for (const s of state.services) {
    if (!inZone(s.name, zone)) {
      outside.push(s.name);
      continue;
    }
    services.push(publishedService(s, o));
  }
  return { services, outside };
}

/** One service as DNS publishes it. */
export function publishedService(s: Service, o: PublicationOptions): PublishedService {
  const rule = s.rule;
  return {
    name: s.name,
    ranges: s.ranges.map(rangeOf),
    rule: {
      kind: rule.kind,
      sliceBits: s.sliceBits,
      ...('key' in rule ? { key: rule.key >>> 0 } : {}),
      ...(rule.kind === 'time-hop' ? { period: rule.period } : {}),
    },
    legacyAddresses: s.legacySlice ? legacyAddresses(s.legacySlice, o.legacyAddresses) : [],
    ...(o.ttl !== undefined ? { ttl: o.ttl } : {}),
  };
}

/**
 * The first `count` addresses of a legacy slice: the prefix itself when it is one address,
 * else the addresses after the network address (::1, ::2, ...) that fit in it.
 */
export function legacyAddresses(p: IpPrefix, count: number): string[] {
  const width = p.family === 6 ? 128 : 32;
  const size = 1n << BigInt(width - p.length);
  if (size === 1n) return [formatAddress({ family: p.family, value: p.value })];
  const out: string[] = [];
  for (let i = 1n; i <= BigInt(count) && i < size; i++) {
    out.push(formatAddress({ family: p.family, value: p.value + i }));
  }
  return out;
}

/** Zone settings from the DNS configuration: SOA and NS under the zone, glue for the listener. */
export function zoneSettingsOf(c: {
  readonly zone: string;
  readonly ttl: number;
  readonly host: string;
  readonly nameServers: string;
  readonly secondaries: string;
  readonly allowTransfer: string;
}): ZoneSettings {
  const zone = canonicalName(c.zone);
  const names = listOf(c.nameServers);
  const glue = c.host === '0.0.0.0' || c.host === '::' ? ['127.0.0.1'] : [c.host];
  return {
    origin: zone,
    ttl: c.ttl,
    soa: {
      mname: names[0] ?? `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      refresh: 3600,
      retry: 600,
      expire: 86_400,
      minimum: Math.min(c.ttl, 300),
    },
    nameServers: names.length
      ? names.map((name) => ({ name }))
      : [{ name: `ns1.${zone}`, addresses: glue }],
    secondaries: listOf(c.secondaries).map((t) => {
      const { host, port } = parseServer(t, 'dns.secondaries');
      return { address: host, port };
    }),
    allowTransfer: listOf(c.allowTransfer),
  };
}

function rangeOf(p: IpPrefix): PublishedRange {
  return {
    prefix: formatAddress({ family: p.family, value: p.value }),
    length: p.length,
    family: p.family,
  };
}

/** 'a, b,c' -> ['a', 'b', 'c']. */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}
