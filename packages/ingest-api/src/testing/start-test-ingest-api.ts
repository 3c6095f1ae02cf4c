import type { ConfluentAvroSerde } from '@docsort/avro-serde';
import {
  type ClassificationFeedback,
  type DocumentIncoming,
  messageSchema,
  type TopicCatalog,
} from '@docsort/contracts';
import { ResultStore } from '@docsort/document-results';
import type { StackEndpoints } from '@docsort/local-stack';
import type { ObjectStore } from '@docsort/object-store';
import { recordPublisher } from '@docsort/stream-runtime';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { testKafka } from '@docsort/test-harness';
import { Partitioners } from 'kafkajs';
import { onTestFinished } from 'vitest';
import { DocumentSubmitter } from '../document-submitter.ts';
import { buildIngestApi } from '../http-api.ts';
import { type IngestConfig, loadIngestConfig } from '../ingest-config.ts';

/** The ingest API on a free port over a test's catalog and store; closed when the test finishes. */
export async function startTestIngestApi(deps: {
  endpoints: StackEndpoints;
  serde: ConfluentAvroSerde;
  catalog: TopicCatalog;
  store: ObjectStore;
  config?: Partial<IngestConfig>;
}): Promise<{ address: string }> {
  const producer = testKafka(deps.endpoints).producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const config = { ...loadIngestConfig({}), port: 0, ...deps.config };
  const submitter = new DocumentSubmitter({
    store: deps.store,
    producer,
    serializer: await deps.serde.serializer<DocumentIncoming>(
      deps.catalog.incoming.subject,
      messageSchema('DocumentIncoming'),
    ),
    topic: deps.catalog.incoming.name,
    maxUploadBytes: config.maxUploadBytes,
    deduplicate: config.deduplicate,
  });
  const app = await buildIngestApi({
    config,
    submitter,
    store: deps.store,
    isProducerReady: () => true,
    results: new ResultStore(deps.store),
    sendFeedback: recordPublisher(
      producer,
      await deps.serde.serializer<ClassificationFeedback>(
        deps.catalog.feedback.subject,
        messageSchema('ClassificationFeedback'),
      ),
      deps.catalog.feedback.name,
      (feedback) => feedback.documentId,
    ),
    labels: labelNames(loadTaxonomy()),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(async () => {
    await app.close();
    await producer.disconnect();
  });
  return { address };
}
