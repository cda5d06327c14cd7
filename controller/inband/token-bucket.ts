/**
 * Token buckets per key (a client address), so that a client that keeps sending too-big
 * packets gets a bounded number of ICMP errors (RFC 4443 §2.4(f)). The map is bounded: when
 * full, the key touched longest ago is forgotten (it starts again with a full bucket).
 *
 *   const limit = new RateLimiter({ ratePerSecond: 10, burst: 20, clock: () => now });
 *   if (limit.take(sourceHex)) send();
 */

export interface RateLimiterOptions {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size (tokens a silent key starts with). */
  readonly burst: number;
  /** Keys kept at most (default 65,536). */
  readonly maxKeys?: number;
  /** Milliseconds; default Date.now. */
  readonly clock?: () => number;
}

/** Per-key token buckets (see the file comment). */
export class RateLimiter {
  /** Insertion order = least recently touched first (a key is re-inserted on every take). */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly clock: () => number;

  constructor(private readonly opts: RateLimiterOptions) {
    if (!(opts.ratePerSecond > 0) || !(opts.burst >= 1)) {
      throw new RangeError(
        `rate limiter: ratePerSecond ${opts.ratePerSecond} and burst ${opts.burst}: expected > 0 and >= 1`,
      );
    }
    this.clock = opts.clock ?? Date.now;
  }

  /** Takes one token of `key`: true if there was one. */
  take(key: string): boolean {
    const now = this.clock();
    const b = this.buckets.get(key);
    // In thousandths of a token: ms × tokens/s is then exact for whole rates (no drift from
    // adding 0.1 a hundred times).
    const full = this.opts.burst * 1000;
    let tokens = full;
    if (b !== undefined) {
      tokens = Math.min(full, b.tokens + Math.max(0, now - b.at) * this.opts.ratePerSecond);
      this.buckets.delete(key);
    } else if (this.buckets.size >= (this.opts.maxKeys ?? 65_536)) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    const ok = tokens >= 1000;
    this.buckets.set(key, { tokens: ok ? tokens - 1000 : tokens, at: now });
    return ok;
  }

  /** Keys being tracked. */
  get size(): number {
    return this.buckets.size;
  }
}
