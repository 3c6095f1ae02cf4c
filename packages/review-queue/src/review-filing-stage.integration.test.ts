import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentClassified, messageSchema } from '@docsort/contracts';
import { waitUntil } from '@docsort/local-stack';
import { DeletionMarkers, ObjectStore, objectKeys } from '@docsort/object-store';
import { StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import {
  createTestBucket,
  createTestCatalog,
  sampleClassified,
  sampleDeleted,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createReviewFilingStage } from './review-filing-stage.ts';
import { ReviewQueue } from './review-queue.ts';

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

/** The filing stage reading a real documents.review topic into a queue in a test bucket. */
async function filingPipeline() {
  const catalog = createTestCatalog(endpoints, 2);
  const bucket = await createTestBucket(endpoints, 'review-filing');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const queue = new ReviewQueue(store);
  let processed = 0;
  const runtime = new StreamRuntime({
    kafka: testKafka(endpoints),
    serde,
    stage: createReviewFilingStage({ catalog, store, queue }),
    deadLetter: topicBinding(catalog.dlq),
    options: { groupId: uniqueName('review-filing'), retry: { initialMs: 50, maxMs: 200 } },
    observer: {
      processed: () => {
        processed += 1;
      },
    },
  });
  await runtime.start();
  onTestFinished(() => runtime.stop());
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  const serializer = await serde.serializer<DocumentClassified>(
    catalog.review.subject,
    messageSchema('DocumentClassified'),
  );
  const produce = (records: DocumentClassified[]) =>
    producer.send({
      topic: catalog.review.name,
      acks: -1,
      messages: records.map((r) => ({ key: r.documentId, value: serializer.serialize(r) })),
    });
  const processedAtLeast = (n: number) =>
    waitUntil(() => processed >= n, { timeoutMs: 30_000, intervalMs: 50, description: `${n} records filed` });
  return { store, bucket, queue, produce, processedAtLeast };
}

describe('the review filing stage', () => {
  it('files every document of documents.review, once, with what a reviewer needs to see', async () => {
    const p = await filingPipeline();
    const records = Array.from({ length: 6 }, (_, i) =>
      sampleClassified({
        needsReview: true,
        reviewReason: i === 1 ? 'unfamiliar' : 'low_confidence',
        tenant: i % 2 ? 'acme' : null,
        confidence: 0.3 + i / 100,
        classifiedAt: 1_700_000_000_000 + i,
      }),
    );
    await p.produce(records);
    await p.processedAtLeast(records.length);
    const page = await p.queue.list('all-tenants', 'ann', { limit: 50 });
    expect(page.items.map((i) => i.documentId)).toEqual(records.map((r) => r.documentId));
    expect(page.items[1]).toEqual({
      documentId: records[1]?.documentId,
      filename: 'scan_0003.pdf',
      suggestedLabel: 'invoice',
      confidence: 0.31,
      topK: records[1]?.topK,
      format: 'pdf',
      language: 'en',
      pageCount: 2,
      reviewReason: 'unfamiliar',
      queuedAt: records[1]?.classifiedAt,
      claimedBy: null,
      leaseExpiresAt: null,
    });
    expect(await p.store.listKeys(p.bucket, 'review/acme/')).toHaveLength(3);

    // Redelivered after a reviewer took one: the claim stands, nothing is filed twice.
    await p.queue.claim('all-tenants', 'ann', records[0]?.documentId);
    await p.produce(records);
    await p.processedAtLeast(2 * records.length);
    expect(await p.queue.stats('all-tenants')).toMatchObject({ pending: 5, claimed: 1 });
    expect(await p.store.listKeys(p.bucket, 'review/')).toHaveLength(records.length);
  });

  it("files nothing for an erased document's replayed record", async () => {
    const p = await filingPipeline();
    const erased = sampleClassified({ needsReview: true, tenant: null });
    await new DeletionMarkers(p.store).write(sampleDeleted({ documentId: erased.documentId }));
    const kept = sampleClassified({ needsReview: true, tenant: null });
    await p.produce([erased, kept]);
    await p.processedAtLeast(2);
    expect(await p.store.exists(p.bucket, objectKeys.reviewItem(null, erased.documentId))).toBe(false);
    expect((await p.queue.list('all-tenants', 'ann', { limit: 50 })).items.map((i) => i.documentId)).toEqual([
      kept.documentId,
    ]);
  });
});
