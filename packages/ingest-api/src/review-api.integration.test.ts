import { randomUUID } from 'node:crypto';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type ClassificationFeedback, type DocumentClassified, messageSchema } from '@docsort/contracts';
import { ReviewQueue } from '@docsort/review-queue';
import { collectTopics, sampleClassified } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import { hashApiKey, parseApiKeyEntries } from './caller-identity.ts';
import { endpoints, startIngestApiFixture } from './testing/ingest-api-fixture.ts';

const serde = new ConfluentAvroSerde(new SchemaRegistryClient({ url: endpoints.schemaRegistry.url }));
const keys = { ann: `acme-${randomUUID()}`, bob: `acme-${randomUUID()}`, gil: `globex-${randomUUID()}` };
const apiKeys = parseApiKeyEntries(
  [
    `acme:${hashApiKey(keys.ann).toString('hex')}`,
    `acme:${hashApiKey(keys.bob).toString('hex')}`,
    `globex:${hashApiKey(keys.gil).toString('hex')}`,
  ].join('\n'),
);

/** The ingest API with authentication, and a review queue filed directly in its bucket. */
async function reviewApi() {
  const api = await startIngestApiFixture({ apiKeys });
  const queue = new ReviewQueue(api.store);
  const file = async (n: number, overrides: Partial<DocumentClassified> = {}) => {
    const records = Array.from({ length: n }, (_, i) =>
      sampleClassified({ needsReview: true, classifiedAt: Date.now() - 60_000 + i, ...overrides }),
    );
    for (const record of records) await queue.file(record);
    return records;
  };
  const call = async (key: string, method: 'GET' | 'POST', path: string, body?: object) => {
    const response = await fetch(`${api.address}/v1${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { ...api, queue, file, call };
}

describe('the review API', () => {
  it('claim, label: the correction reaches documents.feedback with the reviewer, and the document leaves the queue', async () => {
    const api = await reviewApi();
    const [first, second] = await api.file(2, { tenant: 'acme', label: 'invoice' });
    const feedback = await collectTopics(endpoints, [api.catalog.feedback.name]);

    const claim = await api.call(keys.ann, 'POST', '/review/claims', {});
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({
      item: { documentId: first?.documentId, suggestedLabel: 'invoice', format: 'pdf', pageCount: 2 },
    });
    expect(claim.body.item.claimedBy).toMatch(/^key:acme\//);
    // Bob is offered only the other one, and may not label Ann's.
    expect(
      (await api.call(keys.bob, 'GET', '/review/items')).body.items.map(
        (i: { documentId: string }) => i.documentId,
      ),
    ).toEqual([second?.documentId]);
    expect(
      (await api.call(keys.bob, 'POST', '/review/claims', { documentId: first?.documentId })).status,
    ).toBe(409);
    expect(
      (await api.call(keys.bob, 'POST', `/review/items/${first?.documentId}/label`, { label: 'receipt' }))
        .status,
    ).toBe(409);
    expect(
      (await api.call(keys.ann, 'POST', `/review/items/${first?.documentId}/label`, { label: 'no-such' }))
        .body,
    ).toMatchObject({
      error: 'unknown_label',
    });

    const labelled = await api.call(keys.ann, 'POST', `/review/items/${first?.documentId}/label`, {
      label: 'receipt',
      note: 'a till receipt',
    });
    expect(labelled).toEqual({ status: 202, body: { documentId: first?.documentId, label: 'receipt' } });
    await feedback.waitFor((records) => records.length === 1, 'the correction on documents.feedback');
    const sent = await serde
      .deserializer<ClassificationFeedback>(messageSchema('ClassificationFeedback'))
      .deserialize(feedback.records[0]?.value as Buffer);
    expect(sent).toMatchObject({
      documentId: first?.documentId,
      correctLabel: 'receipt',
      previousLabel: 'invoice',
      reviewer: claim.body.item.claimedBy,
      note: 'a till receipt',
      tenant: 'acme',
    });
    expect(feedback.records[0]?.key).toBe(first?.documentId);
    expect((await api.queue.find({ tenant: 'acme' }, first?.documentId as string))?.reviewed).toMatchObject({
      label: 'receipt',
      reviewer: claim.body.item.claimedBy,
    });
    expect((await api.call(keys.ann, 'GET', '/review/stats')).body).toMatchObject({
      pending: 1,
      claimed: 0,
      reviewedLastHour: 1,
      oldestQueuedAt: second?.classifiedAt,
    });
    expect(
      (await api.call(keys.ann, 'POST', `/review/items/${first?.documentId}/label`, { label: 'receipt' }))
        .body,
    ).toMatchObject({
      error: 'already_reviewed',
    });
  });

  it("keeps tenants apart: one tenant's reviewer never sees, claims, labels or skips another's document", async () => {
    const api = await reviewApi();
    const [acme] = await api.file(1, { tenant: 'acme' });
    const [globex] = await api.file(1, { tenant: 'globex' });
    const ids = async (key: string) =>
      (await api.call(key, 'GET', '/review/items')).body.items.map(
        (i: { documentId: string }) => i.documentId,
      );
    expect(await ids(keys.ann)).toEqual([acme?.documentId]);
    expect(await ids(keys.gil)).toEqual([globex?.documentId]);
    expect(
      (await api.call(keys.ann, 'POST', '/review/claims', { documentId: globex?.documentId })).status,
    ).toBe(404);
    expect(
      (await api.call(keys.ann, 'POST', `/review/items/${globex?.documentId}/label`, { label: 'invoice' }))
        .status,
    ).toBe(404);
    expect((await api.call(keys.ann, 'POST', `/review/items/${globex?.documentId}/skip`)).status).toBe(404);
    expect((await api.call(keys.gil, 'GET', '/review/stats')).body).toMatchObject({ pending: 1, claimed: 0 });
    expect((await api.call(keys.ann, 'POST', '/review/claims', {})).body.item.documentId).toBe(
      acme?.documentId,
    );
    // Claiming again gives Ann the one she holds; Bob, of her tenant, finds nothing left.
    expect((await api.call(keys.ann, 'POST', '/review/claims', {})).body.item.documentId).toBe(
      acme?.documentId,
    );
    expect((await api.call(keys.bob, 'POST', '/review/claims', {})).body).toMatchObject({
      error: 'queue_empty',
    });
    expect((await api.call(keys.gil, 'GET', '/review/stats')).body).toMatchObject({ pending: 1, claimed: 0 });
    expect((await fetch(`${api.address}/v1/review/items`)).status).toBe(401);
  });

  it('skip gives the document to the next reviewer; lists filter and page with a cursor', async () => {
    const api = await reviewApi();
    const records = await api.file(5, { tenant: 'acme' });
    const claim = await api.call(keys.ann, 'POST', '/review/claims');
    expect(claim.body.item.documentId).toBe(records[0]?.documentId);
    expect((await api.call(keys.bob, 'POST', `/review/items/${records[0]?.documentId}/skip`)).status).toBe(
      409,
    );
    expect((await api.call(keys.ann, 'POST', `/review/items/${records[0]?.documentId}/skip`)).status).toBe(
      204,
    );
    expect((await api.call(keys.ann, 'POST', '/review/claims')).body.item.documentId).toBe(
      records[1]?.documentId,
    );
    expect((await api.call(keys.bob, 'POST', '/review/claims')).body.item.documentId).toBe(
      records[0]?.documentId,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call(keys.ann, 'GET', `/review/items${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { documentId: string }) => i.documentId));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Ann holds records[1]; Bob holds records[0]: Ann sees her own and the three nobody holds.
    expect(seen).toEqual(records.slice(1).map((r) => r.documentId));
    expect((await api.call(keys.ann, 'GET', '/review/items?label=payslip')).body.items).toEqual([]);
    expect((await api.call(keys.ann, 'GET', '/review/items?olderThanSeconds=3600')).body.items).toEqual([]);
    expect((await api.call(keys.ann, 'GET', '/review/items?cursor=bm9wZQ')).status).toBe(400);
    expect((await api.call(keys.ann, 'GET', '/review/items?limit=0')).status).toBe(400);
  });

  it('describes the review routes in the OpenAPI document, the label as one of the taxonomy', async () => {
    const api = await reviewApi();
    const spec = (await (await fetch(`${api.address}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<string, { schema: { properties: { label: { enum?: string[] } } } }>;
            };
          }
        >
      >;
    };
    expect(
      Object.keys(spec.paths)
        .filter((path) => path.startsWith('/v1/review/'))
        .sort(),
    ).toEqual([
      '/v1/review/claims',
      '/v1/review/items',
      '/v1/review/items/{id}/label',
      '/v1/review/items/{id}/skip',
      '/v1/review/stats',
    ]);
    const label =
      spec.paths['/v1/review/items/{id}/label']?.post?.requestBody?.content['application/json']?.schema;
    expect(label?.properties.label.enum).toContain('invoice');
  });
});
