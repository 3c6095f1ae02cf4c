import { parseEnv } from '@docsort/client-config';
import type { LifecycleRule } from 'minio';
import { z } from 'zod';
import type { ObjectStore } from './object-store.ts';

const days = z.coerce
  .number({ message: 'a whole number of days (0: keep forever)' })
  .int('a whole number of days (0: keep forever)')
  .min(0, 'a whole number of days (0: keep forever)')
  .max(36_500, 'at most 36500 days (100 years)')
  // Keep forever unless told: how long documents may be kept is the operator's legal decision, and deleting
  // data by default on an upgrade is the one mistake that cannot be undone.
  .default(0);

const retentionEnvSchema = z.object({
  DOCSORT_RETENTION_DOCUMENTS_DAYS: days,
  DOCSORT_RETENTION_RESULTS_DAYS: days,
});

export interface RetentionConfig {
  /** Originals (uploads, inbox drops, documents found inside others), their text and content index; 0: forever. */
  readonly documentsDays: number;
  /** Results and analytics lines; 0: forever. */
  readonly resultsDays: number;
}

export function loadRetentionConfig(env: NodeJS.ProcessEnv = process.env): RetentionConfig {
  const e = parseEnv(retentionEnvSchema, env);
  return { documentsDays: e.DOCSORT_RETENTION_DOCUMENTS_DAYS, resultsDays: e.DOCSORT_RETENTION_RESULTS_DAYS };
}

/** docsort's rules are told from others' (an operator's own) by this ID prefix, and only they are replaced. */
const ruleIdPrefix = 'docsort-retention-';

/** The expiry rules of each bucket: kept apart from training examples, models and erasure markers. */
export function retentionRules(
  retention: RetentionConfig,
  buckets: { readonly bucket: string; readonly inboxBucket: string },
): ReadonlyMap<string, LifecycleRule[]> {
  const rule = (name: string, prefix: string, expireDays: number): LifecycleRule[] =>
    expireDays > 0
      ? [
          {
            ID: `${ruleIdPrefix}${name}`,
            Status: 'Enabled',
            Filter: { Prefix: prefix },
            Expiration: { Days: expireDays },
          },
        ]
      : [];
  const documents = [
    ...rule('documents', 'documents/', retention.documentsDays),
    ...rule('text', 'text/', retention.documentsDays),
    // An index entry must not outlive its document: a duplicate upload would be answered with a gone id.
    ...rule('content-index', 'content-index/', retention.documentsDays),
    ...rule('results', 'results/', retention.resultsDays),
    ...rule('analytics', 'analytics/', retention.resultsDays),
  ];
  // Files dropped into the inbox are originals too.
  const inbox = rule('inbox', '', retention.documentsDays);
  return buckets.bucket === buckets.inboxBucket
    ? new Map([[buckets.bucket, [...documents, ...inbox]]])
    : new Map([
        [buckets.bucket, documents],
        [buckets.inboxBucket, inbox],
      ]);
}

/**
 * Sets the buckets' lifecycle rules (S3 expiry, run by the object store itself) to the retention: docsort's
 * rules replaced, anyone else's kept. Idempotent; 0 days removes docsort's rule.
 */
export async function applyRetention(store: ObjectStore, retention: RetentionConfig): Promise<void> {
  for (const [bucket, rules] of retentionRules(retention, store.config)) {
    const current = await store.client.getBucketLifecycle(bucket).catch((error: { code?: string }) => {
      if (error.code === 'NoSuchLifecycleConfiguration') return null;
      throw error;
    });
    // The client parses a lone rule as an object, not an array of one.
    const others = [current?.Rule ?? []].flat().filter((rule) => !rule.ID?.startsWith(ruleIdPrefix));
    const wanted = [...others, ...rules];
    if (wanted.length) await store.client.setBucketLifecycle(bucket, { Rule: wanted });
    else if (current) await store.client.removeBucketLifecycle(bucket);
  }
}
