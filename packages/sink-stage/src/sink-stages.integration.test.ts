import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import {
  type DocumentClassified,
  type DocumentFailed,
  messageSchema,
  type SchemaName,
  type TopicSpec,
} from '@docsort/contracts';
import { ResultStore, readReviewedDocuments } from '@docsort/document-results';
import { startTestIngestApi } from '@docsort/ingest-api/testing';
import { waitUntil } from '@docsort/local-stack';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import { type Stage, StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  sampleClassified,
  sampleFailed,
  sampleFeedback,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createFailureSinkStage, createFeedbackSinkStage, createResultSinkStage } from './sink-stages.ts';

const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

/** The three sink stages and the ingest API over one test catalog and bucket on the real stack. */
async function sinkPipeline() {
  const catalog = createTestCatalog(endpoints, 2);
  const bucket = await createTestBucket(endpoints, 'sink');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const results = new ResultStore(store);
  let processed = 0;
  const commits: Array<{ topic: string; offset: bigint }> = [];
  const run = async <In>(stage: Stage<In>) => {
    const runtime = new StreamRuntime({
      kafka: testKafka(endpoints),
      serde,
      stage,
      deadLetter: topicBinding(catalog.dlq),
      options: { groupId: uniqueName(stage.name), retry: { initialMs: 50, maxMs: 200 } },
      observer: {
        processed: () => {
          processed += 1;
        },
        committed: ({ topic, offset }) => {
          commits.push({ topic, offset: BigInt(offset) });
        },
      },
    });
    await runtime.start();
    onTestFinished(() => runtime.stop());
  };
  const options = { catalog, store, results };
  await run(createResultSinkStage(options));
  await run(createFailureSinkStage(options));
  await run(createFeedbackSinkStage(options));
  const { address } = await startTestIngestApi({ endpoints, serde, catalog, store });
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  const produce = async (
    spec: TopicSpec,
    schema: SchemaName,
    records: Array<{ documentId: string | null }>,
  ) => {
    const serializer = await serde.serializer<unknown>(spec.subject, messageSchema(schema));
    await producer.send({
      topic: spec.name,
      acks: -1,
      messages: records.map((r) => ({ key: r.documentId, value: serializer.serialize(r) })),
    });
  };
  /** Waits until the sink has processed `n` records in all (results are written before that counts). */
  const processedAtLeast = (n: number) =>
    waitUntil(() => processed >= n, { timeoutMs: 30_000, intervalMs: 50, description: `${n} records sunk` });
  const original = (documentId: string) =>
    store.write(bucket, objectKeys.document(documentId), Buffer.from('%PDF-1.7'));
  /** The analytics lines of every object under analytics/, once there are at least `n`. */
  const analyticsLines = async (n: number) => {
    let lines: DocumentClassified[] = [];
    await waitUntil(
      async () => {
        const keys = await store.listKeys(bucket, 'analytics/');
        const objects = await Promise.all(keys.map((key) => store.read(bucket, key, 1 << 20)));
        lines = objects.flatMap((bytes) =>
          bytes
            .toString('utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as DocumentClassified),
        );
        return lines.length >= n;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: `${n} analytics lines` },
    );
    return lines;
  };
  return {
    catalog,
    store,
    bucket,
    results,
    address,
    commits,
    produce,
    processedAtLeast,
    original,
    analyticsLines,
  };
}

const classified = (documentId: string, version: string, label = 'invoice'): DocumentClassified =>
  sampleClassified({ documentId, label, model: { name: 'docsort-text-cnn', version } });

describe('sink stages and the document status API', () => {
  it('writes the analytics lines of records sunk together as one JSON Lines object per day', async () => {
    const p = await sinkPipeline();
    const ids = Array.from({ length: 30 }, () => crypto.randomUUID());
    await p.produce(
      p.catalog.classified,
      'DocumentClassified',
      ids.map((id) => classified(id, '2026.11.22')),
    );
    const lines = await p.analyticsLines(ids.length);
    expect(lines.map((line) => line.documentId).sort()).toEqual([...ids].sort());
    const keys = await p.store.listKeys(p.bucket, 'analytics/');
    // One produce request of 30 records over 2 partitions: fetched together, far fewer than 30 objects.
    expect(keys.length).toBeLessThan(ids.length / 2);
    const name = new RegExp(
      `^analytics/date=\\d{4}-\\d{2}-\\d{2}/${p.catalog.classified.name}-[01]-\\d+\\.jsonl$`,
    );
    for (const key of keys) expect(key).toMatch(name);
  });

  it('writes results idempotently, lets the newest model win, records failures, and answers GET /v1/documents/{id}', async () => {
    const p = await sinkPipeline();
    const [a, c, d] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [a, c, d]) await p.original(id);

    await p.produce(p.catalog.classified, 'DocumentClassified', [classified(a, '2026.11.22', 'receipt')]);
    await p.processedAtLeast(1);
    // Redelivery, an older model, and a late failure: none of them changes the answer.
    await p.produce(p.catalog.classified, 'DocumentClassified', [
      classified(a, '2026.11.22', 'receipt'),
      classified(a, '2026.11.9', 'invoice'),
    ]);
    const failure: DocumentFailed = sampleFailed({ documentId: a, stage: 'classify', reason: 'TIMEOUT' });
    await p.produce(p.catalog.dlq, 'DocumentFailed', [
      failure,
      sampleFailed({
        documentId: c,
        stage: 'extract',
        reason: 'ENCRYPTED',
        message: 'the PDF is password-protected',
      }),
      sampleFailed({ documentId: null }),
    ]);
    await p.processedAtLeast(6);

    const resultA = await p.results.read(a);
    expect(resultA).toMatchObject({
      status: 'classified',
      classification: { label: 'receipt', model: { version: '2026.11.22' } },
    });
    // A line for the result and one for its redelivery (same content, rewritten), none for the older model.
    const lines = await p.analyticsLines(2);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ documentId: a, label: 'receipt', model: { version: '2026.11.22' } });
    }
    const tags = await p.store.client.getObjectTagging(p.bucket, objectKeys.document(a));
    expect(tags).toEqual(expect.arrayContaining([{ Key: 'docsort-label', Value: 'receipt' }]));

    const get = async (id: string) => {
      const response = await fetch(`${p.address}/v1/documents/${id}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await get(a)).toMatchObject({
      status: 200,
      body: { documentId: a, status: 'classified', label: 'receipt' },
    });
    expect(await get(c)).toMatchObject({
      status: 200,
      body: {
        documentId: c,
        status: 'failed',
        stage: 'extract',
        reason: 'ENCRYPTED',
        message: 'the PDF is password-protected',
      },
    });
    expect(await get(d)).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect((await get(crypto.randomUUID())).status).toBe(404);
  });

  it('parks a DLQ record it cannot record (a corrupt stored result) rather than dead-letter it to its own input', async () => {
    const p = await sinkPipeline();
    const { dlq, dlqParked } = p.catalog;
    const collector = await collectTopics(endpoints, [dlq.name, dlqParked.name]);
    const on = (topic: string) => collector.records.filter((r) => r.topic === topic);
    const id = crypto.randomUUID();
    await p.store.write(p.bucket, objectKeys.result(id), Buffer.from('{"documentId": "truncat'));
    const failure = sampleFailed({ documentId: id, stage: 'extract', reason: 'CORRUPT' });
    await p.produce(dlq, 'DocumentFailed', [failure]);

    // The failure stage commits past the record only once what it made of it is acknowledged.
    await waitUntil(() => p.commits.some((c) => c.topic === dlq.name && c.offset >= 1n), {
      timeoutMs: 30_000,
      description: 'the DLQ record committed',
    });
    await collector.waitFor(
      () => on(dlqParked.name).length >= 1 || on(dlq.name).length > 1,
      'the record parked (or back on the DLQ)',
    );
    expect(on(dlq.name)).toHaveLength(1);
    expect(on(dlqParked.name)).toHaveLength(1);
    const [parkedRecord] = on(dlqParked.name);
    const deserializer = serde.deserializer<DocumentFailed>(messageSchema('DocumentFailed'));
    const parked = await deserializer.deserialize(parkedRecord?.value ?? null);
    // Kept with the reason it could not be recorded, and the DLQ record whole, for a replay once fixed.
    expect(parked).toMatchObject({
      documentId: id,
      stage: 'sink-failures',
      reason: 'INTERNAL',
      errorClass: 'SyntaxError',
      original: { topic: dlq.name, offset: 0 },
    });
    expect(parked.original.value?.equals(on(dlq.name)[0]?.value as Buffer)).toBe(true);
    expect(await deserializer.deserialize(parked.original.value)).toEqual(failure);
  });

  it('turns feedback posted to the API into a training example, and moves it when corrected again', async () => {
    const p = await sinkPipeline();
    const id = crypto.randomUUID();
    await p.original(id);
    const post = (body: unknown, documentId = id) =>
      fetch(`${p.address}/v1/documents/${documentId}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ label: 'no_such_label' })).status).toBe(400);
    expect((await post({ label: 'receipt' }, crypto.randomUUID())).status).toBe(404);
    expect((await post({ label: 'receipt', reviewer: 'jane@acme.example' })).status).toBe(202);
    const examples = () => p.store.listKeys(p.bucket, 'training/');
    await waitUntil(async () => (await examples()).length === 1, {
      timeoutMs: 30_000,
      description: 'a training example',
    });
    expect(await examples()).toEqual([
      expect.stringMatching(new RegExp(`^training/receipt/[0-9a-f]{16}-feedback-${id}$`)),
    ]);

    expect((await post({ label: 'invoice' })).status).toBe(202);
    await waitUntil(async () => (await examples()).every((k) => k.startsWith('training/invoice/')), {
      timeoutMs: 30_000,
      description: 'the example moved to invoice',
    });
    expect(await examples()).toHaveLength(1);
  });

  it("keeps a reviewed document's label and stored text for shadow evaluation, and nothing for one without text", async () => {
    const p = await sinkPipeline();
    const [reviewed, textless] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [reviewed, textless]) await p.original(id);
    // What the classify stage keeps for a document it sends to review, and the result the sink wrote.
    await p.store.write(p.bucket, objectKeys.fullText(reviewed), Buffer.from('PAYSLIP Net pay 2,610.00'));
    await p.produce(p.catalog.classified, 'DocumentClassified', [
      sampleClassified({ documentId: reviewed, filename: 'scan_0007.pdf', tenant: 'acme' }),
    ]);
    await p.processedAtLeast(1);
    const correction = sampleFeedback({ documentId: reviewed, correctLabel: 'payslip', tenant: 'acme' });
    await p.produce(p.catalog.feedback, 'ClassificationFeedback', [
      correction,
      sampleFeedback({ documentId: textless, correctLabel: 'receipt' }),
    ]);
    await p.processedAtLeast(3);
    expect(await readReviewedDocuments(p.store, 10)).toEqual([
      {
        documentId: reviewed,
        tenant: 'acme',
        label: 'payslip',
        reviewer: correction.reviewer,
        at: correction.at,
        filename: 'scan_0007.pdf',
        text: 'PAYSLIP Net pay 2,610.00',
      },
    ]);
    expect(await p.store.listKeys(p.bucket, 'reviewed/')).toEqual([objectKeys.reviewed(reviewed)]);
  });

  it('erases an uploaded, classified, corrected document, and a replay of its records brings nothing back', async () => {
    const p = await sinkPipeline();
    const upload = new FormData();
    upload.append('file', new Blob(['%PDF-1.7 a payslip']), 'payslip.pdf');
    const accepted = await fetch(`${p.address}/v1/documents`, { method: 'POST', body: upload });
    const id = ((await accepted.json()) as { documents: Array<{ documentId: string }> }).documents[0]
      ?.documentId as string;
    const document = (path = '', init?: RequestInit) => fetch(`${p.address}/v1/documents/${id}${path}`, init);
    // What the classify stage would produce for it, then a reviewer's correction.
    const classifiedRecord = classified(id, '2026.11.22', 'payslip');
    await p.produce(p.catalog.classified, 'DocumentClassified', [classifiedRecord]);
    await p.processedAtLeast(1);
    // Its text, as the classify stage keeps it for a document sent to review: the correction keeps a copy.
    await p.store.write(p.bucket, objectKeys.fullText(id), Buffer.from('a payslip'));
    const feedback = { label: 'receipt', reviewer: 'jane@acme.example' };
    const posted = await document('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(feedback),
    });
    expect(posted.status).toBe(202);
    await p.processedAtLeast(2);
    await p.analyticsLines(1);
    expect((await document()).status).toBe(200);
    expect(await p.store.listKeys(p.bucket, 'training/')).toHaveLength(1);
    expect(await p.store.listKeys(p.bucket, 'reviewed/')).toEqual([objectKeys.reviewed(id)]);

    expect((await document('', { method: 'DELETE' })).status).toBe(204);
    expect((await document()).status).toBe(404);
    const stored = async () =>
      (await p.store.listKeys(p.bucket, '')).filter((key) => !key.startsWith(`deleted/${id}`));
    expect(await stored()).toEqual([]);

    // The whole history of the document again, as a replay of its topics would deliver it.
    await p.produce(p.catalog.classified, 'DocumentClassified', [classifiedRecord]);
    await p.produce(p.catalog.dlq, 'DocumentFailed', [sampleFailed({ documentId: id })]);
    await p.produce(p.catalog.feedback, 'ClassificationFeedback', [
      sampleFeedback({ documentId: id, correctLabel: 'invoice' }),
    ]);
    // The feedback fails (its original is gone) to the DLQ, whose record the failure sink reads too: 2 + 3.
    await p.processedAtLeast(5);
    expect((await document()).status).toBe(404);
    expect(await p.results.read(id)).toBeUndefined();
    expect(await stored()).toEqual([]);
  });
});
