import type { DocumentFailed } from '@docsort/contracts';
import type { RuntimeObserver } from '@docsort/stream-runtime';
import type { Registry } from 'prom-client';
import { family } from './metric-family.ts';

/** The DLQ as its consumer (the sink) reads it: every dead-lettered record by failing stage and reason. */
export function deadLetterObserver(registry: Registry): RuntimeObserver {
  const letters = family(registry, 'counter', {
    name: 'docsort_dlq_records_total',
    help: 'Records on the DLQ topic, by the stage that failed them and the reason.',
    labelNames: ['failed_stage', 'reason'],
  });
  return {
    processed({ input }) {
      const failed = input as DocumentFailed;
      letters.inc({ failed_stage: failed.stage, reason: failed.reason });
    },
  };
}
