import { sampleClassified } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import {
  claimed,
  heldBy,
  isOfferedTo,
  refiled,
  reviewedAs,
  reviewItemFromClassification,
  type StoredReviewItem,
  skipped,
  toReviewItem,
} from './review-item.ts';

const lease = 300_000;
const item = (overrides: Partial<StoredReviewItem> = {}): StoredReviewItem => ({
  ...reviewItemFromClassification(sampleClassified({ classifiedAt: 1_000, needsReview: true })),
  ...overrides,
});

describe('a review lease', () => {
  it('holds until it expires, then returns the item to everyone', () => {
    const held = claimed(item(), 'ann', 10_000, lease) as StoredReviewItem;
    expect(held.claim).toEqual({ by: 'ann', expiresAt: 10_000 + lease });
    expect(claimed(held, 'bob', 10_000 + lease - 1, lease)).toBe('claimed_by_other');
    expect(isOfferedTo(held, 'bob', 10_000 + lease - 1)).toBe(false);
    expect(isOfferedTo(held, 'bob', 10_000 + lease)).toBe(true);
    expect(toReviewItem(held, 10_000 + lease)).toMatchObject({ claimedBy: null, leaseExpiresAt: null });
    expect((claimed(held, 'bob', 10_000 + lease, lease) as StoredReviewItem).claim?.by).toBe('bob');
  });

  it('is renewed by its holder claiming again', () => {
    const held = claimed(item(), 'ann', 10_000, lease) as StoredReviewItem;
    expect((claimed(held, 'ann', 20_000, lease) as StoredReviewItem).claim?.expiresAt).toBe(20_000 + lease);
  });

  it('lets its holder label after expiry only while nobody else took the item', () => {
    const held = claimed(item(), 'ann', 10_000, lease) as StoredReviewItem;
    expect(heldBy(held, 'ann')).toBeUndefined();
    const taken = claimed(held, 'bob', 10_000 + lease, lease) as StoredReviewItem;
    expect(heldBy(taken, 'ann')).toBe('not_claimed');
  });
});

describe('the reason a document is in review', () => {
  it('is shown as the classification gave it, and as null for an item stored before it was recorded', () => {
    const unfamiliar = reviewItemFromClassification(
      sampleClassified({ needsReview: true, reviewReason: 'unfamiliar' }),
    );
    expect(toReviewItem(unfamiliar, 0).reviewReason).toBe('unfamiliar');
    const { reviewReason: _, ...stored } = unfamiliar;
    expect(toReviewItem(stored, 0).reviewReason).toBeNull();
  });
});

describe('skipping', () => {
  it('hides the item from the skipper until the skip time is over, not from others', () => {
    const held = claimed(item(), 'ann', 10_000, lease) as StoredReviewItem;
    const released = skipped(held, 'ann', 11_000, 600_000) as StoredReviewItem;
    expect(released.claim).toBeNull();
    expect(isOfferedTo(released, 'ann', 11_000 + 599_999)).toBe(false);
    expect(isOfferedTo(released, 'ann', 11_000 + 600_000)).toBe(true);
    expect(isOfferedTo(released, 'bob', 11_000)).toBe(true);
  });

  it('is refused to a reviewer who does not hold the item', () => {
    expect(skipped(item(), 'ann', 0, 1)).toBe('not_claimed');
  });
});

describe('filing again', () => {
  it('takes a newer classification, keeping the first place in the queue', () => {
    const record = sampleClassified({ classifiedAt: 5_000, label: 'receipt', needsReview: true });
    const current = item({ documentId: record.documentId });
    expect(refiled(current, record, 6_000)).toMatchObject({ suggestedLabel: 'receipt', queuedAt: 1_000 });
  });

  it('never changes an item someone holds or has reviewed', () => {
    const record = sampleClassified({ classifiedAt: 5_000 });
    const held = claimed(item(), 'ann', 2_000, lease) as StoredReviewItem;
    expect(refiled(held, record, 3_000)).toBeUndefined();
    const done = reviewedAs(held, { label: 'invoice', reviewer: 'ann', at: 3_000 });
    expect(refiled(done, record, 10 * lease)).toBeUndefined();
    expect(isOfferedTo(done, 'ann', 3_000)).toBe(false);
  });
});
