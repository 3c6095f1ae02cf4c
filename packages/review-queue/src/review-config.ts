import { envPositiveInt, parseEnv } from '@docsort/client-config';
import { z } from 'zod';

const reviewEnvSchema = z.object({
  DOCSORT_REVIEW_LEASE_SECONDS: envPositiveInt(300),
  DOCSORT_REVIEW_SKIP_SECONDS: envPositiveInt(600),
});

export interface ReviewConfig {
  /** How long a claim holds: past it, the item goes back to the queue. */
  readonly leaseSeconds: number;
  /** How long an item a reviewer skipped is not offered to them again (others see it at once). */
  readonly skipSeconds: number;
}

export const defaultReviewConfig: ReviewConfig = { leaseSeconds: 300, skipSeconds: 600 };

export function loadReviewConfig(env: NodeJS.ProcessEnv = process.env): ReviewConfig {
  const e = parseEnv(reviewEnvSchema, env);
  return { leaseSeconds: e.DOCSORT_REVIEW_LEASE_SECONDS, skipSeconds: e.DOCSORT_REVIEW_SKIP_SECONDS };
}
