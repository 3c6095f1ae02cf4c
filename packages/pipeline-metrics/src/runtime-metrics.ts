import { failureReasonSymbols } from '@docsort/contracts';
import type { RuntimeObserver } from '@docsort/stream-runtime';
import type { Registry } from 'prom-client';
import { family, latencyBuckets } from './metric-family.ts';

/** What the in-flight gauge reads from a running StreamRuntime. */
export interface InFlightSource {
  readonly stageName: string;
  readonly inFlight: number;
}

/**
 * The streaming runtime's series, the same for every stage: records consumed, produced, failed (by reason)
 * and retried per topic, processing time, commits, pauses and rebalances, and records in flight.
 */
export function runtimeObserver(
  registry: Registry,
  options: {
    readonly stage: string;
    readonly inputTopic: string;
    readonly outputTopics?: readonly string[];
    readonly deadLetterTopic: string;
  },
): RuntimeObserver {
  const { stage, inputTopic, deadLetterTopic } = options;
  const consumed = family(registry, 'counter', {
    name: 'docsort_records_consumed_total',
    help: 'Records a stage took from its input topic and finished with (processed or dead-lettered).',
    labelNames: ['stage', 'topic'],
  });
  const produced = family(registry, 'counter', {
    name: 'docsort_records_produced_total',
    help: 'Records a stage produced, by output topic (DLQ records included).',
    labelNames: ['stage', 'topic'],
  });
  const failed = family(registry, 'counter', {
    name: 'docsort_records_failed_total',
    help: 'Input records a stage could not process and sent to the DLQ, by reason.',
    labelNames: ['stage', 'topic', 'reason'],
  });
  const retried = family(registry, 'counter', {
    name: 'docsort_records_retried_total',
    help: 'Attempts that failed transiently and were retried.',
    labelNames: ['stage', 'topic'],
  });
  const duration = family(registry, 'histogram', {
    name: 'docsort_processing_duration_seconds',
    help: 'Time from taking a record to its outputs (or DLQ record) being ready, retries included.',
    labelNames: ['stage'],
    buckets: latencyBuckets,
  });
  const committed = family(registry, 'counter', {
    name: 'docsort_offset_commits_total',
    help: 'Offset commits, each after the outputs of the records before it were acknowledged.',
    labelNames: ['stage', 'topic', 'partition'],
  });
  const unowned = family(registry, 'counter', {
    name: 'docsort_offset_commits_unowned_total',
    help: 'Offset commits for a partition not assigned to this instance at its last group join (must stay 0).',
    labelNames: ['stage'],
  });
  const paused = family(registry, 'counter', {
    name: 'docsort_backpressure_pauses_total',
    help: 'Partitions paused because more records than maxInFlight were in flight.',
    labelNames: ['stage'],
  });
  const rebalances = family(registry, 'counter', {
    name: 'docsort_rebalances_total',
    help: 'Consumer group joins (each rebalance this instance took part in).',
    labelNames: ['stage'],
  });
  // Zero from the start: "nothing consumed yet" is a value (the stalled-stage alert compares it), not a gap,
  // and rate() counts a failure's first occurrence only when its series existed before it.
  consumed.inc({ stage, topic: inputTopic }, 0);
  retried.inc({ stage, topic: inputTopic }, 0);
  for (const topic of [...(options.outputTopics ?? []), deadLetterTopic]) produced.inc({ stage, topic }, 0);
  for (const reason of failureReasonSymbols) failed.inc({ stage, topic: inputTopic, reason }, 0);
  duration.zero({ stage });
  paused.inc({ stage }, 0);
  unowned.inc({ stage }, 0);
  rebalances.inc({ stage }, 0);
  return {
    processed({ topic, durationMs, outputs }) {
      consumed.inc({ stage, topic });
      for (const output of outputs) produced.inc({ stage, topic: output.topic });
      duration.observe({ stage }, durationMs / 1000);
    },
    deadLettered({ topic, reason, durationMs }) {
      consumed.inc({ stage, topic });
      failed.inc({ stage, topic, reason });
      produced.inc({ stage, topic: deadLetterTopic });
      duration.observe({ stage }, durationMs / 1000);
    },
    retried({ topic }) {
      retried.inc({ stage, topic });
    },
    committed({ topic, partition, owned }) {
      committed.inc({ stage, topic, partition: String(partition) });
      if (!owned) unowned.inc({ stage });
    },
    paused() {
      paused.inc({ stage });
    },
    rebalanced() {
      rebalances.inc({ stage });
    },
  };
}

/** docsort_records_in_flight, read from the runtimes at each scrape. */
export function trackInFlight(registry: Registry, runtimes: readonly InFlightSource[]): void {
  family(registry, 'gauge', {
    name: 'docsort_records_in_flight',
    help: 'Records fetched and not yet finished; partitions pause above the runtime’s maxInFlight.',
    labelNames: ['stage'],
    collect() {
      for (const runtime of runtimes) this.set({ stage: runtime.stageName }, runtime.inFlight);
    },
  });
}
