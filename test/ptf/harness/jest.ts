/**
 * Jest integration: one target per test file (started in beforeAll, closed in afterAll), one
 * fresh PtfSession per test (finished in afterEach: leftover packets fail the test, writes are
 * undone, the tables must be as they were).
 *
 *   ptfSuite('port_table', REFLECTOR, (ptf) => {
 *     it('forwards by ingress port', async () => {
 *       const s = ptf.session;
 *       await s.insert(forward(1, 2));
 *       await s.send(1, frame);
 *       await s.expectPacket(frame, 2);
 *     });
 *   });
 */
import { openTarget } from './open';
import { PtfSession, type SessionOptions } from './session';
import type { PacketTarget, TargetOptions } from './types';

/** What a suite needs: the pipeline, target and session options. */
export interface SuiteOptions extends TargetOptions, SessionOptions {
  /** The suite fails at start when the target has fewer front-panel ports than this. */
  portsNeeded?: number;
  /** The environment P4_TARGET and the rest are read from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The running target and the current test's session (valid inside tests and hooks). */
export interface PtfContext {
  readonly target: PacketTarget;
  readonly session: PtfSession;
}

/** Registers the hooks that run `options`' target for the enclosing describe block. */
export function useTarget(options: SuiteOptions): PtfContext {
  let target: PacketTarget | undefined;
  let session: PtfSession | undefined;
  const hookMs = (options.connectTimeoutMs ?? 15_000) + 5_000;

  beforeAll(async () => {
    target = await openTarget(options, options.env);
    const needed = options.portsNeeded ?? 0;
    if (target.ports.length < needed) {
      throw new Error(
        `the suite needs ${needed} front-panel ports; the ${target.kind} target has ` +
          `${target.ports.length} (${target.ports.join(', ')}): extend P4_PORT_MAP`,
      );
    }
  }, hookMs);
  afterAll(async () => {
    const t = target;
    target = undefined;
    await t?.close();
  }, hookMs);
  beforeEach(async () => {
    session = await PtfSession.open(started(), options);
  });
  afterEach(async () => {
    const s = session;
    session = undefined;
    if (s && !s.finished) await s.finish();
  });

  const started = (): PacketTarget => {
    if (!target) throw new Error('the PTF target is not started (use it inside tests or hooks)');
    return target;
  };
  return {
    get target() {
      return started();
    },
    get session() {
      if (!session) throw new Error('no PTF session: use it inside a test');
      return session;
    },
  };
}

/** A describe block whose tests run on the target P4_TARGET names. */
export function ptfSuite(
  name: string,
  options: SuiteOptions,
  body: (ptf: PtfContext) => void,
): void {
  describe(name, () => body(useTarget(options)));
}
