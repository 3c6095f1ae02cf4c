// The classify service: documents.extracted → documents.classified (+ documents.review). Wiring only; the
// logic is in packages/.
import { ConfluentAvroSerde } from '@docsort/avro-serde';
import { createClassifyStage, LiveModel, loadClassifyConfig, ModelWatcher } from '@docsort/classify-stage';
import { createKafka, createSchemaRegistryClient, loadClientConfig } from '@docsort/client-config';
import { ModelRegistry } from '@docsort/model-registry';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import { dependencyChecks, loadHealthPort, startHealthServer } from '@docsort/service-health';
import { jsonLineLogger, runUntilSignal, StreamRuntime, topicBinding } from '@docsort/stream-runtime';
import { loadTaxonomy } from '@docsort/taxonomy';

const logger = jsonLineLogger('classify');
try {
  const client = loadClientConfig();
  const config = loadClassifyConfig();
  const taxonomy = loadTaxonomy();
  const store = new ObjectStore(loadObjectStoreConfig());
  const kafka = createKafka(client);
  const serde = new ConfluentAvroSerde(createSchemaRegistryClient(client));
  const model = new LiveModel();
  const watcher = new ModelWatcher({
    registry: new ModelRegistry({ store, bucket: store.config.bucket }),
    name: config.modelName,
    version: config.modelVersion,
    cacheDir: config.modelCacheDir,
    model,
    logger,
    threads: config.threads,
  });
  await watcher.start(kafka, serde, client.topics.modelPublished);
  const runtime = new StreamRuntime({
    kafka,
    serde,
    stage: createClassifyStage({
      catalog: client.topics,
      store,
      model,
      taxonomy,
      defaultReviewThreshold: config.defaultReviewThreshold,
    }),
    deadLetter: topicBinding(client.topics.dlq),
    options: { groupId: client.consumerGroup('classify') },
    logger,
  });
  logger.info('classify service starting', {
    input: client.topics.extracted.name,
    model: config.modelName,
    version: config.modelVersion,
    ready: model.ready,
    ...(model.ready ? {} : { notReady: model.notReadyReason }),
  });
  const health = await startHealthServer(loadHealthPort(9102), {
    ...dependencyChecks(store, client.schemaRegistry.url),
    model: async () =>
      model.ready ? { ok: true } : { ok: false, reason: model.notReadyReason ?? 'no model' },
  });
  logger.info('health endpoints', { healthz: `${health.url}/healthz`, readyz: `${health.url}/readyz` });
  await runUntilSignal(runtime);
  await health.close();
  await watcher.stop();
  logger.info('classify service stopped');
} catch (error) {
  logger.error('classify service failed', { error: (error as Error).message });
  process.exitCode = 1;
}
