import type { PlanSlices } from './slices';

/**
 * The slice planner as a Nest injection token: commands ask it for a service's new map. The
 * CommandsModule binds it to the pure planner of `controller/planner/`.
 */
export abstract class SlicePlanner {
  abstract readonly plan: PlanSlices;
}
