import type { DocumentClassified } from '@docsort/contracts';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import { createTestBucket, sampleClassified, testStackEndpoints } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import type { ReviewConfig } from './review-config.ts';
import type { StoredReviewItem } from './review-item.ts';
import { ReviewQueue } from './review-queue.ts';

const endpoints = testStackEndpoints();
const config: ReviewConfig = { leaseSeconds: 300, skipSeconds: 600 };

/** Queues over one test bucket on the real MinIO, sharing a clock the test moves. */
async function reviewBucket() {
  const bucket = await createTestBucket(endpoints, 'review');
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const clock = { now: Date.UTC(2026, 11, 5, 9) };
  const newQueue = () => new ReviewQueue(store, { config, now: () => clock.now });
  /** Documents needing review, queued a second apart, oldest first. */
  const fileDocuments = async (
    queue: ReviewQueue,
    n: number,
    overrides: Partial<DocumentClassified> = {},
  ) => {
    const records = Array.from({ length: n }, (_, i) =>
      sampleClassified({
        needsReview: true,
        tenant: null,
        classifiedAt: clock.now - (n - i) * 1000,
        ...overrides,
      }),
    );
    for (const record of records) expect(await queue.file(record)).toBe(true);
    return records;
  };
  return { bucket, store, clock, newQueue, fileDocuments };
}

describe('the review queue', () => {
  it('never gives one document to two reviewers, however many claim at once', async () => {
    const { newQueue, fileDocuments } = await reviewBucket();
    // Two API instances over the same bucket, as in a deployment with replicas.
    const queues = [newQueue(), newQueue()];
    const records = await fileDocuments(queues[0] as ReviewQueue, 5);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (queues[i % 2] as ReviewQueue).claim('all-tenants', `reviewer-${i}`),
      ),
    );
    const won = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value.item.documentId] : []));
    expect(won.sort()).toEqual(records.map((r) => r.documentId).sort());
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason)).toEqual(
      Array(19).fill('queue_empty'),
    );

    // The same document claimed by name, all at once: one wins, the others are told someone holds it.
    const [contested] = await fileDocuments(queues[0] as ReviewQueue, 1);
    const named = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (queues[i % 2] as ReviewQueue).claim('all-tenants', `named-${i}`, contested?.documentId),
      ),
    );
    expect(named.filter((o) => o.ok)).toHaveLength(1);
    expect(named.filter((o) => !o.ok && o.reason === 'claimed_by_other')).toHaveLength(11);
  });

  it('gives an item back to the queue when its lease expires, and lets the holder renew it', async () => {
    const { clock, newQueue, fileDocuments } = await reviewBucket();
    const queue = newQueue();
    const [record] = await fileDocuments(queue, 1);
    const claim = await queue.claim('all-tenants', 'ann');
    expect(claim.ok && claim.value).toMatchObject({
      item: { documentId: record?.documentId, claimedBy: 'ann' },
      leaseExpiresAt: clock.now + 300_000,
    });
    expect((await queue.list('all-tenants', 'bob', { limit: 10 })).items).toEqual([]);
    expect(await queue.claim('all-tenants', 'bob')).toEqual({ ok: false, reason: 'queue_empty' });

    clock.now += 200_000;
    const renewed = await queue.claim('all-tenants', 'ann', record?.documentId);
    expect(renewed.ok && renewed.value.leaseExpiresAt).toBe(clock.now + 300_000);
    clock.now += 299_999;
    expect(await queue.claim('all-tenants', 'bob')).toEqual({ ok: false, reason: 'queue_empty' });
    clock.now += 1;
    expect((await queue.list('all-tenants', 'bob', { limit: 10 })).items).toEqual([
      expect.objectContaining({ documentId: record?.documentId, claimedBy: null, leaseExpiresAt: null }),
    ]);
    const taken = await queue.claim('all-tenants', 'bob');
    expect(taken.ok && taken.value.item.claimedBy).toBe('bob');
    // Ann's lease ran out and Bob took it: her label is refused.
    expect(
      await queue.label('all-tenants', 'ann', record?.documentId as string, 'invoice', async () => {}),
    ).toEqual({
      ok: false,
      reason: 'not_claimed',
    });
  });

  it('skip: the item goes to others at once and back to the skipper after the skip time', async () => {
    const { clock, newQueue, fileDocuments } = await reviewBucket();
    const queue = newQueue();
    const [first, second] = await fileDocuments(queue, 2);
    const claim = await queue.claim('all-tenants', 'ann');
    expect(claim.ok && claim.value.item.documentId).toBe(first?.documentId);
    expect(await queue.skip('all-tenants', 'bob', first?.documentId as string)).toEqual({
      ok: false,
      reason: 'not_claimed',
    });
    expect((await queue.skip('all-tenants', 'ann', first?.documentId as string)).ok).toBe(true);

    const next = await queue.claim('all-tenants', 'ann');
    expect(next.ok && next.value.item.documentId).toBe(second?.documentId);
    const bobs = await queue.claim('all-tenants', 'bob');
    expect(bobs.ok && bobs.value.item.documentId).toBe(first?.documentId);
    expect((await queue.skip('all-tenants', 'bob', first?.documentId as string)).ok).toBe(true);
    expect((await queue.list('all-tenants', 'ann', { limit: 10 })).items.map((i) => i.documentId)).toEqual([
      second?.documentId,
    ]);
    clock.now += 600_000;
    expect((await queue.list('all-tenants', 'ann', { limit: 10 })).items.map((i) => i.documentId)).toEqual([
      first?.documentId,
      second?.documentId,
    ]);
  });

  it('labels only for the holder, records the verdict and takes the item out of the queue', async () => {
    const { clock, newQueue, fileDocuments } = await reviewBucket();
    const queue = newQueue();
    const [record] = await fileDocuments(queue, 1);
    const id = record?.documentId as string;
    const delivered: StoredReviewItem[] = [];
    const deliver = async (item: StoredReviewItem) => {
      delivered.push(item);
    };
    expect(await queue.label('all-tenants', 'ann', id, 'receipt', deliver)).toEqual({
      ok: false,
      reason: 'not_claimed',
    });
    await queue.claim('all-tenants', 'ann', id);
    // A correction that could not be sent leaves the item claimed, to be labelled again.
    await expect(
      queue.label('all-tenants', 'ann', id, 'receipt', () => Promise.reject(new Error('Kafka is down'))),
    ).rejects.toThrow('Kafka is down');
    expect((await queue.find('all-tenants', id))?.reviewed).toBeNull();

    const labelled = await queue.label('all-tenants', 'ann', id, 'receipt', deliver);
    expect(labelled.ok && labelled.value.reviewed).toEqual({
      label: 'receipt',
      reviewer: 'ann',
      at: clock.now,
    });
    expect(delivered.map((item) => item.suggestedLabel)).toEqual(['invoice']);
    expect((await queue.list('all-tenants', 'bob', { limit: 10 })).items).toEqual([]);
    expect(await queue.claim('all-tenants', 'bob', id)).toEqual({ ok: false, reason: 'already_reviewed' });
    expect(await queue.stats('all-tenants')).toEqual({
      pending: 0,
      claimed: 0,
      reviewedLastHour: 1,
      oldestQueuedAt: null,
    });
  });

  it('files idempotently and never undoes a claim or a verdict; a redelivery finds the item as it was', async () => {
    const { store, bucket, newQueue, fileDocuments } = await reviewBucket();
    const queue = newQueue();
    const [claimedRecord, reviewedRecord, freeRecord] = await fileDocuments(queue, 3);
    await queue.claim('all-tenants', 'ann', claimedRecord?.documentId);
    await queue.claim('all-tenants', 'ann', reviewedRecord?.documentId);
    await queue.label('all-tenants', 'ann', reviewedRecord?.documentId as string, 'receipt', async () => {});
    const key = (r?: DocumentClassified) => objectKeys.reviewItem(null, r?.documentId as string);
    const before = await Promise.all(
      [claimedRecord, reviewedRecord, freeRecord].map((r) => store.read(bucket, key(r), 1 << 16)),
    );

    for (const record of [claimedRecord, reviewedRecord, freeRecord]) {
      expect(await queue.file(record as DocumentClassified)).toBe(false);
      expect(
        await queue.file({
          ...(record as DocumentClassified),
          label: 'payslip',
          classifiedAt: (record?.classifiedAt ?? 0) + 1,
        }),
      ).toBe(record === freeRecord);
    }
    const after = await Promise.all(
      [claimedRecord, reviewedRecord].map((r) => store.read(bucket, key(r), 1 << 16)),
    );
    expect(after).toEqual(before.slice(0, 2));
    expect(await queue.find('all-tenants', freeRecord?.documentId as string)).toMatchObject({
      suggestedLabel: 'payslip',
      queuedAt: freeRecord?.classifiedAt,
    });
  });

  it("keeps tenants apart: a tenant's reviewer never sees, claims or labels another tenant's document", async () => {
    const { newQueue, fileDocuments } = await reviewBucket();
    const queue = newQueue();
    const [acme] = await fileDocuments(queue, 1, { tenant: 'acme' });
    const [globex] = await fileDocuments(queue, 1, { tenant: 'globex' });
    const acmeScope = { tenant: 'acme' };
    expect((await queue.list(acmeScope, 'key:acme/1', { limit: 10 })).items.map((i) => i.documentId)).toEqual(
      [acme?.documentId],
    );
    expect(await queue.claim(acmeScope, 'key:acme/1', globex?.documentId)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    expect(await queue.skip(acmeScope, 'key:acme/1', globex?.documentId as string)).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const claim = await queue.claim(acmeScope, 'key:acme/1');
    expect(claim.ok && claim.value.item.documentId).toBe(acme?.documentId);
    expect(await queue.claim(acmeScope, 'key:acme/2')).toEqual({ ok: false, reason: 'queue_empty' });
    expect(await queue.stats({ tenant: 'globex' })).toMatchObject({ pending: 1, claimed: 0 });
    expect(await queue.stats('all-tenants')).toMatchObject({ pending: 1, claimed: 1 });
  });

  it('survives a restart: a new queue over the same bucket sees the same items, claims and verdicts', async () => {
    const { newQueue, fileDocuments } = await reviewBucket();
    const before = newQueue();
    const [held, done, waiting] = await fileDocuments(before, 3);
    await before.claim('all-tenants', 'ann', held?.documentId);
    await before.claim('all-tenants', 'ann', done?.documentId);
    await before.label('all-tenants', 'ann', done?.documentId as string, 'receipt', async () => {});

    const after = newQueue();
    expect(await after.stats('all-tenants')).toEqual({
      pending: 1,
      claimed: 1,
      reviewedLastHour: 1,
      oldestQueuedAt: held?.classifiedAt,
    });
    expect((await after.list('all-tenants', 'bob', { limit: 10 })).items.map((i) => i.documentId)).toEqual([
      waiting?.documentId,
    ]);
    expect(await after.claim('all-tenants', 'bob', held?.documentId)).toEqual({
      ok: false,
      reason: 'claimed_by_other',
    });
    expect(
      (await after.label('all-tenants', 'ann', held?.documentId as string, 'invoice', async () => {})).ok,
    ).toBe(true);
  });
});
