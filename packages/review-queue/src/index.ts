export { defaultReviewConfig, loadReviewConfig, type ReviewConfig } from './review-config.ts';
export { createReviewFilingStage } from './review-filing-stage.ts';
export type {
  ReviewClaim,
  ReviewItem,
  ReviewRefusal,
  ReviewVerdict,
  StoredReviewItem,
} from './review-item.ts';
export { reviewMetrics } from './review-metrics.ts';
export {
  InvalidCursorError,
  type ReviewFilter,
  type ReviewPage,
  type ReviewPageRequest,
  type ReviewStats,
} from './review-query.ts';
export { type ReviewOutcome, ReviewQueue, type ReviewScope } from './review-queue.ts';
export { type ReviewCaller, type ReviewRoutesDeps, registerReviewRoutes } from './review-routes.ts';
