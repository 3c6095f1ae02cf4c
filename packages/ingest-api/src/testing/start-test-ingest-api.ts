import type { ConfluentAvroSerde } from '@docsort/avro-serde';
import type { TopicCatalog } from '@docsort/contracts';
import type { StackEndpoints } from '@docsort/local-stack';
import type { ObjectStore } from '@docsort/object-store';
import type { ReviewConfig } from '@docsort/review-queue';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { testKafka } from '@docsort/test-harness';
import type { FastifyBaseLogger } from 'fastify';
import { Partitioners } from 'kafkajs';
import { onTestFinished } from 'vitest';
import { createIngestApi } from '../create-ingest-api.ts';
import { type IngestConfig, loadIngestConfig } from '../ingest-config.ts';

/** The ingest API on a free port over a test's catalog and store; closed when the test finishes. */
export async function startTestIngestApi(deps: {
  endpoints: StackEndpoints;
  serde: ConfluentAvroSerde;
  catalog: TopicCatalog;
  store: ObjectStore;
  config?: Partial<IngestConfig>;
  logger?: FastifyBaseLogger;
  review?: ReviewConfig;
}): Promise<{ address: string }> {
  const producer = testKafka(deps.endpoints).producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const config = { ...loadIngestConfig({}), port: 0, ...deps.config };
  const app = await createIngestApi({
    config,
    catalog: deps.catalog,
    store: deps.store,
    producer,
    serde: deps.serde,
    labels: labelNames(loadTaxonomy()),
    isProducerReady: () => true,
    logger: deps.logger,
    review: deps.review,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(async () => {
    await app.close();
    await producer.disconnect();
  });
  return { address };
}
