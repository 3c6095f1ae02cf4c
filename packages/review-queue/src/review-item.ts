import type { DocumentClassified } from '@docsort/contracts';

/** A reviewer's hold on an item: nobody else is offered it until `expiresAt` (ms). */
export interface ReviewClaim {
  readonly by: string;
  readonly expiresAt: number;
}

/** The label a reviewer gave, by whom and when (ms). */
export interface ReviewVerdict {
  readonly label: string;
  readonly reviewer: string;
  readonly at: number;
}

/** One document's place in the review queue, as stored (review/<tenant or _>/<documentId>.json). */
export interface StoredReviewItem {
  readonly documentId: string;
  readonly tenant: string | null;
  readonly filename: string;
  readonly suggestedLabel: string;
  readonly confidence: number;
  readonly topK: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  readonly format: string | null;
  readonly language: string | null;
  readonly pageCount: number | null;
  /** Why it is here (DocumentClassified.reviewReason); absent in items stored before it was recorded. */
  readonly reviewReason?: string | null;
  readonly model: { readonly name: string; readonly version: string };
  /** When the suggestion was made: a later classification of the document replaces an earlier one. */
  readonly classifiedAt: number;
  /** When the document first needed review: the queue's order. */
  readonly queuedAt: number;
  readonly claim: ReviewClaim | null;
  /** Reviewers who skipped it, each with the time (ms) until which it is not offered to them again. */
  readonly skippedBy: Readonly<Record<string, number>>;
  readonly reviewed: ReviewVerdict | null;
}

/** An item as the API shows it (see the review API contract). */
export interface ReviewItem {
  readonly documentId: string;
  readonly filename: string;
  readonly suggestedLabel: string;
  readonly confidence: number;
  readonly topK: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  readonly format: string | null;
  readonly language: string | null;
  readonly pageCount: number | null;
  readonly reviewReason: string | null;
  readonly queuedAt: number;
  readonly claimedBy: string | null;
  readonly leaseExpiresAt: number | null;
}

/** Why an item cannot be had: someone else holds it, it is done, or the caller does not hold it. */
export type ReviewRefusal = 'claimed_by_other' | 'already_reviewed' | 'not_claimed';

export function reviewItemFromClassification(record: DocumentClassified): StoredReviewItem {
  return {
    documentId: record.documentId,
    tenant: record.tenant,
    filename: record.filename,
    suggestedLabel: record.label,
    confidence: record.confidence,
    topK: record.topK.map(({ label, score }) => ({ label, score })),
    format: record.format,
    language: record.language,
    pageCount: record.pageCount,
    reviewReason: record.reviewReason,
    model: { name: record.model.name, version: record.model.version },
    classifiedAt: record.classifiedAt,
    queuedAt: record.classifiedAt,
    claim: null,
    skippedBy: {},
    reviewed: null,
  };
}

/**
 * The item after `record` arrived again (a redelivery, or the document classified anew): the newer
 * classification's suggestion, in its first place in the queue. Undefined when the item must stay as it is:
 * reviewed (a verdict is never undone) or held by a reviewer, who must not see it change under them.
 */
export function refiled(
  current: StoredReviewItem,
  record: DocumentClassified,
  now: number,
): StoredReviewItem | undefined {
  if (current.reviewed || activeClaim(current, now)) return undefined;
  const fresh = reviewItemFromClassification(record);
  const newer = record.classifiedAt >= current.classifiedAt ? fresh : current;
  return {
    ...newer,
    queuedAt: Math.min(current.queuedAt, fresh.queuedAt),
    claim: current.claim,
    skippedBy: current.skippedBy,
    reviewed: null,
  };
}

/** The claim that still holds at `now`; an expired lease is no claim. */
export function activeClaim(item: StoredReviewItem, now: number): ReviewClaim | null {
  return item.claim && item.claim.expiresAt > now ? item.claim : null;
}

/** Whether `reviewer` may be offered the item: not reviewed, not held by another, not skipped by them lately. */
export function isOfferedTo(item: StoredReviewItem, reviewer: string, now: number): boolean {
  if (item.reviewed) return false;
  const claim = activeClaim(item, now);
  if (claim && claim.by !== reviewer) return false;
  return (item.skippedBy[reviewer] ?? 0) <= now;
}

/** Whether the item is still to be reviewed and nobody holds it. */
export function isPending(item: StoredReviewItem, now: number): boolean {
  return !item.reviewed && !activeClaim(item, now);
}

export function toReviewItem(item: StoredReviewItem, now: number): ReviewItem {
  const claim = activeClaim(item, now);
  return {
    documentId: item.documentId,
    filename: item.filename,
    suggestedLabel: item.suggestedLabel,
    confidence: item.confidence,
    topK: item.topK,
    format: item.format,
    language: item.language,
    pageCount: item.pageCount,
    reviewReason: item.reviewReason ?? null,
    queuedAt: item.queuedAt,
    claimedBy: claim?.by ?? null,
    leaseExpiresAt: claim?.expiresAt ?? null,
  };
}

/** `reviewer`'s claim for `leaseMs` from `now`; re-claiming one's own claim renews it. */
export function claimed(
  item: StoredReviewItem,
  reviewer: string,
  now: number,
  leaseMs: number,
): StoredReviewItem | ReviewRefusal {
  if (item.reviewed) return 'already_reviewed';
  const claim = activeClaim(item, now);
  if (claim && claim.by !== reviewer) return 'claimed_by_other';
  return { ...item, claim: { by: reviewer, expiresAt: now + leaseMs } };
}

/**
 * Whether `reviewer` holds the item. A lease that ran out still counts while nobody else claimed it: a
 * reviewer who took longer than the lease loses their work only if someone else took the item meanwhile.
 */
export function heldBy(item: StoredReviewItem, reviewer: string): ReviewRefusal | undefined {
  if (item.reviewed) return 'already_reviewed';
  if (item.claim?.by !== reviewer) return 'not_claimed';
  return undefined;
}

/** The item released by its holder, not offered to them again before `now + skipMs`. */
export function skipped(
  item: StoredReviewItem,
  reviewer: string,
  now: number,
  skipMs: number,
): StoredReviewItem | ReviewRefusal {
  const refusal = heldBy(item, reviewer);
  if (refusal) return refusal;
  // Skips that ran out are dropped, so the list does not grow with every reviewer who ever skipped.
  const stillSkipped = Object.entries(item.skippedBy).filter(([, until]) => until > now);
  return {
    ...item,
    claim: null,
    skippedBy: Object.fromEntries([...stillSkipped, [reviewer, now + skipMs]]),
  };
}

/** The item with its verdict: it leaves the queue for good. */
export function reviewedAs(item: StoredReviewItem, verdict: ReviewVerdict): StoredReviewItem {
  return { ...item, claim: null, reviewed: verdict };
}
