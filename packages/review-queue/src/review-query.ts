import {
  activeClaim,
  isOfferedTo,
  type ReviewItem,
  type StoredReviewItem,
  toReviewItem,
} from './review-item.ts';

/** What a reviewer narrows the queue to; every condition given must hold. */
export interface ReviewFilter {
  /** The suggested label. */
  readonly label?: string;
  readonly minConfidence?: number;
  readonly maxConfidence?: number;
  readonly format?: string;
  /** Queued at least this long ago. */
  readonly olderThanSeconds?: number;
}

export interface ReviewPageRequest {
  readonly filter?: ReviewFilter;
  /** From the previous page's `nextCursor`. */
  readonly cursor?: string;
  readonly limit: number;
}

export interface ReviewPage {
  readonly items: ReviewItem[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export interface ReviewStats {
  /** To be reviewed, held by nobody. */
  readonly pending: number;
  /** Held by a reviewer whose lease has not expired. */
  readonly claimed: number;
  readonly reviewedLastHour: number;
  /** When the oldest item still to be reviewed was queued (ms); null when there is none. */
  readonly oldestQueuedAt: number | null;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** A place in the queue's order: the last item of a page. */
interface QueuePosition {
  readonly queuedAt: number;
  readonly documentId: string;
}

/** Oldest first; the document id breaks ties, so the order is total and a cursor is a place in it. */
export function queueOrder(a: QueuePosition, b: QueuePosition): number {
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : 0;
}

/**
 * A position, not an offset: items claimed or reviewed while a reviewer pages do not shift the next page.
 * `<queuedAt>.<documentId>`: the route's schema checks it against `cursorPattern`, so a request that fits the
 * API's description is never refused for its cursor.
 */
export function encodeCursor(position: QueuePosition): string {
  return `${position.queuedAt}.${position.documentId}`;
}

export const cursorPattern = '^[0-9]{1,16}\\.[0-9A-Fa-f-]{1,64}$';

export function decodeCursor(cursor: string): QueuePosition {
  if (!new RegExp(cursorPattern).test(cursor)) {
    throw new InvalidCursorError('cursor: not one that a previous page returned');
  }
  const dot = cursor.indexOf('.');
  return { queuedAt: Number(cursor.slice(0, dot)), documentId: cursor.slice(dot + 1) };
}

export function matchesFilter(item: StoredReviewItem, filter: ReviewFilter, now: number): boolean {
  if (filter.label !== undefined && item.suggestedLabel !== filter.label) return false;
  if (filter.minConfidence !== undefined && item.confidence < filter.minConfidence) return false;
  if (filter.maxConfidence !== undefined && item.confidence > filter.maxConfidence) return false;
  if (filter.format !== undefined && item.format !== filter.format) return false;
  if (filter.olderThanSeconds !== undefined && item.queuedAt > now - filter.olderThanSeconds * 1000)
    return false;
  return true;
}

/** The items `reviewer` may take, in queue order. */
export function offeredItems(
  items: readonly StoredReviewItem[],
  reviewer: string,
  now: number,
  filter: ReviewFilter = {},
): StoredReviewItem[] {
  return items
    .filter((item) => isOfferedTo(item, reviewer, now) && matchesFilter(item, filter, now))
    .sort(queueOrder);
}

/** One page of what `reviewer` may take, after the cursor's position. */
export function reviewPage(
  items: readonly StoredReviewItem[],
  reviewer: string,
  now: number,
  request: ReviewPageRequest,
): ReviewPage {
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const offered = offeredItems(items, reviewer, now, request.filter).filter(
    (item) => !after || queueOrder(item, after) > 0,
  );
  const page = offered.slice(0, request.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((item) => toReviewItem(item, now)),
    nextCursor: last && offered.length > page.length ? encodeCursor(last) : null,
  };
}

export function reviewStats(items: readonly StoredReviewItem[], now: number): ReviewStats {
  let pending = 0;
  let claimed = 0;
  let reviewedLastHour = 0;
  let oldestQueuedAt: number | null = null;
  for (const item of items) {
    if (item.reviewed) {
      if (item.reviewed.at > now - 3_600_000) reviewedLastHour += 1;
      continue;
    }
    if (activeClaim(item, now)) claimed += 1;
    else pending += 1;
    oldestQueuedAt = oldestQueuedAt === null ? item.queuedAt : Math.min(oldestQueuedAt, item.queuedAt);
  }
  return { pending, claimed, reviewedLastHour, oldestQueuedAt };
}
