// The sink service: documents.classified, documents.dlq and documents.feedback → the object store. Wiring
// only; the logic is in packages/.
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { ResultStore } from '@docsort/document-results';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { dependencyChecks, loadHealthPort, startHealthServer } from '@docsort/service-health';
import { createFailureSinkStage, createFeedbackSinkStage, createResultSinkStage } from '@docsort/sink-stage';
import {
  jsonLineLogger,
  runUntilSignal,
  type Stage,
  StreamRuntime,
  topicBinding,
} from '@docsort/stream-runtime';

const logger = jsonLineLogger('sink');
try {
  const client = loadClientConfig();
  const store = new ObjectStore(loadObjectStoreConfig());
  await store.ensureBucket(store.config.bucket);
  const kafka = createKafka(client);
  const serde = new ConfluentAvroSerde(createSchemaRegistryClient(client));
  const options = { catalog: client.topics, store, results: new ResultStore(store) };
  // One runtime (and consumer group) per input topic: each keeps its own offsets, retries and DLQ.
  const runtime = <In>(stage: Stage<In>) =>
    new StreamRuntime({
      kafka,
      serde,
      stage,
      deadLetter: topicBinding(client.topics.dlq),
      options: { groupId: client.consumerGroup(stage.name) },
      logger,
    });
  const runtimes = [
    runtime(createResultSinkStage(options)),
    runtime(createFailureSinkStage(options)),
    runtime(createFeedbackSinkStage(options)),
  ];
  logger.info('sink service starting', { bucket: store.config.bucket });
  const health = await startHealthServer(loadHealthPort(9103), {
    ...dependencyChecks(store, client.schemaRegistry.url),
  });
  logger.info('health endpoints', { healthz: `${health.url}/healthz`, readyz: `${health.url}/readyz` });
  await runUntilSignal(...runtimes);
  await health.close();
  logger.info('sink service stopped');
} catch (error) {
  logger.error('sink service failed', { error: (error as Error).message });
  process.exitCode = 1;
}
