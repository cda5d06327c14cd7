/**
 * Slice maps inside a command: the services a change touches get their map planned again
 * (from their previous map, so the fewest slices move); the others keep theirs untouched.
 */
import {
  DomainState,
  type DomainStatePatch,
  type Instance,
  type Service,
  type SliceMap,
} from '../domain';

/** A planned map, with the slices it moved and the fewest any balanced map could move. */
export interface PlannedMap {
  readonly map: SliceMap;
  readonly moved: number;
  readonly lowerBound: number;
}

/**
 * The planner as a command sees it: the map of `service` in `state` (whose instances are
 * final), moving as few slices of `previous` as possible.
 */
export type PlanSlices = (
  state: DomainState,
  service: string,
  previous: SliceMap | undefined,
) => PlannedMap;

/** What the planner reads of a service: its slice bits and its eligible instances' weights. */
function planningInput(service: Service, instances: readonly Instance[]): string {
  const members = instances
    .filter((x) => x.service === service.name && x.eligible)
    .map((x) => `${x.id}=${x.weight}`)
    .sort();
  return `${service.sliceBits}|${members.join(',')}`;
}

/**
 * The state after `patch`, validated, with the slice maps of the touched services planned
 * again: services that are new, have no map, changed slice bits, or whose eligible instances
 * or weights changed. Version: state.version + 1.
 */
export function replanSlices(
  state: DomainState,
  patch: DomainStatePatch,
  plan: PlanSlices,
  report?: (service: string, planned: PlannedMap) => void,
): DomainState {
  const services = (patch.services ?? state.services) as readonly Service[];
  const instances = (patch.instances ?? state.instances) as readonly Instance[];
  const touched = new Set<string>();
  for (const s of services) {
    const before = state.service(s.name);
    if (
      before === undefined ||
      state.sliceMap(s.name) === undefined ||
      planningInput(before, state.instances) !== planningInput(s, instances)
    ) {
      touched.add(s.name);
    }
  }
  const names = new Set(services.map((s) => s.name));
  const kept = state.sliceMaps.filter((m) => names.has(m.service) && !touched.has(m.service));
  // Validates the patch in full, without the maps that are about to be replaced.
  const mid = state.with({ ...patch, sliceMaps: kept });
  const planned: SliceMap[] = [];
  for (const name of touched) {
    const result = plan(mid, name, state.sliceMap(name));
    report?.(name, result);
    planned.push(result.map);
  }
  if (planned.length === 0) return mid;
  return DomainState.create({
    version: mid.version,
    services: mid.services,
    instances: mid.instances,
    switches: mid.switches,
    routes: mid.routes,
    mslbs: mid.mslbs,
    sliceMaps: [...kept, ...planned],
  });
}
