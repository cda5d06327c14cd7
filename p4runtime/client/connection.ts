/**
 * Connecting: open the stream and wait for arbitration, retrying through a stream that ends
 * before it (when reconnect is on) until the deadline or the caller's signal.
 */
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import type { CallOpts } from './call';
import { P4RuntimeError } from './errors';
import { SwitchEvent, type ArbitrationState, type StreamChannel } from './stream';

/** Milliseconds until `opts.timeout`, or `defaultMs`. */
function msOf(opts: CallOpts | undefined, defaultMs: number): number {
  const t = opts?.timeout ?? defaultMs;
  return t instanceof Date ? Math.max(0, t.getTime() - Date.now()) : t;
}

/**
 * Open the stream and resolve with the first arbitration answer. A CHANNEL_DOWN before it
 * rejects only when the stream will not be reopened (reconnect off, or closed); otherwise the
 * stream's backoff reopens it and we keep waiting. The deadline rejects with DEADLINE_EXCEEDED
 * (naming the last stream error), the signal with its reason.
 */
export async function connect(
  stream: StreamChannel,
  defaultMs: number,
  opts?: CallOpts,
): Promise<ArbitrationState> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), msOf(opts, defaultMs));
  const signal = opts?.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
  let last: Error | undefined;
  const onDown = (err: Error | undefined) => {
    last = err ?? new Error('stream closed before arbitration');
    if (!stream.retries) deadline.abort(); // no retry coming: stop waiting now
  };
  stream.on(SwitchEvent.CHANNEL_DOWN, onDown);
  try {
    const waiting = once(stream, SwitchEvent.ARBITRATION, { signal });
    // Returning early below aborts `waiting` in `finally`: that rejection is expected, not lost.
    waiting.catch(() => undefined);
    stream.open();
    if (stream.arbitration) return stream.arbitration;
    const [state] = (await waiting) as [ArbitrationState];
    return state;
  } catch (e) {
    if (opts?.signal?.aborted) throw e;
    if (!stream.retries && last) throw last;
    if (deadline.signal.aborted) {
      const why = last ? ` (last stream error: ${last.message})` : '';
      throw new P4RuntimeError(
        'StreamChannel',
        grpc.status.DEADLINE_EXCEEDED,
        `no arbitration answer before the deadline${why}`,
      );
    }
    throw e;
  } finally {
    stream.off(SwitchEvent.CHANNEL_DOWN, onDown);
    deadline.abort();
    clearTimeout(timer);
  }
}

/** Wait until this client is primary. */
export async function waitPrimary(
  stream: StreamChannel,
  defaultMs: number,
  opts?: CallOpts,
): Promise<void> {
  if (stream.isPrimary) return;
  const timeout = AbortSignal.timeout(msOf(opts, defaultMs));
  const signal = opts?.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  await once(stream, SwitchEvent.BECAME_PRIMARY, { signal });
}
