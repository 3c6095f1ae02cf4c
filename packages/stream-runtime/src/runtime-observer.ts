import type { FailureReason } from '@docsort/contracts';

/** What the runtime reports as it works; the metrics and logs of the observability issue hook in here. */
export interface RuntimeObserver {
  /** A record processed: its decoded value and what the stage made of it (produced once the batch flushes). */
  processed?(event: {
    topic: string;
    partition: number;
    durationMs: number;
    input: unknown;
    outputs: ReadonlyArray<{ to: string; topic: string; value: unknown }>;
  }): void;
  retried?(event: { topic: string; partition: number; error: Error }): void;
  deadLettered?(event: { topic: string; partition: number; reason: FailureReason; durationMs: number }): void;
  /** An offset committed; `owned` whether the partition was this instance's at its last group join. */
  committed?(event: { topic: string; partition: number; offset: string; owned: boolean }): void;
  paused?(event: { topic: string; partition: number; inFlight: number }): void;
  /** Backpressure lifted from `partitions`; one whose batch still runs is fetched again only when it ends. */
  resumed?(event: { topic: string; partitions: number[] }): void;
  rebalanced?(event: { assignment: Record<string, number[]> }): void;
}

/** pino's call shape (fields first, then the message), so a pino logger is one as it is. */
export interface RuntimeLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
