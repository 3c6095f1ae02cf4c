import { Counter, Gauge, type Registry } from 'prom-client';
import type { StoredReviewItem } from './review-item.ts';
import type { ReviewQueue } from './review-queue.ts';

/**
 * The review series, in the registry of the service that serves the review API: the queue's depth and the
 * age of its oldest item (read from the queue at each scrape, every tenant's), reviews by label, and each
 * verdict against the model's suggestion — the live model's precision per label as the reviewers measure it:
 * `agreed="true"` / all, by `suggested_label`. Returns what the API calls with each verdict.
 */
export function reviewMetrics(
  registry: Registry,
  queue: ReviewQueue,
  options: {
    /** Every label reviewers may give: their series start at 0, so that rate() sees the first review. */
    readonly labels?: readonly string[];
    readonly now?: () => number;
  } = {},
): (item: StoredReviewItem, label: string) => void {
  const now = options.now ?? Date.now;
  // Each gauge lists the queue; unchanged items come from the queue's cache, so that is one LIST request.
  const stats = () => queue.stats('all-tenants').catch(() => undefined);
  new Gauge({
    name: 'docsort_review_items',
    help: 'Documents waiting for review, by state: pending (held by nobody) or claimed (under a lease).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const read = await stats();
      // A queue that cannot be read has no series, rather than a depth of 0.
      if (!read) return;
      this.set({ state: 'pending' }, read.pending);
      this.set({ state: 'claimed' }, read.claimed);
    },
  });
  new Gauge({
    name: 'docsort_review_oldest_item_age_seconds',
    help: 'Age of the oldest document still to review (0: none).',
    registers: [registry],
    async collect() {
      this.reset();
      const read = await stats();
      if (!read) return;
      this.set(read.oldestQueuedAt === null ? 0 : Math.max(0, (now() - read.oldestQueuedAt) / 1000));
    },
  });
  const reviews = new Counter({
    name: 'docsort_review_reviews_total',
    help: 'Documents labelled by a reviewer, by the label given.',
    labelNames: ['label'],
    registers: [registry],
  });
  const verdicts = new Counter({
    name: 'docsort_review_verdicts_total',
    help:
      'Reviewed documents by the label the model suggested and whether the reviewer agreed: precision of ' +
      'a label = agreed="true" / all.',
    labelNames: ['suggested_label', 'agreed'],
    registers: [registry],
  });
  for (const label of options.labels ?? []) {
    reviews.inc({ label }, 0);
    verdicts.inc({ suggested_label: label, agreed: 'true' }, 0);
    verdicts.inc({ suggested_label: label, agreed: 'false' }, 0);
  }
  return (item, label) => {
    reviews.inc({ label });
    verdicts.inc({ suggested_label: item.suggestedLabel, agreed: String(item.suggestedLabel === label) });
  };
}
