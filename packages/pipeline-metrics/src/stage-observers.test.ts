import type { DocumentClassified, DocumentExtracted, DocumentFailed } from '@docsort/contracts';
import { describe, expect, it } from 'vitest';
import { classificationObserver } from './classification-metrics.ts';
import { combineObservers } from './combine-observers.ts';
import { deadLetterObserver } from './dead-letter-metrics.ts';
import { extractionObserver } from './extraction-metrics.ts';
import { runtimeObserver } from './runtime-metrics.ts';
import { createServiceMetrics } from './service-metrics.ts';

/** The value of the series `name{labels}` (label order as written does not matter) in the exposition. */
async function sample(metrics: ReturnType<typeof createServiceMetrics>, series: string): Promise<number> {
  const [, name, labelText = ''] = /^(\w+)(?:\{(.*)\})?$/.exec(series) ?? [];
  const wanted = labelText.match(/\w+="[^"]*"/g) ?? [];
  const { body } = await metrics.scrape();
  const found = body
    .split('\n')
    .find((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)));
  if (!found) throw new Error(`no series ${series} in the exposition`);
  return Number(found.slice(found.lastIndexOf(' ') + 1));
}

const classified = (
  label: string,
  confidence: number,
  reviewReason: DocumentClassified['reviewReason'],
): DocumentClassified => ({
  documentId: 'd',
  correlationId: 'c',
  label,
  industry: 'finance',
  confidence,
  topK: [],
  model: { name: 'm', version: '1' },
  needsReview: reviewReason !== null,
  filename: 'scan_0001.pdf',
  tenant: null,
  submittedAt: 1_000,
  extractedAt: 1_100,
  classifiedAt: 1_250,
  language: 'en',
  format: 'pdf',
  pageCount: 1,
  reviewReason,
});

describe('the runtime and stage observers', () => {
  it('count records, failures and outputs per stage and topic, with the service on every series', async () => {
    const metrics = createServiceMetrics('extract');
    const observer = combineObservers(
      runtimeObserver(metrics.registry, {
        stage: 'extract',
        inputTopic: 'documents.incoming',
        deadLetterTopic: 'documents.dlq',
      }),
      extractionObserver(metrics.registry, { output: 'extracted' }),
    );
    const extracted = { detectedFormat: 'pdf', pageCount: 3, extractionMs: 40 } as DocumentExtracted;
    observer.processed?.({
      topic: 'documents.incoming',
      partition: 0,
      durationMs: 50,
      input: { size: 2048 },
      outputs: [{ to: 'extracted', topic: 'documents.extracted', value: extracted }],
    });
    observer.deadLettered?.({
      topic: 'documents.incoming',
      partition: 1,
      reason: 'ENCRYPTED',
      durationMs: 5,
    });

    const labels = 'service="extract",stage="extract",topic="documents.incoming"';
    expect(await sample(metrics, `docsort_records_consumed_total{${labels}}`)).toBe(2);
    expect(
      await sample(
        metrics,
        'docsort_records_failed_total{service="extract",stage="extract",topic="documents.incoming",reason="ENCRYPTED"}',
      ),
    ).toBe(1);
    expect(
      await sample(
        metrics,
        'docsort_records_produced_total{service="extract",stage="extract",topic="documents.dlq"}',
      ),
    ).toBe(1);
    expect(await sample(metrics, 'docsort_extracted_pages_total{service="extract",format="pdf"}')).toBe(3);
    expect(await sample(metrics, 'docsort_extracted_bytes_total{service="extract",format="pdf"}')).toBe(2048);
    expect(
      await sample(metrics, 'docsort_processing_duration_seconds_count{service="extract",stage="extract"}'),
    ).toBe(2);
    expect(await sample(metrics, 'process_resident_memory_bytes{service="extract"}')).toBeGreaterThan(0);
  });

  it('turns classifications into label, review, latency, model and drift series', async () => {
    const metrics = createServiceMetrics('classify');
    const observer = classificationObserver(metrics.registry, {
      output: 'classified',
      servedModel: () => ({
        name: 'docsort-text-cnn',
        version: '2026.11.22',
        backend: 'wasm',
        trainingDistribution: { invoice: 0.5, receipt: 0.5 },
        referenceConfidence: 0.9,
      }),
    });
    for (const result of [classified('invoice', 0.95, null), classified('passport', 0.4, 'low_confidence')]) {
      observer.processed?.({
        topic: 'documents.extracted',
        partition: 0,
        durationMs: 3,
        input: {},
        outputs: [
          { to: 'classified', topic: 'documents.classified', value: result },
          // The review copy is the same classification: not counted twice.
          ...(result.needsReview ? [{ to: 'review', topic: 'documents.review', value: result }] : []),
        ],
      });
    }
    expect(
      await sample(
        metrics,
        'docsort_classifications_total{service="classify",label="invoice",industry="finance"}',
      ),
    ).toBe(1);
    expect(
      await sample(metrics, 'docsort_needs_review_total{service="classify",reason="low_confidence"}'),
    ).toBe(1);
    // Both reasons exist from the start (rate() cannot see a series' first sample).
    expect(await sample(metrics, 'docsort_needs_review_total{service="classify",reason="unfamiliar"}')).toBe(
      0,
    );
    expect(await sample(metrics, 'docsort_end_to_end_latency_seconds_sum{service="classify"}')).toBeCloseTo(
      0.5,
    );
    expect(
      await sample(
        metrics,
        'docsort_model_info{service="classify",model="docsort-text-cnn",version="2026.11.22",backend="wasm"}',
      ),
    ).toBe(1);
    // Half the traffic is a label training never saw, the other half matches one of its two labels.
    const model = 'model="docsort-text-cnn",version="2026.11.22"';
    expect(await sample(metrics, `docsort_drift_label_distance{${model}}`)).toBeCloseTo(0.5);
    expect(await sample(metrics, `docsort_drift_recent_confidence{${model}}`)).toBeCloseTo(0.675);
    expect(await sample(metrics, `docsort_drift_reference_confidence{${model}}`)).toBe(0.9);
  });

  it('counts what arrives on the DLQ by failing stage and reason', async () => {
    const metrics = createServiceMetrics('sink');
    const observer = deadLetterObserver(metrics.registry);
    const letter = { stage: 'extract', reason: 'CORRUPT' } as DocumentFailed;
    observer.processed?.({ topic: 'documents.dlq', partition: 0, durationMs: 1, input: letter, outputs: [] });
    expect(
      await sample(
        metrics,
        'docsort_dlq_records_total{service="sink",failed_stage="extract",reason="CORRUPT"}',
      ),
    ).toBe(1);
  });
});
