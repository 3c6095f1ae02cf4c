import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentExtracted, type DocumentFailed, messageSchema } from '@docsort/contracts';
import { createExtractStage, ExtractionPool } from '@docsort/extract-stage';
import { defaultExtractionLimits } from '@docsort/extractors';
import * as fixtures from '@docsort/extractors/testing';
import { ObjectStore } from '@docsort/object-store';
import { StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createBucketEventStage } from './bucket-events.ts';
import { configureInbox } from './configure-inbox.ts';
import { startTestIngestApi } from './testing/start-test-ingest-api.ts';

const run = promisify(execFile);
const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);
const directProduceExample = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../services/ingest/examples/direct-produce.ts',
);

let pool: ExtractionPool;
beforeAll(async () => {
  pool = new ExtractionPool({ threads: 2, deadlineMs: 60_000, maxHeapMb: 512 });
  await pool.warmUp();
  return () => pool.close();
});

/**
 * Ingest and extract together, on the real stack: every way in (HTTP, a bucket drop, a direct produce)
 * must end in documents.extracted, or documents.dlq for a bad file.
 */
async function pipeline() {
  const catalog = createTestCatalog(endpoints);
  const bucket = await createTestBucket(endpoints, 'docs');
  const inboxBucket = await createTestBucket(endpoints, 'inbox');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog, [endpoints.s3.notifyTopic]);
  await admin.disconnect();
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket });
  await configureInbox(store, endpoints.s3.notifyArn);

  const runtimes = [
    new StreamRuntime({
      kafka: testKafka(endpoints),
      serde,
      stage: createExtractStage({
        catalog,
        store,
        pool,
        limits: defaultExtractionLimits,
        inlineTextChars: 10_000,
        maxDepth: 2,
      }),
      deadLetter: topicBinding(catalog.dlq),
      options: { groupId: uniqueName('extract') },
    }),
    new StreamRuntime({
      kafka: testKafka(endpoints),
      serde,
      stage: createBucketEventStage(catalog, endpoints.s3.notifyTopic, inboxBucket),
      deadLetter: topicBinding(catalog.dlq),
      options: { groupId: uniqueName('inbox') },
    }),
  ];
  for (const runtime of runtimes) await runtime.start();
  onTestFinished(async () => {
    for (const runtime of runtimes) await runtime.stop();
  });
  const { address } = await startTestIngestApi({
    endpoints,
    serde,
    catalog,
    store,
    config: { deduplicate: false },
  });
  const collector = await collectTopics(endpoints, [catalog.extracted.name, catalog.dlq.name]);
  const extracted = async () =>
    Promise.all(
      collector.records
        .filter((r) => r.topic === catalog.extracted.name)
        .map((r) =>
          serde.deserializer<DocumentExtracted>(messageSchema('DocumentExtracted')).deserialize(r.value),
        ),
    );
  const failed = async () =>
    Promise.all(
      collector.records
        .filter((r) => r.topic === catalog.dlq.name)
        .map((r) => serde.deserializer<DocumentFailed>(messageSchema('DocumentFailed')).deserialize(r.value)),
    );
  return { catalog, bucket, inboxBucket, store, address, collector, extracted, failed };
}

describe('every way in ends in documents.extracted', () => {
  it('HTTP upload, bucket drop and direct produce; a bad upload ends in the DLQ', async () => {
    const p = await pipeline();

    // HTTP
    const form = new FormData();
    form.append(
      'file',
      new Blob([await fixtures.docx(['NON-DISCLOSURE AGREEMENT', 'Confidential information'])]),
      'scan_0003.pdf',
    );
    const httpResponse = await fetch(`${p.address}/v1/documents`, { method: 'POST', body: form });
    const httpId = ((await httpResponse.json()) as { documents: Array<{ documentId: string }> }).documents[0]
      ?.documentId;

    // Bucket drop: a file put into the inbox bucket by anyone with access.
    await p.store.write(
      p.inboxBucket,
      'drops/IMG_4411.jpg',
      fixtures.html('Purchase Order', ['PO number 4411, deliver by Friday.']),
    );

    // Direct produce: the example a producer would follow, as its own process.
    const directFile = join(dirname(fileURLToPath(import.meta.url)), '../README.md');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', directProduceExample, directFile], {
      env: {
        ...process.env,
        DOCSORT_KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
        DOCSORT_SCHEMA_REGISTRY_URL: endpoints.schemaRegistry.url,
        DOCSORT_TOPIC_PREFIX: p.catalog.incoming.name.replace(/\.incoming$/, ''),
        DOCSORT_S3_ENDPOINT: endpoints.s3.endpoint,
        DOCSORT_S3_ACCESS_KEY: endpoints.s3.accessKey,
        DOCSORT_S3_SECRET_KEY: endpoints.s3.secretKey,
        DOCSORT_S3_BUCKET: p.bucket,
      },
    });
    const directId = (JSON.parse(stdout) as { documentId: string }).documentId;

    // A bad file through HTTP.
    const bad = new FormData();
    bad.append('file', new Blob([await fixtures.pdf(['locked'], { userPassword: 'pw' })]), 'statement.pdf');
    const badId = (
      (await (await fetch(`${p.address}/v1/documents`, { method: 'POST', body: bad })).json()) as {
        documents: Array<{ documentId: string }>;
      }
    ).documents[0]?.documentId;

    await p.collector.waitFor(
      (records) =>
        records.filter((r) => r.topic === p.catalog.extracted.name).length >= 3 &&
        records.some((r) => r.topic === p.catalog.dlq.name),
      'three extracted documents and one DLQ record',
    );
    const records = await p.extracted();
    expect(records.find((r) => r.documentId === httpId)).toMatchObject({
      detectedFormat: 'docx',
      filename: 'scan_0003.pdf',
    });
    expect(records.find((r) => r.source.bucket === p.inboxBucket)).toMatchObject({
      detectedFormat: 'html',
      filename: 'IMG_4411.jpg',
      source: { key: 'drops/IMG_4411.jpg' },
    });
    expect(records.find((r) => r.documentId === directId)).toMatchObject({
      detectedFormat: 'text',
      filename: 'README.md',
    });
    expect((await p.failed()).find((f) => f.documentId === badId)).toMatchObject({
      reason: 'ENCRYPTED',
      stage: 'extract',
    });
  });
});
