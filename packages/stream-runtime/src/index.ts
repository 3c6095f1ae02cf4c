export { type BackoffOptions, backoffDelay } from './backoff.ts';
export { buildDeadLetter, type DeadLetter, type RawRecord } from './dead-letter.ts';
export { recordPublisher } from './record-publisher.ts';
export { type RunnableRuntime, runUntilSignal } from './run-until-signal.ts';
export { DeadlineExceededError, runWithDeadline } from './run-with-deadline.ts';
export type { RuntimeLogger, RuntimeObserver } from './runtime-observer.ts';
export { type RuntimeOptions, resolveRuntimeOptions } from './runtime-options.ts';
export {
  type BulkItem,
  type BulkOutput,
  type InputBinding,
  type InputRecord,
  type Stage,
  type StageContext,
  type StageOutput,
  type TopicBinding,
  topicBinding,
} from './stage.ts';
export { StreamRuntime, type StreamRuntimeDeps } from './stream-runtime.ts';
