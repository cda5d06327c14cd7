/** The reconciler: every switch brought to the intent of the latest domain state. */
export { Reconciler, ReconcilerEvent, type ReconcilerOptions } from './reconciler';
export {
  SwitchReconciler,
  type BatchPoint,
  type ChangeEvent,
  type Desired,
  type RunReason,
  type SwitchReconcilerOptions,
  type SwitchStatus,
} from './switch-reconciler';
export { countUpdates, orderPhases } from './order';
