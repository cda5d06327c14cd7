/**
 * Answers MSLB tunnel-MTU punts (wire §4) with Packet Too Big / fragmentation needed, sent as
 * PacketOut out of the ingress port, rate-limited per client address (token buckets), and
 * counted: sent, rate-limited, not-allowed (no error may be sent for it), malformed.
 *
 *   const r = new TooBigResponder({ ratePerSecond: 10, burst: 20 });
 *   r.handle({ ingressPort: 3, reason: 4, mtu: 1460, payload }, (frame, port) =>
 *     client.sendPacket(frame, { egress_port: port }));
 */
import { RateLimiter } from './token-bucket';
import { PUNT_MSLB_FRAG_NEEDED, PUNT_MSLB_PACKET_TOO_BIG, tooBigReply } from './too-big';

/** A tunnel-MTU punt as the switch session hands it over. */
export interface PuntedTooBig {
  readonly switchName?: string;
  readonly ingressPort: number;
  readonly reason: number;
  /** packet_in `mtu`: the largest inner packet that fits the tunnel. */
  readonly mtu: number;
  readonly payload: Uint8Array;
}

export type TooBigCounter = 'sent' | 'rate-limited' | 'not-allowed' | 'malformed';

export interface TooBigResponderOptions {
  /** Errors per second per client address (default 10) and burst (default 20). */
  readonly ratePerSecond?: number;
  readonly burst?: number;
  /** Milliseconds; default Date.now. */
  readonly clock?: () => number;
}

/** True for the punt reasons this responder answers. */
export function isTooBigPunt(reason: number): boolean {
  return reason === PUNT_MSLB_PACKET_TOO_BIG || reason === PUNT_MSLB_FRAG_NEEDED;
}

/** See the file comment. */
export class TooBigResponder {
  private readonly limiter: RateLimiter;
  private readonly counts: Record<TooBigCounter, number> = {
    sent: 0,
    'rate-limited': 0,
    'not-allowed': 0,
    malformed: 0,
  };

  constructor(opts: TooBigResponderOptions = {}) {
    this.limiter = new RateLimiter({
      ratePerSecond: opts.ratePerSecond ?? 10,
      burst: opts.burst ?? 20,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
  }

  /** Counters so far. */
  counters(): Record<TooBigCounter, number> {
    return { ...this.counts };
  }

  /** Builds the reply and hands it to `send` (frame, egress port) unless limited; the outcome. */
  handle(p: PuntedTooBig, send: (frame: Uint8Array, port: number) => void): TooBigCounter {
    const r = tooBigReply(p.payload, p.reason, p.mtu);
    if (!r.ok) {
      this.counts[r.why]++;
      return r.why;
    }
    if (!this.limiter.take(r.source)) {
      this.counts['rate-limited']++;
      return 'rate-limited';
    }
    send(r.frame, p.ingressPort);
    this.counts.sent++;
    return 'sent';
  }
}
