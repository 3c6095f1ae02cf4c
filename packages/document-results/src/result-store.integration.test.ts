import { randomUUID } from 'node:crypto';
import { DeletionMarkers, ObjectStore } from '@docsort/object-store';
import {
  createTestBucket,
  sampleClassified,
  sampleDeleted,
  sampleFailed,
  testStackEndpoints,
} from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { classifiedResult, failedResult } from './document-result.ts';
import { ResultStore } from './result-store.ts';

const endpoints = testStackEndpoints();

async function testResults() {
  const bucket = await createTestBucket(endpoints, 'results');
  return new ResultStore(new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket }));
}

describe('ResultStore', () => {
  it('keeps the newest model’s result when results of several versions race for one document', async () => {
    const results = await testResults();
    const documentId = randomUUID();
    const versions = ['2026.11.3', '2026.11.10', '2026.11.9', '2026.11.22', '2026.11.1', '2026.11.21'];
    const written = await Promise.all(
      versions.map((version) =>
        results.write(classifiedResult(sampleClassified({ documentId, model: { name: 'cnn', version } }))),
      ),
    );

    const stored = await results.read(documentId);
    expect(stored?.status === 'classified' && stored.classification.model.version).toBe('2026.11.22');
    // The newest was written whatever its turn; an older one arriving after it gives way.
    expect(written[versions.indexOf('2026.11.22')]).toBe(true);
    const older = sampleClassified({ documentId, model: { name: 'cnn', version: '2026.11.21' } });
    expect(await results.write(classifiedResult(older))).toBe(false);
  });

  it('rewrites a redelivered result, never lets a failure replace a classification', async () => {
    const results = await testResults();
    const classified = classifiedResult(sampleClassified());
    const { documentId } = classified;

    expect(await results.write(classified)).toBe(true);
    expect(await results.write(classified)).toBe(true);
    expect(await results.write(failedResult(documentId, sampleFailed({ documentId })))).toBe(false);
    expect(await results.read(documentId)).toEqual(classified);
  });

  it('does not bring an erased document back: its result is removed again as soon as it is written', async () => {
    const results = await testResults();
    const classified = classifiedResult(sampleClassified());
    const failed = failedResult(classified.documentId, sampleFailed({ documentId: classified.documentId }));
    await new DeletionMarkers(results.store).write(sampleDeleted({ documentId: classified.documentId }));

    expect(await results.write(classified)).toBe(false);
    expect(await results.write(failed)).toBe(false);
    expect(await results.read(classified.documentId)).toBeUndefined();
  });
});
