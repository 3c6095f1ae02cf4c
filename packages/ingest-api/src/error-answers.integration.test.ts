import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import { createServiceLogger } from '@docsort/service-logging';
import { findFreePorts } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { endpoints, startIngestApiFixture } from './testing/ingest-api-fixture.ts';

/** The service's own logger, its JSON lines kept for the test to read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createServiceLogger('ingest', { level: 'info', format: 'json' }, destination) };
}

describe('what a failed request answers', () => {
  it('answers 500 for a defect, without Retry-After, and logs the error with its stack', async () => {
    const { lines, logger } = capturedLogger();
    const api = await startIngestApiFixture({}, { logger });
    const upload = await api.upload([{ bytes: Buffer.from(`x ${randomUUID()}`), name: 'a.txt' }]);
    const [{ documentId }] = ((await upload.json()) as { documents: [{ documentId: string }] }).documents;
    // A result object that is not JSON: reading it is a bug to fix, not an outage to wait out.
    await api.store.write(api.bucket, objectKeys.result(documentId), Buffer.from('{"documentId": tru'));
    const response = await fetch(`${api.address}/v1/documents/${documentId}`);
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'internal_error' });
    const logged = lines.find((line) => line.msg === 'request failed');
    expect(logged).toMatchObject({
      level: 'error',
      route: '/v1/documents/:id',
      err: { type: 'SyntaxError' },
    });
    expect(String((logged?.err as { stack?: string })?.stack)).toMatch(/SyntaxError[\s\S]*\n\s+at /);
  });

  it('answers 503 with Retry-After when the object store is unavailable, and says so in the log', async () => {
    const { lines, logger } = capturedLogger();
    const [closedPort] = await findFreePorts(1);
    const unreachable = new ObjectStore({
      ...endpoints.s3,
      endpoint: `http://127.0.0.1:${closedPort}`,
      bucket: 'docsort-nowhere',
      inboxBucket: 'docsort-nowhere',
    });
    const api = await startIngestApiFixture({}, { logger, store: unreachable });
    const response = await api.upload([{ bytes: Buffer.from('x'), name: 'a.txt' }]);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(lines.find((line) => line.level === 'warn')).toMatchObject({
      err: { message: expect.any(String) },
    });
  });
});
