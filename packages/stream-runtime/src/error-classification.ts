import { type FailureReason, failureReasonSymbols, isRetriable } from '@docsort/contracts';

/**
 * What an error says about the call or record that raised it: `transient` — a dependency is away, the same
 * call may pass later (retried with backoff until it does); `permanent` — retrying cannot help (a record goes
 * to the DLQ with `reason`); `unknown` — it says nothing about itself, most likely a bug (a record is tried a
 * few times, then dead-lettered as INTERNAL).
 */
export type ErrorClass =
  | { readonly kind: 'transient' }
  | { readonly kind: 'permanent'; readonly reason: FailureReason }
  | { readonly kind: 'unknown' };

function isFailureReason(value: unknown): value is FailureReason {
  return (failureReasonSymbols as readonly unknown[]).includes(value);
}

/**
 * An error's own `retriable: boolean` decides when it has one — docsort's PipelineErrors, the serde's
 * registry errors (a 401/403/404/422 is false, a 5xx or no answer true) and kafkajs' errors alike — so that
 * no kind of error is retried (or given up on) against its own word. Without one, network error codes are
 * transient and anything else is unknown.
 */
export function classifyError(error: unknown): ErrorClass {
  const { retriable, reason, name } = (error ?? {}) as {
    retriable?: unknown;
    reason?: unknown;
    name?: unknown;
  };
  // kafkajs gives up on a broker after its own retries with `retriable: false`, yet treats the error as
  // retriable itself (it restarts a consumer on it): the broker is away, not the request wrong.
  if (name === 'KafkaJSNumberOfRetriesExceeded') return { kind: 'transient' };
  if (retriable === true) return { kind: 'transient' };
  if (retriable === false)
    return { kind: 'permanent', reason: isFailureReason(reason) ? reason : 'INTERNAL' };
  return isRetriable(error) ? { kind: 'transient' } : { kind: 'unknown' };
}

/** Names and protocol error types that say "the broker (or the group's coordinator on it) is away". */
const brokerAway = new Set([
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
]);

/**
 * Whether a consumer that kafkajs stopped for good stopped because Kafka was away — a broker restarting,
 * the group's coordinator moving — rather than because anything is wrong with the group or the request.
 * kafkajs gives up on a consumer whose coordinator it cannot find during a broker restart with a
 * non-retriable error and never restarts it (tulios/kafkajs#1630, #1445): the process lives on, healthy to
 * look at, and consumes nothing. Looks through the error's causes.
 */
export function isKafkaAway(error: unknown): boolean {
  let current = error as { name?: unknown; type?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 8; depth++, current = current.cause as typeof current) {
    if (brokerAway.has(String(current.name)) || brokerAway.has(String(current.type))) return true;
  }
  return false;
}
