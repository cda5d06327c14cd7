/**
 * zone.ts: the records published for the services (wire §3), as a pure function of the zone
 * settings and the services: NAME APL (the ranges), _ssa.NAME TXT (the rule descriptor),
 * NAME AAAA/A (the legacy slice), NS and glue at the apex. The SOA's serial is the server's.
 *
 *   const zone = buildZone(settings, services); // zone.records: every record but the SOA
 */
import { parseAddress, makePrefix } from '../../client/address';
import { type AplItem, encodeApl } from '../../client/apl';
import { checkRule, formatRuleText, type SsaRule } from '../../client/rule-text';
import { type PublishedService, type SoaFields, type ZoneSettings, ZoneError } from './model';
import { canonicalName, checkName, inZone } from './names';
import { rdataOf } from './wire';

/** The record types the zone holds. */
export type ZoneType = 'SOA' | 'NS' | 'A' | 'AAAA' | 'APL' | 'TXT';

/** One resource record: owner, type, TTL, RDATA in wire form (the zone compares by it). */
export interface ZoneRecord {
  /** Lower case, no trailing dot. */
  readonly name: string;
  readonly type: ZoneType;
  readonly ttl: number;
  /** The RDATA as it goes on the wire. */
  readonly rdata: Buffer;
  /** The service this record publishes (absent for NS and glue). */
  readonly service?: string;
}

/** A zone built from settings and services; SOA fields without the serial. */
export interface Zone {
  readonly origin: string;
  readonly ttl: number;
  readonly soa: SoaFields;
  readonly records: readonly ZoneRecord[];
}

/** The SOA RDATA with a serial. */
export function soaRdata(soa: SoaFields, serial: number): Buffer {
  return rdataOf('SOA', { ...soa, serial });
}

/** The TXT character-strings of a text (255 bytes at most each). */
export function txtStrings(text: string): Buffer[] {
  const b = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += 255) out.push(b.subarray(i, i + 255));
  return out.length ? out : [Buffer.alloc(0)];
}

const checkTtl = (ttl: number, field: string) => {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 0x7fffffff) {
    throw new ZoneError(`${field}: ${ttl} is not a TTL in 0..2147483647 seconds`);
  }
  return ttl;
};

/** The rule of a published service, checked, the key as a number. */
function ruleOf(s: PublishedService, field: string): SsaRule {
  const k = s.rule.key;
  let key: number | undefined;
  if (typeof k === 'string') {
    if (!/^[0-9a-fA-F]{8}$/.test(k))
      throw new ZoneError(`${field}.key: '${k}' is not 8 hex digits`);
    key = parseInt(k, 16);
  } else key = k;
  try {
    return checkRule(
      { kind: s.rule.kind, sliceBits: s.rule.sliceBits, key, period: s.rule.period },
      field,
    );
  } catch (e) {
    throw new ZoneError((e as Error).message);
  }
}

/** The APL items of a service's ranges, checked. */
function aplItems(s: PublishedService, field: string): AplItem[] {
  return s.ranges.map((r, i) => {
    const f = `${field}[${i}]`;
    try {
      const a = parseAddress(r.prefix, `${f}.prefix`);
      if (a.family !== r.family) {
        throw new ZoneError(`${f}.family: ${r.family}, but '${r.prefix}' is IPv${a.family}`);
      }
      return {
        prefix: makePrefix(a.family, a.bits, r.length, f, `${r.prefix}/${r.length}`),
        negate: !!r.negate,
      };
    } catch (e) {
      throw e instanceof ZoneError ? e : new ZoneError((e as Error).message);
    }
  });
}

/** The records of one service (wire §3). */
function serviceRecords(s: PublishedService, i: number, origin: string, ttl: number): ZoneRecord[] {
  const field = `services[${i}]`;
  const name = checkName(s.name, `${field}.name`);
  if (name === origin || !inZone(name, origin)) {
    throw new ZoneError(`${field}.name: '${s.name}' is not below the zone '${origin}'`);
  }
  checkName(`_ssa.${name}`, `${field}.name`);
  const t = s.ttl === undefined ? ttl : checkTtl(s.ttl, `${field}.ttl`);
  const items = aplItems(s, `${field}.ranges`);
  if (!items.some((it) => !it.negate)) {
    throw new ZoneError(`${field}.ranges: a service needs at least one range that is not negated`);
  }
  const rule = ruleOf(s, `${field}.rule`);
  const out: ZoneRecord[] = [
    { name, type: 'APL', ttl: t, rdata: encodeApl(items), service: name },
    {
      name: `_ssa.${name}`,
      type: 'TXT',
      ttl: t,
      rdata: rdataOf('TXT', txtStrings(formatRuleText(rule))),
      service: name,
    },
  ];
  s.legacyAddresses.forEach((text, j) => {
    let a;
    try {
      a = parseAddress(text, `${field}.legacyAddresses[${j}]`);
    } catch (e) {
      throw new ZoneError((e as Error).message);
    }
    const type = a.family === 6 ? 'AAAA' : 'A';
    out.push({ name, type, ttl: t, rdata: rdataOf(type, text), service: name });
  });
  return out;
}

/** Builds the zone (every record but the SOA); refuses bad input naming the field. */
export function buildZone(settings: ZoneSettings, services: readonly PublishedService[]): Zone {
  const origin = checkName(settings.origin, 'origin');
  const ttl = checkTtl(settings.ttl ?? 300, 'ttl');
  const soa = settings.soa;
  for (const k of ['refresh', 'retry', 'expire', 'minimum'] as const) checkTtl(soa[k], `soa.${k}`);
  const mname = checkName(soa.mname, 'soa.mname');
  const rname = checkName(soa.rname, 'soa.rname');
  if (settings.nameServers.length === 0)
    throw new ZoneError('nameServers: a zone needs at least one');
  const records: ZoneRecord[] = [];
  settings.nameServers.forEach((ns, i) => {
    const n = checkName(ns.name, `nameServers[${i}].name`);
    records.push({ name: origin, type: 'NS', ttl, rdata: rdataOf('NS', n) });
    if (!inZone(n, origin)) return;
    (ns.addresses ?? []).forEach((text, j) => {
      const a = parseAddress(text, `nameServers[${i}].addresses[${j}]`);
      const type = a.family === 6 ? 'AAAA' : 'A';
      records.push({ name: n, type, ttl, rdata: rdataOf(type, text) });
    });
  });
  const seen = new Set<string>();
  services.forEach((s, i) => {
    const got = serviceRecords(s, i, origin, ttl);
    if (seen.has(got[0].name))
      throw new ZoneError(`services[${i}].name: '${s.name}' is published twice`);
    seen.add(got[0].name);
    records.push(...got);
  });
  return { origin, ttl, soa: { ...soa, mname, rname }, records: dedupe(records) };
}

/** The identity of a record in a set: owner, type, RDATA (TTL apart). */
export const recordKey = (r: ZoneRecord): string =>
  `${r.name}\u0000${r.type}\u0000${r.rdata.toString('hex')}`;

/** Drops repeated records (a name server listed twice, the same legacy address twice). */
function dedupe(records: ZoneRecord[]): ZoneRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = recordKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether two zones publish the same records and SOA fields (the serial is raised otherwise). */
export function sameZone(a: Zone, b: Zone): boolean {
  if (a.origin !== b.origin || JSON.stringify(a.soa) !== JSON.stringify(b.soa)) return false;
  if (a.records.length !== b.records.length) return false;
  const keys = new Set(a.records.map((r) => `${recordKey(r)}\u0000${r.ttl}`));
  return b.records.every((r) => keys.has(`${recordKey(r)}\u0000${r.ttl}`));
}

export { canonicalName };
