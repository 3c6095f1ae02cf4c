import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { clientEnvFor } from '@docsort/local-stack';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  testStackEndpoints,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const mainScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');
const endpoints = testStackEndpoints();

describe('docsort documents delete', () => {
  it('erases documents as the API does, records each, and names the ids it does not know', async () => {
    const catalog = createTestCatalog(endpoints, 1);
    const bucket = await createTestBucket(endpoints, 'cli-erase');
    const env = {
      ...clientEnvFor(endpoints),
      DOCSORT_TOPIC_PREFIX: catalog.incoming.name.replace(/\.incoming$/, ''),
      DOCSORT_MODEL_TOPIC_PREFIX: catalog.modelPublished.name.replace(/\.published$/, ''),
      DOCSORT_S3_BUCKET: bucket,
    };
    const client = loadClientConfig(env);
    const admin = createKafka(client).admin();
    await admin.connect();
    await applyTopics(admin, createSchemaRegistryClient(client), catalog);
    await admin.disconnect();
    const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
    const [a, b, unknown] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [a, b]) {
      await store.write(bucket, objectKeys.document(id), Buffer.from('personal data'));
      await store.write(bucket, objectKeys.result(id), Buffer.from('{}'));
    }
    const erasures = await collectTopics(endpoints, [catalog.deleted.name]);

    const failed = await run(
      process.execPath,
      ['--import', 'tsx', mainScript, 'documents', 'delete', a, unknown, b],
      {
        env: { ...process.env, ...env },
      },
    ).catch((error: { code: number; stdout: string }) => error);

    expect('code' in failed && failed.code).toBe(1);
    expect(failed).toMatchObject({ stderr: '' });
    expect(failed.stdout).toContain(`deleted  ${a} (0 document(s) inside it, 2 object(s))`);
    expect(failed.stdout).toContain(`unknown  ${unknown}`);
    expect(failed.stdout).toContain(`deleted  ${b}`);
    expect(await store.listKeys(bucket, '')).toEqual(
      [objectKeys.deletionMarker(a), objectKeys.deletionMarker(b)].sort(),
    );
    const marker = JSON.parse((await store.read(bucket, objectKeys.deletionMarker(a), 4096)).toString());
    expect(marker).toMatchObject({ documentId: a, requestedBy: 'cli' });
    await erasures.waitFor((records) => records.length === 2, 'two erasure records');
    expect(erasures.records.map((record) => record.key)).toEqual([a, b]);
  }, 60_000);
});
