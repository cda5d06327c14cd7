/**
 * Authenticating a parsed announcement against the domain (wire §1): the service by its
 * service_id, the instance by the address it announces (one of its IPv6 locators), the tag
 * with the instance's key, and the sequence number against the last accepted one. Pure: an
 * accepted message becomes an `announce` command; nothing is stored here.
 *
 *   const v = new AnnouncementVerifier(state);
 *   const r = v.verify(frame);   // { ok: true, command } | { ok: false, reason, detail }
 */
import { timingSafeEqual } from 'node:crypto';
import type { Command } from '../commands/command';
import { type DomainState, type Instance, addressBytes } from '../domain';
import { type AnnouncementMessage, announcementTag, parseAnnouncement } from './rosa';

/** Why an announcement was refused (counted by these names). */
export const REJECT_REASONS = [
  'malformed',
  'unknown-service',
  'unknown-instance',
  'bad-tag',
  'replay',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The announce command an accepted message gives. */
export type AnnounceCommand = Extract<Command, { type: 'announce' }>;

/** What verifying gives. */
export type Verdict =
  | {
      readonly ok: true;
      readonly command: AnnounceCommand;
      readonly service: string;
      readonly message: AnnouncementMessage;
    }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string };

const refuse = (reason: RejectReason, detail: string): Verdict => ({ ok: false, reason, detail });

/** Checks announcements against one domain state (build a new one per state version). */
export class AnnouncementVerifier {
  /** service_id hex -> service name. */
  private readonly services = new Map<string, string>();
  /** `service_id hex/instance address hex` -> instance. */
  private readonly instances = new Map<string, Instance>();

  constructor(readonly state: DomainState) {
    for (const s of state.services) this.services.set(s.idHex, s.name);
    for (const s of state.services) {
      for (const x of state.instancesOf(s.name)) {
        for (const a of x.locators) {
          if (a.family !== 6) continue;
          this.instances.set(`${s.idHex}/${Buffer.from(addressBytes(a)).toString('hex')}`, x);
        }
      }
    }
  }

  /** Parses and checks a punted frame. */
  verify(frame: Uint8Array): Verdict {
    const parsed = parseAnnouncement(frame);
    if (!parsed.ok) return refuse('malformed', parsed.detail);
    return this.check(parsed.message);
  }

  /** Checks a parsed message: service, instance, tag, then sequence. */
  check(m: AnnouncementMessage): Verdict {
    const service = this.services.get(m.serviceIdHex);
    if (service === undefined) {
      return refuse('unknown-service', `service_id ${m.serviceIdHex} names no service`);
    }
    const address = Buffer.from(m.instance.buffer, m.instance.byteOffset, 16).toString('hex');
    const instance = this.instances.get(`${m.serviceIdHex}/${address}`);
    if (instance === undefined) {
      return refuse('unknown-instance', `no instance of '${service}' has locator ${address}`);
    }
    const key = instance.announcementKey();
    if (key === undefined) {
      return refuse('unknown-instance', `instance '${instance.id}' has no announcement key`);
    }
    const expected = announcementTag(key, m.signed);
    if (!timingSafeEqual(expected, m.tag)) {
      return refuse('bad-tag', `the auth tag of '${instance.id}' does not match`);
    }
    if (m.sequence <= instance.lastSequence) {
      return refuse(
        'replay',
        `sequence ${m.sequence} of '${instance.id}' is not above ${instance.lastSequence}`,
      );
    }
    return {
      ok: true,
      service,
      message: m,
      command: {
        type: 'announce',
        id: instance.id,
        kind: m.kind,
        weight: m.weight,
        metric: m.metric,
        sequence: m.sequence,
      },
    };
  }
}
