import type { BackoffOptions } from './backoff.ts';

export interface RuntimeOptions {
  /** Consumer group; instances with the same group share the partitions. Default `docsort-<stage>`. */
  readonly groupId: string;
  /** A record whose processing takes longer is abandoned and retried, then dead-lettered as TIMEOUT. */
  readonly recordTimeoutMs: number;
  readonly maxTimeoutAttempts: number;
  /** Tries for errors that are neither permanent nor known to be transient (bugs), before the DLQ. */
  readonly maxUnexpectedAttempts: number;
  /** Backoff between attempts for transient errors, which are retried until they pass or the runtime stops. */
  readonly retry: BackoffOptions;
  /** Records fetched but not committed; above it, partitions are paused until half of it is left. */
  readonly maxInFlight: number;
  readonly partitionsConsumedConcurrently: number;
  /** A batch still running after this goes on in the background, so other partitions keep flowing. */
  readonly detachBatchAfterMs: number;
  /** Produce and commit after this many records, and at the end of every batch. */
  readonly flushEvery: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /**
   * How long the broker may hold a fetch that finds nothing. A record arriving ends the wait at once, so a
   * longer wait costs no latency; it sets how often an idle consumer polls (every poll costs the broker and
   * the client CPU: going from 100 to 500 ms cut the CPU per document at 5 docs/s by about a quarter in
   * bench:e2e) and how soon a partition resumed after a pause is fetched again.
   */
  readonly maxWaitTimeMs: number;
  readonly shutdownTimeoutMs: number;
}

export function resolveRuntimeOptions(
  stageName: string,
  overrides: Partial<RuntimeOptions> = {},
): RuntimeOptions {
  const options: RuntimeOptions = {
    groupId: `docsort-${stageName}`,
    recordTimeoutMs: 20_000,
    maxTimeoutAttempts: 2,
    maxUnexpectedAttempts: 3,
    retry: { initialMs: 200, maxMs: 10_000 },
    maxInFlight: 1_000,
    partitionsConsumedConcurrently: 3,
    detachBatchAfterMs: 500,
    flushEvery: 50,
    sessionTimeoutMs: 30_000,
    heartbeatIntervalMs: 3_000,
    maxWaitTimeMs: 500,
    shutdownTimeoutMs: 25_000,
    ...overrides,
  };
  // MUST: a record may hold its partition at most recordTimeoutMs × maxTimeoutAttempts; heartbeats keep the
  // session alive meanwhile, and they only can if they are sent well within the session timeout.
  if (options.heartbeatIntervalMs * 3 > options.sessionTimeoutMs) {
    throw new Error(
      `heartbeatIntervalMs: got ${options.heartbeatIntervalMs}, expected at most a third of sessionTimeoutMs (${options.sessionTimeoutMs})`,
    );
  }
  return options;
}
