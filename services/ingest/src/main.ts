// The ingest service: the HTTP upload API and the inbox bucket's notifications, both into
// documents.incoming. Wiring only; the logic is in packages/.
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { createBucketEventStage, createIngestApi, loadIngestConfig } from '@docsort/ingest-api';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { jsonLineLogger, runUntilSignal, StreamRuntime, topicBinding } from '@docsort/stream-runtime';
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
  const api = await createIngestApi({
    config: ingest,
    catalog: client.topics,
    store,
    producer,
    serde,
    labels: labelNames(loadTaxonomy()),
    isProducerReady: () => producerReady,
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
