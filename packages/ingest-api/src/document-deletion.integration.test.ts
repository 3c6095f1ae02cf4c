import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentDeleted, messageSchema } from '@docsort/contracts';
import { classifiedResult, ResultStore } from '@docsort/document-results';
import { childDocumentId } from '@docsort/extract-stage';
import { DeletionMarkers, ObjectStore, objectKeys } from '@docsort/object-store';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  sampleClassified,
  testKafka,
  testStackEndpoints,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it } from 'vitest';
import { startTestIngestApi } from './testing/start-test-ingest-api.ts';

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

async function deletionFixture(config: { deduplicate?: boolean } = {}) {
  const catalog = createTestCatalog(endpoints, 1);
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const bucket = await createTestBucket(endpoints, 'erase');
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const { address } = await startTestIngestApi({ endpoints, serde, catalog, store, config });
  const erase = (id: string) => fetch(`${address}/v1/documents/${id}`, { method: 'DELETE' });
  const status = async (id: string) => (await fetch(`${address}/v1/documents/${id}`)).status;
  const put = (key: string, body = 'personal data') => store.write(bucket, key, Buffer.from(body));
  return { catalog, bucket, store, erase, status, put, address };
}

describe('DELETE /v1/documents/{id}', () => {
  it('erases the original, the documents found inside it, the text, result, analytics line and training copy, and records it', async () => {
    const f = await deletionFixture();
    const upload = new FormData();
    upload.append('file', new Blob(['an e-mail with attachments']), 'mail.eml');
    const accepted = (await (
      await fetch(`${f.address}/v1/documents`, { method: 'POST', body: upload })
    ).json()) as {
      documents: Array<{ documentId: string }>;
    };
    const parent = accepted.documents[0]?.documentId ?? '';
    // What the pipeline stores for it, keyed as the extract stage and the sink key it: two attachments (the
    // second an archive with one file of its own), long text, results, an analytics line, a reviewer's copy.
    const [first, second] = [childDocumentId(parent, 0), childDocumentId(parent, 1)];
    const grandchild = childDocumentId(second, 0);
    for (const id of [first, second, grandchild]) await f.put(objectKeys.document(id));
    await f.put(objectKeys.fullText(parent));
    const results = new ResultStore(f.store);
    const classified = sampleClassified({ documentId: parent, classifiedAt: Date.UTC(2026, 10, 22, 12) });
    const other = sampleClassified({ classifiedAt: Date.UTC(2026, 10, 22, 13) });
    await results.write(classifiedResult(classified));
    await results.write(classifiedResult(sampleClassified({ documentId: grandchild })));
    const analytics = objectKeys.analyticsChunk('2026-11-22', f.catalog.classified.name, 0, '7');
    await f.put(analytics, `${JSON.stringify(classified)}\n${JSON.stringify(other)}\n`);
    await f.put(objectKeys.correction(parent), JSON.stringify({ label: 'receipt', reviewer: 'r', at: 1 }));
    await f.put(objectKeys.trainingExample('receipt', parent, `feedback-${parent}`));
    await f.put(objectKeys.reviewed(parent));
    await f.put(objectKeys.reviewItem(classified.tenant, parent), '{"filename":"mail.eml"}');
    const unrelated = objectKeys.document(crypto.randomUUID());
    await f.put(unrelated);
    const erasures = await collectTopics(endpoints, [f.catalog.deleted.name]);

    expect(await f.status(parent)).toBe(200);
    expect((await f.erase(parent)).status).toBe(204);

    expect(await f.status(parent)).toBe(404);
    expect(await f.status(grandchild)).toBe(404);
    // What is left: the erasure markers, the other document's analytics line, the unrelated document.
    const left = await f.store.listKeys(f.bucket, '');
    expect(left.filter((key) => !key.startsWith('deleted/'))).toEqual([analytics, unrelated].sort());
    expect((await f.store.read(f.bucket, analytics, 1 << 20)).toString()).toBe(`${JSON.stringify(other)}\n`);
    const markers = new DeletionMarkers(f.store);
    for (const id of [parent, first, second, grandchild]) expect(await markers.isDeleted(id)).toBe(true);

    await erasures.waitFor((records) => records.length === 4, 'four erasure records');
    const deserializer = serde.deserializer<DocumentDeleted>(messageSchema('DocumentDeleted'));
    const records = await Promise.all(
      erasures.records.map(async (record) => ({
        key: record.key,
        value: await deserializer.deserialize(record.value as Buffer),
      })),
    );
    const byId = new Map(records.map((record) => [record.key, record.value]));
    expect(records.every((record) => record.key === record.value.documentId)).toBe(true);
    expect(byId.get(parent)).toMatchObject({
      childDocumentIds: [first, second, grandchild],
      requestedBy: 'anonymous',
      removedObjects: expect.arrayContaining([
        objectKeys.document(parent),
        objectKeys.fullText(parent),
        objectKeys.result(parent),
        objectKeys.trainingExample('receipt', parent, `feedback-${parent}`),
        objectKeys.reviewed(parent),
        objectKeys.reviewItem(classified.tenant, parent),
      ]),
    });
    expect(byId.get(grandchild)?.removedObjects.sort()).toEqual(
      [objectKeys.document(grandchild), objectKeys.result(grandchild)].sort(),
    );
  });

  it('answers 204 again for an erased document (and records it again), 404 for an unknown one', async () => {
    const f = await deletionFixture();
    const id = crypto.randomUUID();
    await f.put(objectKeys.document(id));
    const erasures = await collectTopics(endpoints, [f.catalog.deleted.name]);

    expect((await f.erase(id)).status).toBe(204);
    expect((await f.erase(id)).status).toBe(204);
    expect((await f.erase(crypto.randomUUID())).status).toBe(404);
    expect((await f.erase('not-a-uuid')).status).toBe(400);

    await erasures.waitFor((records) => records.length === 2, 'two erasure records');
    const deserializer = serde.deserializer<DocumentDeleted>(messageSchema('DocumentDeleted'));
    const [once, again] = await Promise.all(
      erasures.records.map((record) => deserializer.deserialize(record.value as Buffer)),
    );
    // The repeat keeps what the first erasure removed: compaction keeps only the last record of a key.
    expect(again).toEqual(once);
    expect(once?.removedObjects).toEqual([objectKeys.document(id)]);
    expect(erasures.records.every((record) => record.key === id)).toBe(true);
  });

  it('does not answer a new upload of the same content with the erased id (de-duplication on)', async () => {
    const f = await deletionFixture({ deduplicate: true });
    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob(['the same payslip']), 'payslip.pdf');
      const response = await fetch(`${f.address}/v1/documents`, { method: 'POST', body: form });
      return ((await response.json()) as { documents: Array<{ documentId: string; duplicate: boolean }> })
        .documents[0];
    };
    const first = await upload();
    expect((await upload())?.documentId).toBe(first?.documentId);
    expect((await f.erase(first?.documentId ?? '')).status).toBe(204);

    const again = await upload();
    expect(again).toMatchObject({ duplicate: false });
    expect(again?.documentId).not.toBe(first?.documentId);
    expect(await upload()).toMatchObject({ documentId: again?.documentId, duplicate: true });
  });
});
