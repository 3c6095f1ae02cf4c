import { createTestBucket, testStackEndpoints } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store.ts';
import { applyRetention } from './retention.ts';

const endpoints = testStackEndpoints();

describe('applyRetention', () => {
  it("sets expiry rules on the buckets, replaces docsort's on a change, and keeps an operator's own", async () => {
    const [bucket, inboxBucket] = await Promise.all([
      createTestBucket(endpoints, 'retention'),
      createTestBucket(endpoints, 'retention-inbox'),
    ]);
    const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket });
    const operatorsRule = {
      ID: 'tmp-cleanup',
      Status: 'Enabled',
      Filter: { Prefix: 'tmp/' },
      Expiration: { Days: 1 },
    };
    await store.client.setBucketLifecycle(bucket, { Rule: [operatorsRule] });
    const rules = async (name: string) =>
      Object.fromEntries(
        [(await store.client.getBucketLifecycle(name).catch(() => null))?.Rule ?? []]
          .flat()
          .map((rule) => [rule.ID, [rule.Filter?.Prefix ?? '', rule.Expiration?.Days]]),
      );

    await applyRetention(store, { documentsDays: 30, resultsDays: 365 });
    expect(await rules(bucket)).toEqual({
      'tmp-cleanup': ['tmp/', 1],
      'docsort-retention-documents': ['documents/', 30],
      'docsort-retention-text': ['text/', 30],
      'docsort-retention-content-index': ['content-index/', 30],
      'docsort-retention-results': ['results/', 365],
      'docsort-retention-analytics': ['analytics/', 365],
    });
    expect(await rules(inboxBucket)).toEqual({ 'docsort-retention-inbox': ['', 30] });

    await applyRetention(store, { documentsDays: 0, resultsDays: 90 });
    expect(await rules(bucket)).toEqual({
      'tmp-cleanup': ['tmp/', 1],
      'docsort-retention-results': ['results/', 90],
      'docsort-retention-analytics': ['analytics/', 90],
    });
    expect(await rules(inboxBucket)).toEqual({});
  });
});
