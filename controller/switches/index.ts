/** Switch sessions: one P4Runtime session per switch, and the pipeline each target runs. */
export {
  SessionEvent,
  SwitchSession,
  type ReadyEvent,
  type ReadyReason,
  type SessionOptions,
  type SessionState,
} from './session';
export {
  FABRIC_P4INFO_PATH,
  PipelineConfigError,
  deviceConfigFor,
  pipelineFor,
  type PipelineFiles,
} from './pipeline';
export { PoolEvent, SessionPool, type PoolOptions } from './pool';
