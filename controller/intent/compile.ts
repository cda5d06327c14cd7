/**
 * compileIntent: everything each switch must hold, as a pure function of the domain state and
 * the current time (time-hop epochs). No I/O: the same state and time give the same entities
 * on every replica and after every restart, so a restarted controller writes nothing.
 *
 *   const intent = compileIntent(state, Math.floor(Date.now() / 1000));
 *   entitiesOf(intent.get('s1')!)   // acl, ssa, sar, mslb, routing entries of s1
 */
import type { DomainState } from '../domain';
import { DomainError, parseAddress } from '../domain';
import { compileAcl } from './acl';
import type { Control, SwitchIntent } from './collect';
import { IntentError } from './errors';
import { IntentContext, type IntentOptions } from './context';
import { compileMslb } from './mslb';
import { compileRouting, routeTargets, sliceTransit } from './routing';
import { compileSar } from './sar';
import { compileSsa, type Unreachable } from './ssa';

const NONE: Readonly<Record<Control, readonly never[]>> = Object.freeze({
  acl: [],
  ssa: [],
  sar: [],
  mslb: [],
  routing: [],
});

/**
 * The desired entities of every switch of `state` at unix time `now` (seconds). A switch whose
 * tables cannot express the domain gets `error` and no entities; the others are compiled.
 */
export function compileIntent(
  state: DomainState,
  now: number,
  options: IntentOptions = {},
): Map<string, SwitchIntent> {
  if (!Number.isFinite(now) || now < 0) {
    throw new DomainError('now', now, 'unix seconds, 0 or more');
  }
  for (const [name, gw] of Object.entries(options.gateways ?? {})) {
    parseAddress(gw, `gateways.${name}`, 6);
  }
  const ctx = new IntentContext(state, now, options);
  const targets = routeTargets(ctx);
  const transit = sliceTransit(ctx);
  const out = new Map<string, SwitchIntent>();
  for (const sw of state.switches) {
    const unreachable: Unreachable[] = [];
    try {
      out.set(
        sw.name,
        Object.freeze({
          switchName: sw.name,
          unreachable,
          controls: Object.freeze({
            acl: compileAcl(ctx, sw),
            ssa: compileSsa(ctx, sw, unreachable),
            sar: compileSar(ctx, sw),
            mslb: compileMslb(ctx, sw),
            routing: compileRouting(ctx, sw, targets, transit.get(sw.name)),
          }),
        }),
      );
    } catch (e) {
      // One switch whose tables cannot hold the domain does not hold up the others.
      if (!(e instanceof IntentError)) throw e;
      out.set(
        sw.name,
        Object.freeze({ switchName: sw.name, unreachable, controls: NONE, error: e }),
      );
    }
  }
  return out;
}
