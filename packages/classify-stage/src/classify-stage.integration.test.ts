import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import {
  type DocumentClassified,
  type DocumentExtracted,
  type ModelPublished,
  messageSchema,
} from '@docsort/contracts';
import { ModelRegistry, modelAnnouncer } from '@docsort/model-registry';
import { ObjectStore, objectKeys } from '@docsort/object-store';
import { StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import { loadTaxonomy } from '@docsort/taxonomy';
import {
  type CollectedRecord,
  collectTopics,
  createTestBucket,
  createTestCatalog,
  createTestDirectory,
  sampleExtracted,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { defaultModelDir } from '@docsort/text-classifier';
import { applyTopics } from '@docsort/topic-admin';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createClassifyStage } from './classify-stage.ts';
import { LiveModel } from './live-model.ts';
import { ModelWatcher } from './model-watcher.ts';

const endpoints = testStackEndpoints();
const registryClient = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registryClient);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The shipped model under another version (and training-data hash), as a retrained model would be. */
function modelVersion(version: string): string {
  const dir = createTestDirectory('model');
  cpSync(defaultModelDir, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ ...manifest, version, dataHash: `hash-${version}` }),
  );
  return dir;
}

/** Topics and a bucket of its own on the real stack, and a model registry that announces on them. */
async function registryOnStack() {
  const catalog = createTestCatalog(endpoints);
  const bucket = await createTestBucket(endpoints, 'classify');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registryClient, catalog);
  await admin.disconnect();
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const producer = testKafka(endpoints).producer();
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  const announce = modelAnnouncer(
    producer,
    await serde.serializer<ModelPublished>(catalog.modelPublished.subject, messageSchema('ModelPublished')),
    catalog.modelPublished.name,
  );
  const registry = new ModelRegistry({ store, bucket, announce });
  return { catalog, bucket, store, producer, registry };
}

/** The classify stage with its model watcher, on its own topics and bucket on the real stack. */
async function classifyPipeline(options: { publishFirst: boolean; threads?: number }) {
  const { catalog, bucket, store, producer, registry } = await registryOnStack();
  if (options.publishFirst) await registry.publish(modelVersion('v1'));

  const model = new LiveModel();
  const watcher = new ModelWatcher({
    registry,
    name: 'docsort-text-cnn',
    version: 'latest',
    cacheDir: createTestDirectory('model-cache'),
    model,
    logger: silent,
    threads: options.threads ?? 1,
  });
  await watcher.start(testKafka(endpoints), catalog.modelPublished);
  const runtime = new StreamRuntime({
    kafka: testKafka(endpoints),
    serde,
    stage: createClassifyStage({
      catalog,
      store,
      model,
      taxonomy: loadTaxonomy(),
      defaultReviewThreshold: 0.6,
    }),
    deadLetter: topicBinding(catalog.dlq),
    options: { groupId: uniqueName('classify'), retry: { initialMs: 50, maxMs: 500 } },
  });
  await runtime.start();
  onTestFinished(async () => {
    await runtime.stop();
    await watcher.stop();
  });
  const collector = await collectTopics(endpoints, [
    catalog.classified.name,
    catalog.review.name,
    catalog.dlq.name,
  ]);
  const extractedSerializer = await serde.serializer<DocumentExtracted>(
    catalog.extracted.subject,
    messageSchema('DocumentExtracted'),
  );
  const produce = async (records: DocumentExtracted[]) => {
    await producer.send({
      topic: catalog.extracted.name,
      acks: -1,
      messages: records.map((r) => ({ key: r.documentId, value: extractedSerializer.serialize(r) })),
    });
  };
  const deserializer = serde.deserializer<DocumentClassified>(messageSchema('DocumentClassified'));
  const decoded = (topic: string) =>
    Promise.all(
      collector.records.filter((r) => r.topic === topic).map((r) => deserializer.deserialize(r.value)),
    );
  return { catalog, store, bucket, registry, model, produce, collector, decoded };
}

const invoiceText =
  'INVOICE No. 2024-0042\nBill to: Acme Ltd\nIssue date 2026-03-01  Payment due 2026-03-31\nQty Description Unit price Amount\n2 Consulting 400.00 800.00\nSubtotal 800.00 VAT 20% 160.00\nTotal due: 960.00 EUR\nPlease pay within 30 days to IBAN GB29 NWBK 6016 1331 9268 19.';
const payslipText =
  'PAYSLIP  Pay period: March 2026\nEmployee: Jane Doe  Employee no. 4411\nBasic salary 3,200.00\nOvertime 240.00\nGross pay 3,440.00\nIncome tax -520.00\nNational insurance -310.00\nNet pay 2,610.00\nYear to date gross 10,320.00';

describe('classify stage', () => {
  it('classifies by content (not the lying filename) in batches, and sends the unsure ones to review too', async () => {
    const p = await classifyPipeline({ publishFirst: true });
    const records = [
      ...Array.from({ length: 20 }, () =>
        sampleExtracted({ text: invoiceText, filename: 'payslip_march.pdf' }),
      ),
      ...Array.from({ length: 20 }, () => sampleExtracted({ text: payslipText, filename: 'IMG_2231.jpg' })),
      sampleExtracted({ text: 'zzkq xxv wpl', filename: 'scan_0003.pdf' }),
    ];
    // A long document whose record only references its text in the object store.
    const referenced = sampleExtracted({ text: '', textTruncated: true, filename: 'document (3).pdf' });
    const fullText = await p.store.write(
      p.bucket,
      objectKeys.fullText(referenced.documentId),
      Buffer.from(invoiceText),
    );
    records.push({ ...referenced, fullText: { ...fullText, versionId: null, etag: null } });
    await p.produce(records);

    const classifiedTopic = p.catalog.classified.name;
    await p.collector.waitFor(
      (r: readonly CollectedRecord[]) =>
        r.filter((x) => x.topic === classifiedTopic).length >= records.length,
      'every record classified',
    );
    const classified = await p.decoded(classifiedTopic);
    const byId = new Map(classified.map((c) => [c.documentId, c]));
    expect(byId.size).toBe(records.length);
    for (const r of records.slice(0, 20))
      expect(byId.get(r.documentId)).toMatchObject({ label: 'invoice', industry: 'finance' });
    for (const r of records.slice(20, 40))
      expect(byId.get(r.documentId)).toMatchObject({ label: 'payslip', industry: 'finance' });
    expect(byId.get(referenced.documentId)?.label).toBe('invoice');
    const first = classified[0] as DocumentClassified;
    expect(first.model).toEqual({ name: 'docsort-text-cnn', version: 'v1' });
    expect(first.topK).toHaveLength(3);
    expect(first.classifiedAt).toBeGreaterThanOrEqual(first.extractedAt);
    // What a reviewer needs to page through the document travels with its classification.
    expect(first).toMatchObject({ format: 'pdf', pageCount: 2 });

    const review = await p.decoded(p.catalog.review.name);
    const unsure = classified.filter((c) => c.needsReview);
    expect(new Set(review.map((c) => c.documentId))).toEqual(new Set(unsure.map((c) => c.documentId)));
    // Low confidence, or unfamiliar too (the gibberish may be either, by the model's evidence floor).
    expect(unsure.every((c) => c.confidence < 0.6 && c.reviewReason !== null)).toBe(true);
    const accepted = classified.filter((c) => !c.needsReview);
    expect(accepted.every((c) => c.confidence >= 0.6 && c.reviewReason === null)).toBe(true);
    expect(p.collector.records.filter((r) => r.topic === p.catalog.dlq.name)).toEqual([]);

    // Those sent to review keep their text (for the review page and shadow evaluation); the others store none.
    expect(unsure.length).toBeGreaterThan(0);
    const textKeys = new Set([referenced, ...unsure].map((c) => objectKeys.fullText(c.documentId)));
    expect(await p.store.listKeys(p.bucket, 'text/')).toEqual([...textKeys].sort());
    const recordById = new Map(records.map((r) => [r.documentId, r]));
    for (const c of unsure.filter((u) => u.documentId !== referenced.documentId)) {
      const kept = await p.store.read(p.bucket, objectKeys.fullText(c.documentId), 1 << 20);
      expect(kept.toString('utf8')).toBe(recordById.get(c.documentId)?.text);
    }
  });

  it('waits without a model (not ready, says why), then hot-swaps on models.published without dropping or repeating a document', async () => {
    // Two inference threads: the pool is what gets swapped.
    const p = await classifyPipeline({ publishFirst: false, threads: 2 });
    expect(p.model.ready).toBe(false);
    expect(p.model.notReadyReason).toMatch(/no model "docsort-text-cnn" is published/);
    const batch = () => Array.from({ length: 60 }, () => sampleExtracted({ text: invoiceText }));
    const before = batch();
    await p.produce(before);

    await p.registry.publish(modelVersion('v1'));
    const classifiedTopic = p.catalog.classified.name;
    const count = () => p.collector.records.filter((x) => x.topic === classifiedTopic).length;
    await p.collector.waitFor(() => count() >= 60, 'the records that waited for a model', 60_000);
    expect(p.model.ready).toBe(true);

    const during = [...batch(), ...batch()];
    const producing = p.produce(during);
    await p.registry.publish(modelVersion('v2'));
    await producing;
    await p.collector.waitFor(() => p.model.current?.manifest.version === 'v2', 'the swap to v2', 60_000);
    const after = batch();
    await p.produce(after);
    const all = [...before, ...during, ...after];
    await p.collector.waitFor(() => count() >= all.length, 'every record classified', 60_000);

    const classified = await p.decoded(classifiedTopic);
    expect(classified).toHaveLength(all.length);
    expect(new Set(classified.map((c) => c.documentId))).toEqual(new Set(all.map((r) => r.documentId)));
    const versionOf = new Map(classified.map((c) => [c.documentId, c.model.version]));
    expect(before.every((r) => versionOf.get(r.documentId) === 'v1')).toBe(true);
    expect(after.every((r) => versionOf.get(r.documentId) === 'v2')).toBe(true);
    // Per partition, in output order: once a record was classified by v2, none after it by v1.
    const records = p.collector.records.filter((r) => r.topic === classifiedTopic);
    for (const partition of new Set(records.map((r) => r.partition))) {
      const versions = classified
        .filter((_, i) => records[i]?.partition === partition)
        .map((c) => c.model.version);
      expect(versions.join(',')).toMatch(/^(v1,)*(v2,)*v2$|^(v1,)*v1$/);
    }
  });

  it('follows models.published across a restart without leaving a consumer group behind', async () => {
    const { catalog, registry } = await registryOnStack();
    const admin = testKafka(endpoints).admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const groupsBefore = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    await registry.publish(modelVersion('v1'));
    const model = new LiveModel();
    const cacheDir = createTestDirectory('model-cache');
    const startWatcher = async () => {
      const watcher = new ModelWatcher({
        registry,
        name: 'docsort-text-cnn',
        version: 'latest',
        cacheDir,
        model,
        logger: silent,
      });
      await watcher.start(testKafka(endpoints), catalog.modelPublished);
      return watcher;
    };

    // A restart: the first watcher stops, a second one starts as a new process would, and still follows.
    await (await startWatcher()).stop();
    const watcher = await startWatcher();
    expect(model.current?.manifest.version).toBe('v1');
    await registry.publish(modelVersion('v2'));
    await expect.poll(() => model.current?.manifest.version, { timeout: 60_000 }).toBe('v2');
    await watcher.stop();

    // Groups made meanwhile (other tests' too): none may have read this test's models topic.
    const newGroups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((groupId) => !groupsBefore.has(groupId));
    const readers: string[] = [];
    for (const groupId of newGroups) {
      const offsets = await admin.fetchOffsets({ groupId, topics: [catalog.modelPublished.name] });
      if (offsets.some((t) => t.partitions.some((p) => p.offset !== '-1'))) readers.push(groupId);
    }
    expect(readers).toEqual([]);
  });
});
