// The ingest service: the HTTP upload API and the inbox bucket's notifications, both into
// documents.incoming. Wiring only; the logic is in packages/.
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { type ClassificationFeedback, type DocumentIncoming, messageSchema } from '@docsort/contracts';
import { ResultStore } from '@docsort/document-results';
import {
  buildIngestApi,
  createBucketEventStage,
  DocumentSubmitter,
  loadIngestConfig,
} from '@docsort/ingest-api';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import {
  jsonLineLogger,
  recordPublisher,
  runUntilSignal,
  StreamRuntime,
  topicBinding,
} from '@docsort/stream-runtime';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { Partitioners } from 'kafkajs';

const logger = jsonLineLogger('ingest');
try {
  const client = loadClientConfig();
  const ingest = loadIngestConfig();
  const store = new ObjectStore(loadObjectStoreConfig());
  await store.ensureBucket(store.config.bucket);
  const kafka = createKafka(client);
  const serde = new ConfluentAvroSerde(createSchemaRegistryClient(client));
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  let producerReady = false;
  producer.on(producer.events.CONNECT, () => {
    producerReady = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    producerReady = false;
  });
  await producer.connect();
  const submitter = new DocumentSubmitter({
    store,
    producer,
    serializer: await serde.serializer<DocumentIncoming>(
      client.topics.incoming.subject,
      messageSchema('DocumentIncoming'),
    ),
    topic: client.topics.incoming.name,
    maxUploadBytes: ingest.maxUploadBytes,
    deduplicate: ingest.deduplicate,
  });
  const api = await buildIngestApi({
    config: ingest,
    submitter,
    store,
    isProducerReady: () => producerReady,
    results: new ResultStore(store),
    sendFeedback: recordPublisher(
      producer,
      await serde.serializer<ClassificationFeedback>(
        client.topics.feedback.subject,
        messageSchema('ClassificationFeedback'),
      ),
      client.topics.feedback.name,
      (feedback) => feedback.documentId,
    ),
    labels: labelNames(loadTaxonomy()),
  });
  const address = await api.listen({ host: ingest.host, port: ingest.port });
  logger.info('ingest API listening', { address, docs: `${address}/docs` });

  const inbox = new StreamRuntime({
    kafka,
    serde,
    stage: createBucketEventStage(client.topics, client.inboxEventsTopic, store.config.inboxBucket),
    deadLetter: topicBinding(client.topics.dlq),
    options: { groupId: client.consumerGroup('ingest') },
    logger,
  });
  await runUntilSignal(inbox);
  await api.close();
  await producer.disconnect();
  logger.info('ingest service stopped');
} catch (error) {
  logger.error('ingest service failed', { error: (error as Error).message });
  process.exitCode = 1;
}
