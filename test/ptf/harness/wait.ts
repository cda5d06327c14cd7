/**
 * Waiting without fixed sleeps: on events with a deadline (something arrived, the switch
 * processed a packet), or by polling an operation until it succeeds (reaching a switch that is
 * still starting).
 */
import type { EventEmitter } from 'node:events';

/** An event to wake up on. */
export type Wakeup = readonly [EventEmitter, string];

/**
 * Resolves with the first defined value of `check`, evaluated now and after each of the
 * `wakeups` events, or with `check()`'s value at the deadline (undefined when still nothing).
 */
export function waitUntil<T>(
  check: () => T | undefined,
  wakeups: readonly Wakeup[],
  timeoutMs: number,
): Promise<T | undefined> {
  const first = check();
  if (first !== undefined) return Promise.resolve(first);
  return new Promise<T | undefined>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      for (const [emitter, event] of wakeups) emitter.off(event, onEvent);
      fn();
    };
    const evaluate = (atDeadline: boolean) => {
      try {
        const v = check();
        if (v !== undefined || atDeadline) finish(() => resolve(v));
      } catch (e) {
        finish(() => reject(e));
      }
    };
    const onEvent = () => evaluate(false);
    for (const [emitter, event] of wakeups) emitter.on(event, onEvent);
    timer = setTimeout(() => evaluate(true), timeoutMs);
  });
}

/**
 * Runs `attempt` until it resolves, retrying on rejection with a growing pause (50 ms up to
 * 500 ms) until `timeoutMs` has passed; then rejects with `what` and the last error.
 */
export async function retry<T>(
  what: string,
  attempt: () => Promise<T>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 50;
  let tries = 0;
  while (true) {
    tries++;
    try {
      return await attempt();
    } catch (e) {
      if (Date.now() + pause > deadline) {
        throw new Error(
          `${what}: still failing after ${tries} tries in ${timeoutMs} ms: ${(e as Error).message}`,
        );
      }
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 500);
  }
}
