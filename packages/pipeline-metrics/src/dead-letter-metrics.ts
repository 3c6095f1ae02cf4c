import { type DocumentFailed, failureReasonSymbols } from '@docsort/contracts';
import type { RuntimeObserver } from '@docsort/stream-runtime';
import type { Registry } from 'prom-client';
import { family } from './metric-family.ts';

/** The DLQ as its consumer (the sink) reads it: every dead-lettered record by failing stage and reason. */
export function deadLetterObserver(
  registry: Registry,
  /** The stages that dead-letter; their series start at 0 for every reason, so rate() sees the first one. */
  stages: readonly string[] = ['ingest', 'extract', 'classify'],
): RuntimeObserver {
  const letters = family(registry, 'counter', {
    name: 'docsort_dlq_records_total',
    help: 'Records on the DLQ topic, by the stage that failed them and the reason.',
    labelNames: ['failed_stage', 'reason'],
  });
  for (const stage of stages) {
    for (const reason of failureReasonSymbols) letters.inc({ failed_stage: stage, reason }, 0);
  }
  return {
    processed({ input }) {
      const failed = input as DocumentFailed;
      letters.inc({ failed_stage: failed.stage, reason: failed.reason });
    },
  };
}
