import type { StackEndpoints } from '@docsort/local-stack';
import { Client } from 'minio';
import { onTestFinished } from 'vitest';
import { uniqueName } from './unique-name.ts';

export function testS3Client(endpoints: StackEndpoints): Client {
  const url = new URL(endpoints.s3.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port),
    useSSL: url.protocol === 'https:',
    accessKey: endpoints.s3.accessKey,
    secretKey: endpoints.s3.secretKey,
    region: endpoints.s3.region,
  });
}

/** A bucket with a unique name for the current test, emptied and removed when it finishes. */
export async function createTestBucket(endpoints: StackEndpoints, prefix = 'test'): Promise<string> {
  const bucket = uniqueName(prefix);
  await testS3Client(endpoints).makeBucket(bucket, endpoints.s3.region);
  onTestFinished(() => removeBucket(endpoints, bucket));
  return bucket;
}

/** Empties a bucket and removes it: for tests and benchmarks alike. */
export async function removeBucket(endpoints: StackEndpoints, bucket: string): Promise<void> {
  const s3 = testS3Client(endpoints);
  const names: string[] = [];
  for await (const object of s3.listObjectsV2(bucket, '', true)) if (object.name) names.push(object.name);
  if (names.length) await s3.removeObjects(bucket, names);
  await s3.removeBucket(bucket);
}
