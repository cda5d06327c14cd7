/**
 * Per-call options: every RPC has a deadline, and may also be cancelled with an AbortSignal.
 */
import type { CallOptions, ClientReadableStream, ClientUnaryCall } from '@grpc/grpc-js';

export interface CallOpts {
  /** Milliseconds from now, or an absolute Date. Defaults to the client's default timeout. */
  timeout?: number | Date;
  signal?: AbortSignal;
}

/** The grpc-js call options for a deadline. */
export function deadlineOf(opts: CallOpts | undefined, defaultMs: number): CallOptions {
  const t = opts?.timeout ?? defaultMs;
  return { deadline: t instanceof Date ? t : new Date(Date.now() + t) };
}

/** Cancel `call` when `signal` aborts; returns a function that detaches the listener. */
export function linkAbort(
  call: ClientUnaryCall | ClientReadableStream<unknown>,
  signal: AbortSignal | undefined,
): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    call.cancel();
    return () => {};
  }
  const onAbort = () => call.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** Milliseconds to wait before reconnect attempt `n` (0-based): doubling with jitter, capped. */
export function backoffMs(n: number, initialMs: number, maxMs: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(n, 30));
  return Math.round(base / 2 + Math.random() * (base / 2));
}
