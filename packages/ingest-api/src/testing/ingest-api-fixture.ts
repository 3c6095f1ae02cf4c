import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import { type DocumentIncoming, messageSchema } from '@docsort/contracts';
import { ObjectStore } from '@docsort/object-store';
import type { ReviewConfig } from '@docsort/review-queue';
import {
  collectTopics,
  createTestBucket,
  createTestCatalog,
  testKafka,
  testStackEndpoints,
} from '@docsort/test-harness';
import { applyTopics } from '@docsort/topic-admin';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestConfig } from '../ingest-config.ts';
import { startTestIngestApi } from './start-test-ingest-api.ts';

export const endpoints = testStackEndpoints();
const registry = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
const serde = new ConfluentAvroSerde(registry);

/** The ingest API on a free port, over its own topics and bucket on the real stack. */
export async function startIngestApiFixture(
  overrides: Partial<IngestConfig> = {},
  options: { logger?: FastifyBaseLogger; store?: ObjectStore; review?: ReviewConfig } = {},
) {
  const catalog = createTestCatalog(endpoints);
  const bucket = await createTestBucket(endpoints, 'ingest');
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registry, catalog);
  await admin.disconnect();
  const store = options.store ?? new ObjectStore({ ...endpoints.s3, bucket, inboxBucket: bucket });
  const { address } = await startTestIngestApi({
    endpoints,
    serde,
    catalog,
    store,
    config: overrides,
    logger: options.logger,
    review: options.review,
  });
  const collector = await collectTopics(endpoints, [catalog.incoming.name]);
  const incoming = async () => {
    const deserializer = serde.deserializer<DocumentIncoming>(messageSchema('DocumentIncoming'));
    return Promise.all(collector.records.map((r) => deserializer.deserialize(r.value)));
  };
  const upload = (
    files: Array<{ bytes: Buffer; name: string; type?: string }>,
    fields: Record<string, string> = {},
    headers = {},
  ) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files)
      form.append(
        'file',
        new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    return fetch(`${address}/v1/documents`, { method: 'POST', body: form, headers });
  };
  return { address, bucket, store, catalog, collector, incoming, upload };
}
