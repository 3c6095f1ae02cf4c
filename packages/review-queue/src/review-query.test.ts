import { sampleClassified } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { claimed, reviewedAs, reviewItemFromClassification, type StoredReviewItem } from './review-item.ts';
import { decodeCursor, InvalidCursorError, reviewPage, reviewStats } from './review-query.ts';

const item = (queuedAt: number, overrides: Partial<StoredReviewItem> = {}): StoredReviewItem => ({
  ...reviewItemFromClassification(sampleClassified({ classifiedAt: queuedAt })),
  ...overrides,
});
const now = 100_000;

describe('a review page', () => {
  it('pages oldest first with a cursor that survives items leaving the queue', () => {
    const items = [5, 1, 4, 2, 3].map((t) => item(t * 1000));
    const first = reviewPage(items, 'ann', now, { limit: 2 });
    expect(first.items.map((i) => i.queuedAt)).toEqual([1000, 2000]);
    // The third-oldest is reviewed meanwhile: the next page starts after the cursor, skipping nothing else.
    const changed = items.map((i) =>
      i.queuedAt === 3000 ? reviewedAs(i, { label: 'x', reviewer: 'bob', at: now }) : i,
    );
    const second = reviewPage(changed, 'ann', now, { limit: 2, cursor: first.nextCursor as string });
    expect(second.items.map((i) => i.queuedAt)).toEqual([4000, 5000]);
    expect(second.nextCursor).toBeNull();
  });

  it('orders items queued at the same time by document id, so none is shown twice or never', () => {
    const items = Array.from({ length: 7 }, () => item(1000));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = reviewPage(items, 'ann', now, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.documentId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(items.map((i) => i.documentId).sort());
  });

  it('filters by suggested label, confidence, format and age', () => {
    const items = [
      item(1000, { suggestedLabel: 'invoice', confidence: 0.4, format: 'pdf' }),
      item(2000, { suggestedLabel: 'invoice', confidence: 0.55, format: 'png' }),
      item(90_000, { suggestedLabel: 'invoice', confidence: 0.5, format: 'pdf' }),
      item(3000, { suggestedLabel: 'receipt', confidence: 0.5, format: 'pdf' }),
    ];
    const ids = (filter: object) =>
      reviewPage(items, 'ann', now, { limit: 10, filter }).items.map((i) => i.queuedAt);
    expect(ids({ label: 'invoice' })).toEqual([1000, 2000, 90_000]);
    expect(ids({ minConfidence: 0.45, maxConfidence: 0.5 })).toEqual([3000, 90_000]);
    expect(ids({ format: 'png' })).toEqual([2000]);
    expect(ids({ olderThanSeconds: 60 })).toEqual([1000, 2000, 3000]);
  });

  it("leaves out others' live claims but shows the caller's own", () => {
    const mine = claimed(item(1000), 'ann', now, 60_000) as StoredReviewItem;
    const theirs = claimed(item(2000), 'bob', now, 60_000) as StoredReviewItem;
    expect(reviewPage([mine, theirs], 'ann', now, { limit: 10 }).items).toEqual([
      expect.objectContaining({ documentId: mine.documentId, claimedBy: 'ann' }),
    ]);
  });

  it('refuses a cursor it did not make', () => {
    expect(() => decodeCursor('bm90IGpzb24')).toThrow(InvalidCursorError);
    expect(() => decodeCursor('')).toThrow(InvalidCursorError);
    expect(() => decodeCursor('12.')).toThrow(InvalidCursorError);
    expect(decodeCursor('12.ab-cd')).toEqual({ queuedAt: 12, documentId: 'ab-cd' });
  });
});

describe('review stats', () => {
  it('count pending, claimed, reviewed in the last hour, and the oldest still to review', () => {
    const hour = 3_600_000;
    const base = 10 * hour;
    const stats = reviewStats(
      [
        item(base - 50),
        claimed(item(base - 90), 'ann', base, 1000) as StoredReviewItem,
        claimed(item(base - 70), 'bob', base - 5000, 1000) as StoredReviewItem, // lease expired: pending
        reviewedAs(item(base - 999), { label: 'x', reviewer: 'ann', at: base - 10 }),
        reviewedAs(item(base - 999), { label: 'x', reviewer: 'ann', at: base - hour - 1 }),
      ],
      base,
    );
    expect(stats).toEqual({ pending: 2, claimed: 1, reviewedLastHour: 1, oldestQueuedAt: base - 90 });
    expect(reviewStats([], base).oldestQueuedAt).toBeNull();
  });
});
