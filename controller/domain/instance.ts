/**
 * An instance of a service. Its id is its stable identity; its locators (IPv6 and/or IPv4
 * addresses) may change under it, as in the identifier/locator split of multiaddress
 * multihoming: the slices and SAR members follow the identity, the switches follow the locators.
 *
 *   Instance.create({ id: 'video-1', service: 'video.example', locators: ['2001:db8:a::1'],
 *     weight: 10, attachments: [{ switch: 's1', port: 3, mac: '02:00:00:00:00:01' }] });
 */
import { type IpAddress, formatAddress, parseAddress, parseMac, addressKey } from './address';
import { bytes, hex, list, name, oneOf, optional, record, uint, unique } from './check';
import { DomainError, joinPath } from './errors';
import { canonicalName } from './service';

/** active: holds slices and SAR slots; draining: keeps none, announced with weight 0; down: gone. */
export const INSTANCE_STATES = ['active', 'draining', 'down'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** Where an instance is plugged in: a switch port, and the instance's MAC on that link. */
export interface Attachment {
  readonly switch: string;
  readonly port: number;
  readonly mac: string;
}

/** HMAC keys for ANNOUNCE / WITHDRAW (wire §1): 16..64 bytes. */
export const ANNOUNCE_KEY_BYTES = { min: 16, max: 64 } as const;

/** What Instance.create takes. */
export interface InstanceInput {
  readonly id: string;
  readonly service: string;
  readonly locators: readonly string[];
  readonly weight?: number;
  readonly metric?: number;
  readonly state?: InstanceState;
  /** Uint8Array or hex text. */
  readonly announcementKey?: Uint8Array | string;
  readonly lastSequence?: number;
  readonly attachments?: readonly Attachment[];
}

function attachmentOf(value: unknown, path: string): Attachment {
  const r = record(value, path);
  return Object.freeze({
    switch: name(r.switch, joinPath(path, 'switch')),
    port: uint(r.port, joinPath(path, 'port'), 9),
    mac: parseMac(r.mac, joinPath(path, 'mac')),
  });
}

/** An instance (immutable; `create` validates every field). */
export class Instance {
  private constructor(
    /** Stable identity, unique in the domain. */
    readonly id: string,
    /** Canonical name of its service. */
    readonly service: string,
    /** Addresses, most preferred first; at least one. */
    readonly locators: readonly IpAddress[],
    /** Share of slices and SAR slots; 0..65535 like the ANNOUNCE weight field (wire §1). */
    readonly weight: number,
    /** Lower is better (SAR lowest-metric mode); 32 bits like the ANNOUNCE field. */
    readonly metric: number,
    readonly state: InstanceState,
    private readonly key: Uint8Array | undefined,
    /** Sequence number of the last accepted announcement (replay window). */
    readonly lastSequence: number,
    /** Switch ports it is plugged into, preferred first; empty: reached through routes. */
    readonly attachments: readonly Attachment[],
  ) {
    Object.freeze(this);
  }

  /** Validates `input` (paths start at `path`, e.g. 'instances[3]') and builds the instance. */
  static create(input: unknown, path = 'instance'): Instance {
    const r = record(input, path);
    const at = (k: string) => joinPath(path, k);
    const locators = list(r.locators, at('locators'), (v, p) => parseAddress(v, p), {
      min: 1,
      max: 16,
    });
    unique(locators, at('locators'), addressKey, 'an address');
    const key = optional(r.announcementKey, at('announcementKey'), (v, p) =>
      bytes(v, p, ANNOUNCE_KEY_BYTES.min, ANNOUNCE_KEY_BYTES.max),
    );
    const attachments = list(r.attachments ?? [], at('attachments'), attachmentOf, { max: 16 });
    unique(attachments, at('attachments'), (a) => `${a.switch} port ${a.port}`, 'a switch port');
    return new Instance(
      name(r.id, at('id')),
      canonicalName(r.service, at('service')),
      locators,
      uint(r.weight ?? 1, at('weight'), 16),
      uint(r.metric ?? 0, at('metric'), 32),
      oneOf(r.state ?? 'active', at('state'), INSTANCE_STATES),
      key,
      uint(r.lastSequence ?? 0, at('lastSequence'), 32),
      attachments,
    );
  }

  /** True if the planner gives it slices: active with a weight above 0. */
  get eligible(): boolean {
    return this.state === 'active' && this.weight > 0;
  }

  /** The HMAC key of its announcements (a copy), or undefined if it may not announce in-band. */
  announcementKey(): Uint8Array | undefined {
    return this.key === undefined ? undefined : Uint8Array.from(this.key);
  }

  /** Its first IPv6 locator: the address SAR members and ANNOUNCE messages carry (wire §1). */
  get primaryV6(): IpAddress | undefined {
    return this.locators.find((a) => a.family === 6);
  }

  /** A copy with some fields changed, validated again (e.g. `{ weight: 0 }`). */
  with(changes: Partial<InstanceInput>, path = 'instance'): Instance {
    return Instance.create({ ...this.toInput(), ...changes }, path);
  }

  /** The data this instance was made from. */
  toInput(): InstanceInput {
    return {
      id: this.id,
      service: this.service,
      locators: this.locators.map(formatAddress),
      weight: this.weight,
      metric: this.metric,
      state: this.state,
      ...(this.key ? { announcementKey: hex(this.key) } : {}),
      lastSequence: this.lastSequence,
      attachments: this.attachments,
    };
  }
}

/** Refuses an announcement sequence number that does not advance (wire §1 replay window). */
export function checkSequence(instance: Instance, sequence: number, path = 'sequence'): void {
  if (!Number.isInteger(sequence) || sequence <= instance.lastSequence || sequence > 0xffffffff) {
    throw new DomainError(
      path,
      sequence,
      `an integer above ${instance.lastSequence} (the last accepted), at most 2^32 - 1`,
    );
  }
}
