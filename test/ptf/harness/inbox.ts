/**
 * The Inbox: what a target received, in arrival order (frames per front-panel port, PacketIns,
 * and errors the switch reported, such as a refused PacketOut). Expectations take from it;
 * whatever is left at the end of a test is a failure.
 *
 *   inbox.push({ kind: 'frame', port: 2, bytes });
 *   const first = inbox.take((r) => r.kind === 'frame' && r.port === 2);
 */
import { EventEmitter } from 'node:events';
import type { Received } from './types';

/** Event emitted on every push (no payload). */
export const ARRIVAL = 'arrival';

/** Received packets and switch errors, waiting to be claimed by an expectation. */
export class Inbox extends EventEmitter {
  private readonly items: Received[] = [];
  private readonly errorList: string[] = [];
  private lastArrival = performance.now();

  /** Adds a received packet (copied: a sender may reuse its buffer). */
  push(r: Received): void {
    this.items.push({ ...r, bytes: Uint8Array.from(r.bytes) });
    this.lastArrival = performance.now();
    this.emit(ARRIVAL);
  }

  /** Records an error the switch reported (e.g. a StreamError for a PacketOut). */
  pushError(message: string): void {
    this.errorList.push(message);
    this.lastArrival = performance.now();
    this.emit(ARRIVAL);
  }

  /** Removes and returns the first received item satisfying `pred`. */
  take(pred: (r: Received) => boolean): Received | undefined {
    const i = this.items.findIndex(pred);
    return i < 0 ? undefined : this.items.splice(i, 1)[0];
  }

  /** The first frame waiting on `port`, removed. */
  takeFrame(port: number): Received | undefined {
    return this.take((r) => r.kind === 'frame' && r.port === port);
  }

  /** The first PacketIn waiting, removed. */
  takePacketIn(): Received | undefined {
    return this.take((r) => r.kind === 'packet-in');
  }

  /** What is waiting, without removing it. */
  peek(): readonly Received[] {
    return [...this.items];
  }

  /** Errors reported so far, without removing them. */
  get errors(): readonly string[] {
    return [...this.errorList];
  }

  /** Milliseconds since the last arrival (or since the inbox was made). */
  sinceLastArrivalMs(): number {
    return performance.now() - this.lastArrival;
  }

  /** Removes and returns everything waiting: packets and errors. */
  drain(): { items: Received[]; errors: string[] } {
    return {
      items: this.items.splice(0, this.items.length),
      errors: this.errorList.splice(0, this.errorList.length),
    };
  }
}
