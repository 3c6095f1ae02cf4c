import type { FailureReason } from '@docsort/contracts';

/** What the runtime reports as it works; the metrics and logs of the observability issue hook in here. */
export interface RuntimeObserver {
  processed?(event: { topic: string; partition: number; outputs: number; durationMs: number }): void;
  retried?(event: { topic: string; partition: number; error: Error }): void;
  deadLettered?(event: { topic: string; partition: number; reason: FailureReason }): void;
  committed?(event: { topic: string; partition: number; offset: string }): void;
  paused?(event: { topic: string; partition: number; inFlight: number }): void;
  resumed?(event: { topic: string; partitions: number[] }): void;
  rebalanced?(event: { assignment: Record<string, number[]> }): void;
}

export interface RuntimeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
