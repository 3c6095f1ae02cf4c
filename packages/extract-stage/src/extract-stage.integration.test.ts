import { randomUUID } from 'node:crypto';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import {
  childDocumentId,
  type DocumentExtracted,
  type DocumentFailed,
  type DocumentIncoming,
  messageSchema,
} from '@docsort/contracts';
import { defaultExtractionLimits } from '@docsort/extractors';
import * as fixtures from '@docsort/extractors/testing';
import { DeletionMarkers, ObjectStore, objectKeys } from '@docsort/object-store';
import { StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import {
  type CollectedRecord,
  collectTopics,
  createTestBucket,
  createTestCatalog,
  sampleDeleted,
  sampleIncoming,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createExtractStage } from './extract-stage.ts';
import { ExtractionPool } from './extraction-pool.ts';

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

/** The extract stage on its own topics and bucket, running on the real stack. */
async function extractPipeline(poolOptions: { deadlineMs?: number } = {}, inlineTextChars = 10_000) {
  const catalog = createTestCatalog(endpoints);
  const bucket = await createTestBucket(endpoints, 'extract');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const store = new ObjectStore({
    endpoint: endpoints.s3.endpoint,
    accessKey: endpoints.s3.accessKey,
    secretKey: endpoints.s3.secretKey,
    region: endpoints.s3.region,
    bucket,
    inboxBucket: bucket,
  });
  const pool = new ExtractionPool({
    threads: 2,
    deadlineMs: poolOptions.deadlineMs ?? 60_000,
    maxHeapMb: 512,
  });
  const runtime = new StreamRuntime({
    kafka: testKafka(endpoints),
    serde,
    stage: createExtractStage({
      catalog,
      store,
      pool,
      limits: defaultExtractionLimits,
      inlineTextChars,
      maxDepth: 2,
    }),
    deadLetter: topicBinding(catalog.dlq),
    options: { groupId: uniqueName('extract'), retry: { initialMs: 50, maxMs: 200 } },
  });
  await runtime.start();
  onTestFinished(async () => {
    await runtime.stop();
    await pool.close();
  });
  const collector = await collectTopics(endpoints, [
    catalog.extracted.name,
    catalog.dlq.name,
    catalog.incoming.name,
  ]);
  const serializer = await serde.serializer<DocumentIncoming>(
    catalog.incoming.subject,
    messageSchema('DocumentIncoming'),
  );
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  onTestFinished(() => producer.disconnect());

  /** Stores `bytes` as a document and announces it on documents.incoming, as ingest does. */
  async function submit(
    bytes: Buffer | null,
    overrides: Partial<DocumentIncoming> = {},
  ): Promise<DocumentIncoming> {
    const incoming = sampleIncoming(overrides);
    const object = { bucket, key: objectKeys.document(incoming.documentId), versionId: null, etag: null };
    if (bytes) await store.write(bucket, object.key, bytes);
    const record = { ...incoming, object, size: bytes?.length ?? 0 };
    await producer.send({
      topic: catalog.incoming.name,
      messages: [{ key: record.documentId, value: serializer.serialize(record) }],
    });
    return record;
  }

  const on = (topic: string) => collector.records.filter((r: CollectedRecord) => r.topic === topic);
  const extracted = () =>
    Promise.all(
      on(catalog.extracted.name).map((r) =>
        serde.deserializer<DocumentExtracted>(messageSchema('DocumentExtracted')).deserialize(r.value),
      ),
    );
  const failed = () =>
    Promise.all(
      on(catalog.dlq.name).map((r) =>
        serde.deserializer<DocumentFailed>(messageSchema('DocumentFailed')).deserialize(r.value),
      ),
    );
  return { catalog, store, bucket, collector, submit, on, extracted, failed };
}

describe('the extract stage', () => {
  it('extracts good files by their content, whatever their names claim', async () => {
    const p = await extractPipeline();
    const invoice = await p.submit(await fixtures.pdf(['INVOICE No. 7', 'Total due: 99.00 EUR']), {
      filename: 'IMG_2231.jpg',
      declaredContentType: 'image/jpeg',
    });
    const sheet = await p.submit(
      await fixtures.xlsx({
        Lines: [
          ['Item', 'Qty'],
          ['Pallet', 3],
        ],
      }),
      {
        filename: 'document (3).docx',
        declaredContentType: null,
      },
    );
    await p.collector.waitFor(() => p.on(p.catalog.extracted.name).length === 2, 'two extracted records');

    const byId = new Map((await p.extracted()).map((e) => [e.documentId, e]));
    expect(byId.get(invoice.documentId)).toMatchObject({
      detectedFormat: 'pdf',
      detectedMediaType: 'application/pdf',
      declaredContentType: 'image/jpeg',
      filename: 'IMG_2231.jpg',
      pageCount: 1,
      warnings: ['TYPE_MISMATCH'],
      textTruncated: false,
      fullText: null,
      correlationId: invoice.correlationId,
      submittedAt: invoice.submittedAt,
    });
    expect(byId.get(invoice.documentId)?.text).toContain('INVOICE No. 7');
    expect(byId.get(sheet.documentId)).toMatchObject({ detectedFormat: 'xlsx', warnings: [] });
    expect(byId.get(sheet.documentId)?.text).toContain('Pallet\t3');
  });

  it('reads bytes inlined in the record instead of the object', async () => {
    const p = await extractPipeline();
    // No object stored: only the record's own bytes can be extracted.
    const inlined = await p.submit(null, { content: Buffer.from('PAYSLIP for November, net pay 2,310.00') });
    await p.collector.waitFor(() => p.on(p.catalog.extracted.name).length === 1, 'the extracted record');
    const [extracted] = await p.extracted();
    expect(extracted).toMatchObject({ documentId: inlined.documentId, detectedFormat: 'text' });
    expect(extracted?.text).toContain('net pay 2,310.00');
    expect(p.on(p.catalog.dlq.name)).toHaveLength(0);
  });

  it('keeps long text in the object store and the start of it in the record', async () => {
    const p = await extractPipeline({}, 40);
    const lines = Array.from({ length: 20 }, (_, i) => `Clause ${i + 1}: the parties agree to terms.`);
    const contract = await p.submit(await fixtures.docx(lines));
    await p.collector.waitFor(() => p.on(p.catalog.extracted.name).length === 1, 'the extracted record');

    const [record] = await p.extracted();
    expect(record?.textTruncated).toBe(true);
    expect(record?.text).toHaveLength(40);
    expect(record?.fullText?.key).toBe(`text/${contract.documentId}.txt`);
    const full = (await p.store.read(p.bucket, record?.fullText?.key ?? '', 1_000_000)).toString();
    expect(full).toContain('Clause 20: the parties agree to terms.');
    expect(record?.charCount).toBe(full.length);
  });

  it('fans an e-mail’s attachments out as documents of their own, linked to their parent', async () => {
    const p = await extractPipeline();
    const attachment = await fixtures.pdf(['PACKING LIST', 'Carton 1 of 4: 24 units']);
    const mail = await p.submit(
      fixtures.eml('Shipment 4711', 'Packing list attached.', [
        { filename: 'scan_0007.pdf', contentType: 'application/pdf', content: attachment },
      ]),
    );
    await p.collector.waitFor(
      () => p.on(p.catalog.extracted.name).length === 2,
      'the e-mail and its attachment',
    );

    const records = await p.extracted();
    const parent = records.find((r) => r.documentId === mail.documentId);
    const child = records.find((r) => r.documentId !== mail.documentId);
    expect(parent).toMatchObject({ detectedFormat: 'eml', parentDocumentId: null });
    expect(parent?.text).toContain('Attachments: scan_0007.pdf');
    expect(child).toMatchObject({
      detectedFormat: 'pdf',
      filename: 'scan_0007.pdf',
      parentDocumentId: mail.documentId,
    });
    expect(child?.text).toContain('PACKING LIST');
    expect(
      (await p.store.read(p.bucket, objectKeys.document(child?.documentId ?? ''), 1e6)).equals(attachment),
    ).toBe(true);
  });

  it('refuses an archive nested past the limit, whatever depth its caller claims', async () => {
    // Three ZIPs deep: the outer one (depth 0) and the next (1) are fanned out, the third (2) is refused.
    const p = await extractPipeline();
    const claims = ['abc', '-5'];
    const submitted = await Promise.all(
      claims.map(async (claim) =>
        p.submit(await fixtures.nestedZip(3), { attributes: { 'docsort.depth': claim } }),
      ),
    );
    await p.collector.waitFor(
      () => p.on(p.catalog.dlq.name).length === 2 && p.on(p.catalog.extracted.name).length === 4,
      'two refused archives and four extracted ones',
    );

    const failures = new Map((await p.failed()).map((f) => [f.documentId, f]));
    const extracted = await p.extracted();
    for (const top of submitted) {
      // Each chain: the submitted archive → the archive inside it → the one inside that, refused.
      const inside = extracted.find((e) => e.parentDocumentId === top.documentId);
      const refused = failures.get(childDocumentId(inside?.documentId ?? '', 0));
      expect(refused, top.attributes['docsort.depth']).toMatchObject({
        reason: 'TOO_LARGE',
        stage: 'extract',
      });
      expect(refused?.message).toMatch(/nested more than 2 levels/);
    }
  });

  it('dead-letters bad input with the right reason and goes on', async () => {
    const p = await extractPipeline();
    const cases = {
      ENCRYPTED: await p.submit(await fixtures.pdf(['secret'], { userPassword: 'pw' })),
      CORRUPT: await p.submit((await fixtures.pdf(['x'])).subarray(0, 300)),
      TOO_LARGE: await p.submit(await fixtures.zipBombDocx()),
      EMPTY: await p.submit(Buffer.alloc(0)),
      UNSUPPORTED_TYPE: await p.submit(fixtures.unknownBinary()),
      OBJECT_MISSING: await p.submit(null),
    };
    const good = await p.submit(fixtures.html('Offer Letter', ['We are pleased to offer you the role.']));
    await p.collector.waitFor(
      () => p.on(p.catalog.dlq.name).length === 6 && p.on(p.catalog.extracted.name).length === 1,
      'six DLQ records and one extracted record',
    );

    const reasons = new Map((await p.failed()).map((f) => [f.documentId, f]));
    for (const [reason, incoming] of Object.entries(cases)) {
      expect(reasons.get(incoming.documentId), reason).toMatchObject({
        reason,
        stage: 'extract',
        attempts: 1,
      });
    }
    expect((await p.extracted())[0]?.documentId).toBe(good.documentId);
  });

  it('stops a document that runs past its budget, dead-letters it TIMEOUT once, and keeps going', async () => {
    // OCR of three dense scanned pages takes seconds: the job is stopped, with its worker thread and its
    // Tesseract processes, after one — and not tried again while it still runs (attempts: 1).
    const p = await extractPipeline({ deadlineMs: 1_000 });
    const page = Array.from(
      { length: 40 },
      (_, i) => `Line ${i + 1} of a page that takes time to read, word by word`,
    );
    const slow = await p.submit(await fixtures.scannedPdf([], { pages: [page, page, page, page, page] }));
    const quick = await p.submit(Buffer.from('plain text, quickly read'));
    await p.collector.waitFor(
      () => p.on(p.catalog.dlq.name).length === 1 && p.on(p.catalog.extracted.name).length === 1,
      'the TIMEOUT record and the quick one',
    );
    expect((await p.failed())[0]).toMatchObject({
      documentId: slow.documentId,
      reason: 'TIMEOUT',
      attempts: 1,
    });
    expect((await p.extracted())[0]?.documentId).toBe(quick.documentId);
  });

  it('extracts nothing for an erased document when its record is replayed, and goes on with the next', async () => {
    const p = await extractPipeline({}, 10);
    const erasedId = randomUUID();
    await new DeletionMarkers(p.store).write(sampleDeleted({ documentId: erasedId }));
    const long = 'INVOICE No. 9 — Total due: 99.00 EUR. '.repeat(5);
    await p.submit(Buffer.from(long), { documentId: erasedId, content: Buffer.from(long) });
    const after = await p.submit(Buffer.from(long));
    await p.collector.waitFor(
      () => p.on(p.catalog.extracted.name).length === 1,
      'the next document extracted',
    );
    expect((await p.extracted()).map((e) => e.documentId)).toEqual([after.documentId]);
    // Its text would have been stored (longer than the inline limit): it is not.
    expect(await p.store.exists(p.bucket, objectKeys.fullText(erasedId))).toBe(false);
    expect(await p.store.exists(p.bucket, objectKeys.fullText(after.documentId))).toBe(true);
    expect(p.on(p.catalog.dlq.name)).toEqual([]);
  });
});
