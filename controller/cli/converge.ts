import type { AdminConnection, Message } from './connection';
import { type Io, Progress } from './output';

/** The outcome of waiting for the switches to converge. */
export interface Convergence {
  readonly converged: readonly string[];
  readonly pending: readonly string[];
  readonly version: number;
}

/**
 * Waits until every switch in `switches` reports, through `reconciliation` events on the
 * Watch stream, that it converged at `version` or later; draws a progress bar meanwhile.
 * `start` is called once the stream is open (the change to wait for is made there, so no
 * event is missed); it returns the version to wait for. Resolves with what converged when
 * all did or when `timeoutMs` passed.
 */
export async function waitConverged(
  conn: AdminConnection,
  io: Io,
  switches: readonly string[],
  timeoutMs: number,
  start: () => Promise<number>,
): Promise<Convergence> {
  const done = new Set<string>();
  const progress = new Progress(io, 'converging', switches.length);
  const stop = new AbortController();
  let version = Number.POSITIVE_INFINITY;
  const early: Message[] = [];
  const see = (e: Message) => {
    if (version === Number.POSITIVE_INFINITY) {
      early.push(e); // before the change returned its version
      return;
    }
    const sw = String(e.switch ?? '');
    if (e.action === 'converged' && Number(e.version) >= version && switches.includes(sw)) {
      done.add(sw);
      progress.update(done.size, `${sw} converged at version ${e.version}`);
    } else if (e.action !== 'converged' && switches.includes(sw)) {
      progress.update(done.size, `${sw} ${String(e.action)}`);
    }
    if (done.size === switches.length) stop.abort();
  };
  let ready: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (ready = resolve));
  const watching = conn.watch({ kinds: ['reconciliation'] }, see, stop.signal, ready);
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  try {
    // The change is made only once the stream is subscribed, so no event of it is missed.
    await Promise.race([subscribed, watching]);
    version = await start();
    for (const e of early.splice(0)) see(e);
    // A switch may have converged before the stream was subscribed on the server: its status
    // says so.
    for (const name of switches) {
      const s = await conn.call('GetSwitchStatus', { name });
      if (s.convergence === 'converged' && Number(s.applied_version) >= version) {
        see({ switch: name, action: 'converged', version: s.applied_version });
      }
    }
    progress.update(done.size, `waiting for version ${version}`);
    if (switches.length === 0 || done.size === switches.length) stop.abort();
    await watching;
  } finally {
    clearTimeout(timer);
    stop.abort();
    progress.finish();
  }
  return {
    converged: [...done].sort(),
    pending: switches.filter((s) => !done.has(s)),
    version,
  };
}
