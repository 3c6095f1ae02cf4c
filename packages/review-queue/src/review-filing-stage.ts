import type { DocumentClassified, TopicCatalog } from '@docsort/contracts';
import { DeletionMarkers, type ObjectStore, objectKeys } from '@docsort/object-store';
import { type Stage, topicBinding } from '@docsort/stream-runtime';
import type { ReviewQueue } from './review-queue.ts';

/**
 * documents.review → the review queue: each document below its confidence threshold becomes an item
 * (ReviewQueue.file: idempotent, never undoes a claim or a verdict). An erased document's replayed record
 * files nothing: its item is removed again right after it was written.
 */
export function createReviewFilingStage(options: {
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly queue: ReviewQueue;
}): Stage<DocumentClassified> {
  const markers = new DeletionMarkers(options.store);
  return {
    name: 'review-filing',
    input: topicBinding(options.catalog.review),
    outputs: {},
    async process({ value }) {
      if (await options.queue.file(value)) {
        await markers.removeIfDeleted(value.documentId, [
          objectKeys.reviewItem(value.tenant, value.documentId),
        ]);
      }
      return [];
    },
  };
}
