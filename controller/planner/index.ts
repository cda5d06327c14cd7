/** The slice planner: balanced, minimal-movement, deterministic slice maps (pure). */
export { changedSlices } from './diff';
export {
  planService,
  planSlices,
  targets,
  type PlanInput,
  type PlanMember,
  type PlanResult,
} from './plan';
export { projectSlices } from './project';
export { withPlannedSlices, type Replanned } from './replan';
