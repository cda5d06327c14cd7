/**
 * model.ts: what the DNS publication takes as input (wire §3): the zone's settings and the
 * services to publish. The controller adapts its domain to these types; nothing here knows
 * NestJS or the database.
 *
 *   const service: PublishedService = {
 *     name: 'video.svc.example',
 *     ranges: [{ prefix: '2001:db8:5::', length: 64, family: 6 }],
 *     rule: { kind: 'source-bound-hash', sliceBits: 14, key: 0x0a1b2c3d },
 *     legacyAddresses: ['2001:db8:5:ffff::1'],
 *   };
 */
import type { RuleKind } from '../../client/rule-text';

/** One published range: an APL item (wire §3). */
export interface PublishedRange {
  /** The network address, '2001:db8:5::' or '192.0.2.0'. */
  readonly prefix: string;
  readonly length: number;
  readonly family: 4 | 6;
  /** An exclusion (the APL negation bit). */
  readonly negate?: boolean;
}

/** A service as published: its APL ranges, its rule, its legacy-slice addresses. */
export interface PublishedService {
  /** Fully qualified name inside the zone ('video.svc.example', trailing dot optional). */
  readonly name: string;
  readonly ranges: readonly PublishedRange[];
  readonly rule: {
    readonly kind: RuleKind;
    readonly sliceBits: number;
    /** 32-bit key as a number or 8 hex digits. */
    readonly key?: number | string;
    readonly period?: number;
  };
  /** AAAA (or A) addresses of the legacy slice, for clients that know nothing of APL. */
  readonly legacyAddresses: readonly string[];
  /** TTL of this service's records (default: the zone's). */
  readonly ttl?: number;
}

/** The SOA fields other than the serial, which the server owns. */
export interface SoaFields {
  /** The primary name server ('ns1.svc.example'). */
  readonly mname: string;
  /** The responsible mailbox as a name ('hostmaster.svc.example'). */
  readonly rname: string;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  /** The negative-caching TTL (RFC 2308). */
  readonly minimum: number;
}

/** A name server of the zone; addresses are published as glue when the name is in the zone. */
export interface NameServer {
  readonly name: string;
  readonly addresses?: readonly string[];
}

/** A secondary that gets NOTIFY and may transfer the zone. */
export interface Secondary {
  readonly address: string;
  /** Its DNS port (default 53). */
  readonly port?: number;
}

/** The zone's settings. */
export interface ZoneSettings {
  /** The zone apex ('svc.example'). */
  readonly origin: string;
  /** Default TTL (default 300). */
  readonly ttl?: number;
  readonly soa: SoaFields;
  readonly nameServers: readonly NameServer[];
  /** NOTIFY targets; they may also transfer the zone (AXFR/IXFR over TCP). */
  readonly secondaries?: readonly Secondary[];
  /** Further addresses allowed to transfer the zone. */
  readonly allowTransfer?: readonly string[];
}

/** Thrown for settings or services that cannot be published; the message names the field. */
export class ZoneError extends Error {
  override readonly name = 'ZoneError';
}
