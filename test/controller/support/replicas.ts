/**
 * Controller replicas as child processes (support/replica.ts) and what the switches saw of
 * them, for the HA test and `npm run bench:failover`: spawn, read their JSON event lines, wait
 * for a condition with a bound, and record every write an embedded switch accepted with the
 * election id it carried.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EmbeddedSwitch } from '../harness';
import { postgresUrl } from './databases';

const ROOT = join(__dirname, '..', '..', '..');

/** One event line of a replica. */
export interface ReplicaEvent {
  readonly t: number;
  readonly ev: string;
  readonly switch?: string;
  readonly generation?: number;
  readonly [k: string]: unknown;
}

/** A running replica process. */
export class ReplicaProcess {
  readonly events: ReplicaEvent[] = [];
  readonly stderr: string[] = [];
  exited = false;

  private constructor(
    readonly id: string,
    readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as ReplicaEvent);
      } catch {
        this.stderr.push(line);
      }
    });
    child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    child.on('exit', () => (this.exited = true));
  }

  static spawn(cfg: {
    id: string;
    databaseUrl: string;
    addresses: string[];
    leaseMs: number;
  }): ReplicaProcess {
    const child = spawn(
      process.execPath,
      ['-r', './test/controller/support/ts-register.js', 'test/controller/support/replica.ts'],
      { cwd: ROOT, env: { ...process.env, REPLICA: JSON.stringify(cfg) }, stdio: 'pipe' },
    );
    return new ReplicaProcess(cfg.id, child);
  }

  /** The generation of the last 'leader' event of `sw` if the replica still leads it. */
  leads(sw: string): number | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.switch !== sw) continue;
      if (e.ev === 'backup') return undefined;
      if (e.ev === 'leader') return e.generation;
    }
    return undefined;
  }

  /** True when a 'converged' of `sw` follows the replica's last 'leader' event of it. */
  reconciledAsLeader(sw: string): ReplicaEvent | undefined {
    let converged: ReplicaEvent | undefined;
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.switch !== sw) continue;
      if (e.ev === 'converged') converged ??= e;
      if (e.ev === 'backup') return undefined;
      if (e.ev === 'leader') return converged;
    }
    return undefined;
  }

  signal(s: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(s);
  }

  /** Kills the process (SIGKILL) and waits for its exit. */
  async kill(): Promise<void> {
    if (this.exited) return;
    const done = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
    await done;
  }
}

/** Polls `cond` every 20 ms until it holds; rejects with `what` after `timeoutMs`. */
export async function waitFor<T>(
  cond: () => T | undefined | false,
  timeoutMs: number,
  what: string | (() => string),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One write a switch accepted (Write or SetForwardingPipelineConfig) and its election id. */
export interface AcceptedWrite {
  readonly t: number;
  readonly electionId: bigint;
}

/**
 * Records every write `sw` accepts: the server asks its device session whether the request's
 * election id is the primary's before applying any write; the answers that say yes are kept.
 */
export function recordWrites(sw: EmbeddedSwitch): AcceptedWrite[] {
  const log: AcceptedWrite[] = [];
  const session = sw.server.session(1);
  if (session === undefined) throw new Error('the embedded switch serves no device 1');
  const isPrimary = session.isPrimary.bind(session);
  session.isPrimary = (role: string, electionId: bigint | undefined) => {
    const yes = isPrimary(role, electionId);
    if (yes && electionId !== undefined) log.push({ t: Date.now(), electionId });
    return yes;
  };
  return log;
}

/**
 * `describe` for tests that need PostgreSQL (several replicas share one): without
 * TEST_DATABASE_URL one test fails when CI=true (CI must never skip it silently), else one
 * skipped test says why.
 */
export function describePostgres(title: string, body: () => void): void {
  if (postgresUrl() !== undefined) {
    describe(title, body);
  } else if (process.env.CI === 'true') {
    describe(title, () => {
      it('has a PostgreSQL server to run on', () => {
        throw new Error('TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL and exports it)');
      });
    });
  } else {
    describe(title, () => {
      it.skip('skipped: set TEST_DATABASE_URL to a PostgreSQL server (role with CREATEDB)', () => {
        // Nothing: this test only reports the skip and its reason.
      });
    });
  }
}
