/**
 * In-band announcements (wire §1): ROSA ANNOUNCE / WITHDRAW punted by a SAR arrive here with
 * their switch and ingress port; an authentic, fresh one becomes an `announce` command (one
 * transaction: the instance's state, weight, metric and sequence number together). Refusals
 * are counted by reason and logged, and change nothing. Announcements are also the liveness
 * signal: an instance that may announce (it has a key) and stays silent for `silenceMs` is
 * marked down, so its slices and SAR slots go to the others; its next announcement brings it
 * back (the planner moves the fewest slices both ways).
 *
 *   const a = new Announcements({ execute: (c) => commands.execute(c), logger, silenceMs: 30_000 });
 *   a.setState(state);
 *   await a.handle({ switchName: 's1', ingressPort: 3, reason: PUNT_ROSA_ANNOUNCE, payload });
 *   await a.checkLiveness();      // on a timer
 */
import { CommandRefusedError, type Command } from '../commands/command';
import type { DomainState } from '../domain';
import type { StructuredLogger } from '../logging/structured-logger';
import { ROSA_ANNOUNCE, ROSA_WITHDRAW } from './rosa';
import { AnnouncementVerifier, REJECT_REASONS, type RejectReason } from './verify';

/** Punt reasons of the data plane (docs/dataplane.md, Packet I/O). */
export const PUNT_ROSA_ANNOUNCE = 2;
export const PUNT_ROSA_WITHDRAW = 3;

/** A punted announcement as the switch session hands it over. */
export interface PuntedAnnouncement {
  readonly switchName: string;
  readonly ingressPort: number;
  /** packet_in reason: PUNT_ROSA_ANNOUNCE or PUNT_ROSA_WITHDRAW. */
  readonly reason: number;
  readonly payload: Uint8Array;
}

/** What handling one gives. */
export type Outcome =
  | { readonly accepted: true; readonly id: string; readonly version: number }
  | { readonly accepted: false; readonly reason: RejectReason; readonly detail: string };

export interface AnnouncementsOptions {
  /** Runs a command in one transaction (CommandService.execute); resolves with the new state. */
  readonly execute: (command: Command) => Promise<{ state: DomainState }>;
  readonly logger?: StructuredLogger;
  /** An instance with a key silent this long is marked down; 0 or absent: no liveness. */
  readonly silenceMs?: number;
  /** Milliseconds (injectable for tests); default Date.now. */
  readonly clock?: () => number;
  /** Told of every outcome, accepted or refused (FabricMetrics counts them by reason). */
  readonly onOutcome?: (outcome: Outcome) => void;
}

/** Refusals of one reason are logged at most once per this many ms. */
const LOG_EVERY_MS = 1000;

/** Message type each punt reason must carry. */
const TYPE_OF_REASON: Readonly<Record<number, number>> = {
  [PUNT_ROSA_ANNOUNCE]: ROSA_ANNOUNCE,
  [PUNT_ROSA_WITHDRAW]: ROSA_WITHDRAW,
};

/** The announcement handler (see the file comment). */
export class Announcements {
  private verifier: AnnouncementVerifier | undefined;
  private readonly counts = new Map<RejectReason | 'accepted', number>();
  /** Instance id -> when it was last heard (ms). */
  private readonly heard = new Map<string, number>();
  private readonly clock: () => number;
  private readonly started: number;
  private readonly logged = new Map<RejectReason, { at: number; skipped: number }>();

  constructor(private readonly opts: AnnouncementsOptions) {
    this.clock = opts.clock ?? Date.now;
    this.started = this.clock();
    for (const r of REJECT_REASONS) this.counts.set(r, 0);
    this.counts.set('accepted', 0);
  }

  /** The latest domain state (call on every new version; commands applied here set it too). */
  setState(state: DomainState): void {
    if (this.verifier !== undefined && this.verifier.state.version >= state.version) return;
    // A sequence number that moved means the instance was heard, by this replica or by
    // another one (the punt goes to the primary of the SAR switch only): liveness follows the
    // database, so every replica agrees on who is silent.
    const previous = this.verifier?.state;
    for (const x of state.instances) {
      const before = previous?.instance(x.id)?.lastSequence;
      if (before !== undefined && before !== x.lastSequence) this.heard.set(x.id, this.clock());
    }
    this.verifier = new AnnouncementVerifier(state);
  }

  /** Accepted and refused announcements so far, by reason. */
  counters(): Record<RejectReason | 'accepted', number> {
    return Object.fromEntries(this.counts) as Record<RejectReason | 'accepted', number>;
  }

  /** Verifies one punted announcement and, if it holds, applies it. */
  async handle(p: PuntedAnnouncement): Promise<Outcome> {
    const verifier = this.verifier;
    if (verifier === undefined) return this.refused(p, 'unknown-service', 'no domain state yet');
    const type = p.payload instanceof Uint8Array && p.payload.length > 54 ? p.payload[58] : -1;
    if (TYPE_OF_REASON[p.reason] === undefined || TYPE_OF_REASON[p.reason] !== type) {
      return this.refused(p, 'malformed', `punt reason ${p.reason} with msg_type ${type}`);
    }
    const verdict = verifier.verify(p.payload);
    if (!verdict.ok) return this.refused(p, verdict.reason, verdict.detail);
    // Heard: the tag proves the instance sent it, even if the command then loses a race.
    this.heard.set(verdict.command.id, this.clock());
    try {
      const { state } = await this.opts.execute(verdict.command);
      this.setState(state);
      this.counts.set('accepted', (this.counts.get('accepted') ?? 0) + 1);
      this.opts.logger?.log(
        {
          msg: 'announcement accepted',
          service: verdict.service,
          instance: verdict.command.id,
          kind: verdict.command.kind,
          weight: verdict.command.weight,
          metric: verdict.command.metric,
          sequence: verdict.command.sequence,
          switch: p.switchName,
          port: p.ingressPort,
        },
        'Announcements',
      );
      const accepted: Outcome = { accepted: true, id: verdict.command.id, version: state.version };
      this.opts.onOutcome?.(accepted);
      return accepted;
    } catch (e) {
      // Another replica (or an earlier packet) stored a newer sequence number meanwhile.
      if (e instanceof CommandRefusedError && e.field === 'sequence') {
        return this.refused(p, 'replay', e.message);
      }
      if (e instanceof CommandRefusedError && e.field === 'id') {
        return this.refused(p, 'unknown-instance', e.message);
      }
      throw e;
    }
  }

  /**
   * Marks down every instance with a key that has been silent for `silenceMs` (since it was
   * last heard, or since this handler started). Returns the ids marked down.
   */
  async checkLiveness(): Promise<string[]> {
    const silence = this.opts.silenceMs ?? 0;
    const state = this.verifier?.state;
    if (silence <= 0 || state === undefined) return [];
    const now = this.clock();
    const down: string[] = [];
    for (const x of state.instances) {
      if (x.state === 'down' || x.announcementKey() === undefined) continue;
      if (now - (this.heard.get(x.id) ?? this.started) < silence) continue;
      try {
        const { state: next } = await this.opts.execute({ type: 'instance-down', id: x.id });
        this.setState(next);
        down.push(x.id);
        this.opts.logger?.warn(
          { msg: 'instance silent, marked down', service: x.service, instance: x.id, silence },
          'Announcements',
        );
      } catch (e) {
        if (!(e instanceof CommandRefusedError)) throw e;
      }
    }
    return down;
  }

  private refused(p: PuntedAnnouncement, reason: RejectReason, detail: string): Outcome {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    // A flood of forged packets must not flood the log: one line per reason per second,
    // with how many were left out since the last one.
    const now = this.clock();
    const last = this.logged.get(reason);
    if (last === undefined || now - last.at >= LOG_EVERY_MS) {
      this.opts.logger?.warn(
        {
          msg: 'announcement refused',
          reason,
          detail,
          switch: p.switchName,
          port: p.ingressPort,
          ...(last && last.skipped > 0 ? { notLogged: last.skipped } : {}),
        },
        'Announcements',
      );
      this.logged.set(reason, { at: now, skipped: 0 });
    } else {
      this.logged.set(reason, { at: last.at, skipped: last.skipped + 1 });
    }
    const outcome: Outcome = { accepted: false, reason, detail };
    this.opts.onOutcome?.(outcome);
    return outcome;
  }
}
