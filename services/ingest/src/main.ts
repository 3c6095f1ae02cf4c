// The ingest service: the HTTP upload API and the inbox bucket's notifications, both into
// documents.incoming. Wiring only; the logic is in packages/.
import { createBucketEventStage, createIngestApi, loadIngestConfig } from '@docsort/ingest-api';
import { httpExchangeRecorder, instrumentRuntimes } from '@docsort/pipeline-metrics';
import { loadReviewConfig } from '@docsort/review-queue';
import { createServiceContext, runService, stageRuntime } from '@docsort/service-bootstrap';
import { schemaRegistryCheck } from '@docsort/service-health';
import { runUntilSignal } from '@docsort/stream-runtime';
import { labelNames, loadTaxonomy } from '@docsort/taxonomy';
import { Partitioners } from 'kafkajs';

await runService('ingest', async (logger) => {
  const context = await createServiceContext('ingest', logger);
  const { client, store, metrics, kafka } = context;
  const ingest = loadIngestConfig();
  const review = loadReviewConfig();
  await store.ensureBucket(store.config.bucket);
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  let producerReady = false;
  producer.on(producer.events.CONNECT, () => {
    producerReady = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    producerReady = false;
  });
  await producer.connect();
  const inbox = stageRuntime(
    context,
    createBucketEventStage(client.topics, client.inboxEventsTopic, store.config.inboxBucket),
  );
  // The API serves /metrics itself (one port); the inbox consumer's gauges join the same registry.
  const gauges = instrumentRuntimes(metrics.registry, kafka, [inbox]);
  const api = await createIngestApi({
    config: ingest,
    catalog: client.topics,
    store,
    producer,
    serde: context.serde,
    labels: labelNames(loadTaxonomy()),
    isProducerReady: () => producerReady,
    onExchange: httpExchangeRecorder(metrics.registry),
    metrics: metrics.scrape,
    review,
    registry: metrics.registry,
    readinessChecks: { schemaRegistry: schemaRegistryCheck(context.registry) },
    logger: logger.child({ component: 'http' }),
  });
  const address = await api.listen({ host: ingest.host, port: ingest.port });
  logger.info({ address, docs: `${address}/docs`, metrics: `${address}/metrics` }, 'ingest API listening');
  await runUntilSignal(inbox);
  await api.close();
  await gauges.close();
  await producer.disconnect();
});
