import { planSlices } from '../planner';
import type { PlanSlices } from './slices';

/** The pure planner of controller/planner, fed from the state a command produced. */
export const planFromState: PlanSlices = (state, name, previous) => {
  const service = state.service(name);
  if (service === undefined) throw new Error(`planFromState: no service '${name}'`);
  return planSlices({
    service: service.name,
    sliceBits: service.sliceBits,
    instances: state.instancesOf(service.name),
    previous,
  });
};
