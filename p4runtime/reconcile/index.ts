/**
 * The reconciliation kit: entity identity and canonical equality as the P4Runtime
 * specification defines them, `diff` of a desired against an actual state into phases in a
 * safe write order, and the device helpers built on it (readState, reconcile, deleteAll).
 * Pure but for the device helpers, which need only a client's `read` and `write`.
 */
export {
  canonicalize,
  entityKey,
  sameEntity,
  tableKey,
  type AnyEntity,
  type Canonical,
} from './canonical';
export { initialDefault, isInitialDefault } from './defaults';
export { deletePhases, diff, orderedPhases, type Phases } from './diff';
export {
  applyPhases,
  deleteAll,
  readState,
  reconcile,
  type KitOptions,
  type ReconcileClient,
} from './device';
