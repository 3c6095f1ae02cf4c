import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka, loadClientConfig } from '@docsort/client-config';
import { clientEnvFor } from '@docsort/local-stack';
import { createTestBucket, createTestCatalog, testS3Client, testStackEndpoints } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const endpoints = testStackEndpoints();

describe('docsort topics apply (what docsort setup runs first)', () => {
  it('applies the retention settings: expiry rules on the buckets, retention.ms on the topics', async () => {
    const catalog = createTestCatalog(endpoints, 1);
    const [bucket, inboxBucket] = await Promise.all([
      createTestBucket(endpoints, 'setup'),
      createTestBucket(endpoints, 'setup-inbox'),
    ]);
    const env = {
      ...process.env,
      ...clientEnvFor(endpoints),
      DOCSORT_TOPIC_PREFIX: catalog.incoming.name.replace(/\.incoming$/, ''),
      DOCSORT_MODEL_TOPIC_PREFIX: catalog.modelPublished.name.replace(/\.published$/, ''),
      DOCSORT_TOPIC_PARTITIONS: '1',
      DOCSORT_S3_BUCKET: bucket,
      DOCSORT_S3_INBOX_BUCKET: inboxBucket,
      DOCSORT_RETENTION_DOCUMENTS_DAYS: '30',
      DOCSORT_RETENTION_RESULTS_DAYS: '365',
      DOCSORT_TOPIC_RETENTION_MS: String(2 * 24 * 3_600_000),
    };
    const apply = (overrides: NodeJS.ProcessEnv = {}) =>
      run(process.execPath, ['--import', 'tsx', mainScript, 'topics', 'apply'], {
        env: { ...env, ...overrides },
      });

    const { stdout } = await apply();
    expect(stdout).toContain('keep     documents 30 days, results 365 days');
    const s3 = testS3Client(endpoints);
    const expiry = async (name: string) =>
      Object.fromEntries(
        [(await s3.getBucketLifecycle(name))?.Rule ?? []]
          .flat()
          .map((rule) => [rule.Filter?.Prefix, rule.Expiration?.Days]),
      );
    expect(await expiry(bucket)).toEqual({
      'documents/': 30,
      'text/': 30,
      'content-index/': 30,
      'results/': 365,
      'analytics/': 365,
    });
    expect(await expiry(inboxBucket)).toEqual({ '': 30 });

    // Shorter topic retention later: the existing topics get it too.
    await apply({ DOCSORT_TOPIC_RETENTION_MS: String(3_600_000) });
    const admin = createKafka(loadClientConfig(env)).admin();
    await admin.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [catalog.incoming.name, catalog.classified.name, catalog.deleted.name].map((name) => ({
        type: 2,
        name,
        configNames: ['retention.ms', 'cleanup.policy'],
      })),
    });
    await admin.disconnect();
    const configs = described.resources.map((resource) =>
      Object.fromEntries(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
    );
    expect(configs).toEqual([
      { 'retention.ms': '3600000', 'cleanup.policy': 'delete' },
      { 'retention.ms': '3600000', 'cleanup.policy': 'delete' },
      { 'retention.ms': '3600000', 'cleanup.policy': 'compact' },
    ]);
  }, 60_000);
});
