// The extract service: documents.incoming → documents.extracted. Wiring only; the logic is in packages/.
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { createExtractStage, ExtractionPool, loadExtractConfig } from '@docsort/extract-stage';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { dependencyChecks, loadHealthPort, startHealthServer } from '@docsort/service-health';
import { jsonLineLogger, runUntilSignal, StreamRuntime, topicBinding } from '@docsort/stream-runtime';

const logger = jsonLineLogger('extract');
try {
  const client = loadClientConfig();
  const extract = loadExtractConfig();
  const store = new ObjectStore(loadObjectStoreConfig());
  await store.ensureBucket(store.config.bucket);
  const pool = new ExtractionPool({
    threads: extract.threads,
    jobTimeoutMs: extract.jobTimeoutMs,
    maxHeapMb: extract.maxHeapMb,
  });
  await pool.warmUp();
  const runtime = new StreamRuntime({
    kafka: createKafka(client),
    serde: new ConfluentAvroSerde(createSchemaRegistryClient(client)),
    stage: createExtractStage({ catalog: client.topics, store, pool, ...extract }),
    deadLetter: topicBinding(client.topics.dlq),
    options: { groupId: client.consumerGroup('extract') },
    logger,
  });
  logger.info('extract service starting', { threads: pool.threads, input: client.topics.incoming.name });
  const health = await startHealthServer(loadHealthPort(9101), {
    ...dependencyChecks(store, client.schemaRegistry.url),
  });
  logger.info('health endpoints', { healthz: `${health.url}/healthz`, readyz: `${health.url}/readyz` });
  await runUntilSignal(runtime);
  await health.close();
  await pool.close();
  logger.info('extract service stopped');
} catch (error) {
  logger.error('extract service failed', { error: (error as Error).message });
  process.exitCode = 1;
}
