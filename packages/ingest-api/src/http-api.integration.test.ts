import { createHash, randomUUID } from 'node:crypto';
import * as fixtures from '@docsort/extractors/testing';
import { objectKeys } from '@docsort/object-store';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { startIngestApiFixture } from './testing/ingest-api-fixture.ts';

const ingestApi = startIngestApiFixture;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('POST /v1/documents', () => {
  it('stores the file under a new id, announces it on documents.incoming, and answers 202', async () => {
    const api = await ingestApi();
    const pdf = await fixtures.pdf(['INVOICE No. 12']);
    const response = await api.upload([{ bytes: pdf, name: 'IMG_2231.jpg', type: 'image/jpeg' }], {
      metadata: JSON.stringify({ tenant: 'acme', attributes: { channel: 'portal' } }),
    });

    expect(response.status).toBe(202);
    const body = (await response.json()) as { documents: Array<{ documentId: string; location: string }> };
    const [document] = body.documents;
    expect(document?.documentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`/v1/documents/${document?.documentId}`);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);

    const stored = await api.store.read(api.bucket, objectKeys.document(document?.documentId ?? ''), 1e7);
    expect(stored.equals(pdf)).toBe(true);
    await api.collector.waitFor((r) => r.length === 1, 'the DocumentIncoming');
    expect((await api.incoming())[0]).toMatchObject({
      documentId: document?.documentId,
      object: { bucket: api.bucket, key: objectKeys.document(document?.documentId ?? '') },
      size: pdf.length,
      sha256: sha256(pdf),
      filename: 'IMG_2231.jpg',
      declaredContentType: 'image/jpeg',
      tenant: 'acme',
      origin: 'HTTP_UPLOAD',
      attributes: { channel: 'portal' },
    });
    expect(api.collector.records[0]?.key).toBe(document?.documentId);
    // Small enough to travel in the record: extract needs no read from the store.
    expect((await api.incoming())[0]?.content?.equals(pdf)).toBe(true);
  });

  it('inlines only uploads up to DOCSORT_INGEST_INLINE_MAX_BYTES in the record', async () => {
    const api = await ingestApi({ inlineMaxBytes: 1024 });
    const small = Buffer.alloc(1024, 'a');
    const large = Buffer.alloc(1025, 'b');
    const response = await api.upload([
      { bytes: small, name: 'small.txt' },
      { bytes: large, name: 'large.txt' },
    ]);
    expect(response.status).toBe(202);
    await api.collector.waitFor((r) => r.length === 2, 'two DocumentIncoming records');
    const byName = new Map((await api.incoming()).map((i) => [i.filename, i]));
    expect(byName.get('small.txt')?.content?.equals(small)).toBe(true);
    expect(byName.get('large.txt')?.content).toBeNull();
    expect(byName.get('large.txt')?.size).toBe(1025);
  });

  it('accepts several files in one request, and makes hostile names harmless', async () => {
    const api = await ingestApi();
    const response = await api.upload([
      { bytes: Buffer.from('first'), name: '../../etc/passwd' },
      { bytes: Buffer.from('second'), name: 'bad\u0001name.txt' },
    ]);
    expect(response.status).toBe(202);
    const { documents } = (await response.json()) as {
      documents: Array<{ documentId: string; filename: string }>;
    };
    expect(documents.map((d) => d.filename)).toEqual(['passwd', 'badname.txt']);
    await api.collector.waitFor((r) => r.length === 2, 'two DocumentIncoming records');
    const keys = (await api.incoming()).map((i) => i.object.key).sort();
    expect(keys).toEqual(documents.map((d) => objectKeys.document(d.documentId)).sort());
  });

  it('refuses a file over the limit with 413 and leaves nothing behind', async () => {
    const api = await ingestApi({ maxUploadBytes: 64 * 1024 });
    const response = await api.upload([{ bytes: Buffer.alloc(200 * 1024, 7), name: 'huge.bin' }]);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'file_too_large' });

    const left: string[] = [];
    for await (const object of api.store.client.listObjectsV2(api.bucket, '', true))
      left.push(object.name ?? '');
    const incomplete: string[] = [];
    for await (const upload of api.store.client.listIncompleteUploads(api.bucket, '', true))
      incomplete.push(upload.key);
    expect(left).toEqual([]);
    expect(incomplete).toEqual([]);
    // A later, valid upload goes through: the refused one held nothing up.
    expect((await api.upload([{ bytes: Buffer.from('small'), name: 'ok.txt' }])).status).toBe(202);
    await api.collector.waitFor((r) => r.length === 1, 'only the valid upload announced');
  });

  it('answers 400 with a reason for a request it cannot take', async () => {
    const api = await ingestApi();
    const badMetadata = await api.upload([{ bytes: Buffer.from('x'), name: 'a.txt' }], {
      metadata: '{not json',
    });
    expect(badMetadata.status).toBe(400);
    expect(await badMetadata.json()).toEqual({
      error: 'invalid_metadata',
      message: 'metadata must be a JSON object',
    });
    const noFile = await api.upload([], { filename: 'x' });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ error: 'no_file' });
  });

  it('returns the first documentId for the same content and tenant when de-duplicating', async () => {
    const api = await ingestApi({ deduplicate: true });
    const bytes = Buffer.from(`contract ${randomUUID()}`);
    const submit = async (tenant: string) => {
      const response = await api.upload([{ bytes, name: 'c.txt' }], { metadata: JSON.stringify({ tenant }) });
      return ((await response.json()) as { documents: Array<{ documentId: string; duplicate: boolean }> })
        .documents[0];
    };
    const first = await submit('acme');
    const again = await submit('acme');
    const otherTenant = await submit('globex');
    expect(again).toEqual({
      ...first,
      duplicate: true,
      filename: 'c.txt',
      location: `/v1/documents/${first?.documentId}`,
    });
    expect(otherTenant?.documentId).not.toBe(first?.documentId);
  });

  it('requires an API key when keys are configured', async () => {
    const api = await ingestApi({
      apiKeys: parseApiKeyEntries(`acme:${hashApiKey('s3cret').toString('hex')}`),
    });
    const file = [{ bytes: Buffer.from('x'), name: 'a.txt' }];
    expect((await api.upload(file)).status).toBe(401);
    expect((await api.upload(file, {}, { 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await api.upload(file, {}, { 'x-api-key': 's3cret' })).status).toBe(202);
    expect((await api.upload(file, {}, { authorization: 'Bearer s3cret' })).status).toBe(202);
  });
});

describe('GET /v1/documents/{id}', () => {
  it('answers 202 while pending, 404 for an unknown id, 400 for a malformed one', async () => {
    const api = await ingestApi();
    const response = await api.upload([{ bytes: Buffer.from('x'), name: 'a.txt' }]);
    const location = response.headers.get('location');
    const pending = await fetch(`${api.address}${location}`);
    expect(pending.status).toBe(202);
    expect(pending.headers.get('retry-after')).toBeTruthy();
    expect(await pending.json()).toMatchObject({ status: 'pending' });
    expect((await fetch(`${api.address}/v1/documents/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${api.address}/v1/documents/not-a-uuid`)).status).toBe(400);
  });
});

describe('API documentation', () => {
  it('serves an OpenAPI document describing the upload, and interactive docs', async () => {
    const api = await ingestApi();
    const openapi = (await (await fetch(`${api.address}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/documents', '/v1/documents/{id}']),
    );
    expect(openapi.paths['/v1/documents']?.post?.requestBody?.content).toHaveProperty('multipart/form-data');
    const docs = await fetch(`${api.address}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});
