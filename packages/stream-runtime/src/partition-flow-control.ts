import type { Consumer } from 'kafkajs';

/**
 * Why a partition of the input is not fetched: too many records in flight, or its batch running on in the
 * background (after `detachBatchAfterMs`).
 */
export type PauseReason = 'backpressure' | 'batch-running';

/**
 * The one owner of the input partitions' paused state. A partition may be paused for several reasons at once,
 * and is fetched again only when none is left: resuming a partition whose batch still runs would hand its next
 * records to a second batch, which could commit past records the first has not finished.
 */
export class PartitionFlowControl {
  readonly #consumer: Pick<Consumer, 'pause' | 'resume'>;
  readonly #topic: string;
  readonly #reasons = new Map<number, Set<PauseReason>>();
  #closed = false;

  constructor(consumer: Pick<Consumer, 'pause' | 'resume'>, topic: string) {
    this.#consumer = consumer;
    this.#topic = topic;
  }

  /** Pauses `partition` for `reason`; false when it already was paused for it. */
  pause(partition: number, reason: PauseReason): boolean {
    const reasons = this.#reasons.get(partition) ?? new Set();
    if (reasons.has(reason)) return false;
    reasons.add(reason);
    this.#reasons.set(partition, reasons);
    if (reasons.size === 1 && !this.#closed) {
      this.#whileRunning(() => this.#consumer.pause([{ topic: this.#topic, partitions: [partition] }]));
    }
    return true;
  }

  /**
   * Lifts `reason` from `partitions` (default: every partition paused for it) and resumes those left with no
   * reason; returns the partitions it was lifted from.
   */
  release(reason: PauseReason, partitions: readonly number[] = this.pausedFor(reason)): number[] {
    const released: number[] = [];
    const free: number[] = [];
    for (const partition of partitions) {
      const reasons = this.#reasons.get(partition);
      if (!reasons?.delete(reason)) continue;
      released.push(partition);
      if (reasons.size === 0) {
        this.#reasons.delete(partition);
        free.push(partition);
      }
    }
    if (free.length && !this.#closed) {
      this.#whileRunning(() => this.#consumer.resume([{ topic: this.#topic, partitions: free }]));
    }
    return released;
  }

  /** The partitions paused for `reason`. */
  pausedFor(reason: PauseReason): number[] {
    return [...this.#reasons].filter(([, reasons]) => reasons.has(reason)).map(([partition]) => partition);
  }

  /** Pauses every partition of the topic for good (shutdown): nothing resumes one after this. */
  close(): void {
    this.#closed = true;
    this.#whileRunning(() => this.#consumer.pause([{ topic: this.#topic }]));
  }

  /**
   * kafkajs refuses pause/resume while its consumer is not running (never started, or restarting after a
   * broker went away). Nothing is fetched then, and a restarted consumer starts with no partition paused and
   * from the committed offsets, so there is nothing to keep: the call is dropped, anything else is thrown.
   */
  #whileRunning(call: () => void): void {
    try {
      call();
    } catch (error) {
      if (!/consumer#run must be called first/.test((error as Error).message)) throw error;
    }
  }
}
