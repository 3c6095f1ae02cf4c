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
