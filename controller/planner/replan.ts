/**
 * A change to the domain together with the slice maps it implies, as one new version: what a
 * command applies in one transaction. DomainState refuses a map that names a removed instance
 * or has the wrong slice bits, so instances and slice bits never change without their maps.
 *
 *   const { state: next, plans } = withPlannedSlices(state, { instances: [...] });
 *   // next.version === state.version + 1; plans.get('video.example')?.moved
 */
import { DomainState, type DomainStatePatch, type Instance, type SliceMap } from '../domain';
import { planSlices, type PlanResult } from './plan';

/** The new state and, for each service whose map was planned again, the plan. */
export interface Replanned {
  readonly state: DomainState;
  readonly plans: ReadonlyMap<string, PlanResult>;
}

const sameMembers = (a: readonly Instance[], b: readonly Instance[]) =>
  a.length === b.length &&
  a.every((x, i) => x.id === b[i].id && x.weight === b[i].weight && x.eligible === b[i].eligible);

/**
 * Applies `patch` (any lists but slice maps) to `state` and plans the slice map of every service
 * with IPv6 ranges from its map in `state`. A service whose slice bits and instances (ids,
 * weights, eligibility) did not change keeps its map as it is: planning it again would move
 * nothing. Services without IPv6 ranges have no map.
 */
export function withPlannedSlices(
  state: DomainState,
  patch: Omit<DomainStatePatch, 'sliceMaps'>,
): Replanned {
  // Checked once without maps (so a removed holder is not an error yet), then with them.
  const interim = DomainState.create({
    version: state.version + 1,
    services: patch.services ?? state.services,
    instances: patch.instances ?? state.instances,
    switches: patch.switches ?? state.switches,
    routes: patch.routes ?? state.routes,
    mslbs: patch.mslbs ?? state.mslbs,
  });
  const maps: SliceMap[] = [];
  const plans = new Map<string, PlanResult>();
  for (const service of interim.services) {
    if (service.slicedRanges.length === 0) continue;
    const previous = state.sliceMap(service.name);
    const before = state.service(service.name);
    const members = interim.instancesOf(service.name);
    if (
      previous !== undefined &&
      before?.sliceBits === service.sliceBits &&
      sameMembers(state.instancesOf(service.name), members)
    ) {
      maps.push(previous);
      continue;
    }
    const plan = planSlices({
      service: service.name,
      sliceBits: service.sliceBits,
      instances: members,
      previous,
    });
    plans.set(service.name, plan);
    maps.push(plan.map);
  }
  const next = DomainState.create({
    version: interim.version,
    services: interim.services,
    instances: interim.instances,
    switches: interim.switches,
    routes: interim.routes,
    mslbs: interim.mslbs,
    sliceMaps: maps,
  });
  return { state: next, plans };
}
