import { ObjectStore } from '@docsort/object-store';
import { createTestBucket, sampleClassified, testStackEndpoints } from '@docsort/test-harness';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { reviewMetrics } from './review-metrics.ts';
import { ReviewQueue } from './review-queue.ts';

const endpoints = testStackEndpoints();

/** The value of one series in the exposition, or undefined when it is absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the review metrics', () => {
  it('read the queue depth and oldest age at each scrape, and count verdicts against the suggestion', async () => {
    const bucket = await createTestBucket(endpoints, 'review-metrics');
    const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
    const now = Date.UTC(2026, 11, 5, 9);
    const queue = new ReviewQueue(store, { now: () => now });
    const registry = new Registry();
    const onReviewed = reviewMetrics(registry, queue, { labels: ['invoice', 'receipt'], now: () => now });
    const scrape = () => registry.metrics();

    expect(sample(await scrape(), 'docsort_review_items{state="pending"}')).toBe(0);
    expect(sample(await scrape(), 'docsort_review_oldest_item_age_seconds')).toBe(0);
    expect(sample(await scrape(), 'docsort_review_reviews_total{label="receipt"}')).toBe(0);

    const records = [0, 1, 2].map((i) =>
      sampleClassified({ needsReview: true, label: 'invoice', classifiedAt: now - 90_000 + i * 1000 }),
    );
    for (const record of records) await queue.file(record);
    await queue.claim('all-tenants', 'ann', records[0]?.documentId);
    await queue.claim('all-tenants', 'ann', records[1]?.documentId);
    for (const [record, label] of [
      [records[0], 'receipt'],
      [records[1], 'invoice'],
    ] as const) {
      const outcome = await queue.label(
        'all-tenants',
        'ann',
        record?.documentId as string,
        label,
        async () => {},
      );
      if (outcome.ok) onReviewed(outcome.value, label);
    }

    const exposition = await scrape();
    expect(sample(exposition, 'docsort_review_items{state="pending"}')).toBe(1);
    expect(sample(exposition, 'docsort_review_items{state="claimed"}')).toBe(0);
    expect(sample(exposition, 'docsort_review_oldest_item_age_seconds')).toBe(88);
    expect(sample(exposition, 'docsort_review_reviews_total{label="receipt"}')).toBe(1);
    expect(sample(exposition, 'docsort_review_verdicts_total{suggested_label="invoice",agreed="true"}')).toBe(
      1,
    );
    expect(
      sample(exposition, 'docsort_review_verdicts_total{suggested_label="invoice",agreed="false"}'),
    ).toBe(1);
  });
});
