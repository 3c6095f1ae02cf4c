import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfluentAvroSerde, SchemaRegistryClient } from '@docsort/avro-serde';
import {
  type DocumentClassified,
  type ModelPublished,
  messageSchema,
  type TopicSpec,
  topicCatalog,
} from '@docsort/contracts';
import { configureInbox } from '@docsort/ingest-api';
import {
  clientEnvFor,
  findRepoRoot,
  loadStackConfig,
  type PipelineServiceName,
  type PipelineServicesOptions,
  type RunningService,
  type StackEndpoints,
  startPipelineService,
  startPipelineServices,
  stopPipelineServices,
  waitForServicesReady,
} from '@docsort/local-stack';
import { ModelRegistry, modelAnnouncer } from '@docsort/model-registry';
import { ObjectStore } from '@docsort/object-store';
import {
  deleteCatalog,
  findFreePorts,
  removeBucket,
  testKafka,
  testStackEndpoints,
  uniqueName,
} from '@docsort/test-harness';
import { defaultModelDir } from '@docsort/text-classifier';
import { applyTopics } from '@docsort/topic-admin';
import { onTestFinished } from 'vitest';

/**
 * The four services as separate processes (`services/<name>/src/main.ts`, as `docsort start` runs them) on
 * the real stack, over topics, buckets and consumer groups of their own, with the shipped model published.
 * `stop()` stops the services and deletes the topics, subjects, buckets and temp directories. Tests use
 * startTestPipeline; the end-to-end benchmark uses this directly.
 */
export interface PipelineOptions {
  readonly instances?: number;
  readonly partitions?: number;
  /** The stack to run on; tests' by default (the harness's global setup provides it). */
  readonly endpoints?: StackEndpoints;
  /** The most instances of a service a test will run (ports are set aside for them); `instances` by default. */
  readonly maxInstances?: number;
  /** More settings for the services (e.g. DOCSORT_EXTRACT_MAX_BYTES). */
  readonly env?: NodeJS.ProcessEnv;
}

export async function startPipeline(options: PipelineOptions = {}) {
  const cleanups: Array<() => Promise<unknown>> = [];
  const directories: string[] = [];
  const temporaryDirectory = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), `docsort-${prefix}-`));
    directories.push(dir);
    return dir;
  };
  /** `keepFiles`: leave the services' logs and pid files for reading (a failed test's). */
  const cleanUp = async ({ keepFiles = false } = {}) => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (!keepFiles) for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await assemblePipeline(options, cleanups, cleanUp, temporaryDirectory);
  } catch (error) {
    await cleanUp({ keepFiles: true });
    throw error;
  }
}

async function assemblePipeline(
  options: PipelineOptions,
  cleanups: Array<() => Promise<unknown>>,
  cleanUp: (options?: { keepFiles?: boolean }) => Promise<void>,
  temporaryDirectory: (prefix: string) => string,
) {
  const endpoints = options.endpoints ?? testStackEndpoints();
  const registryClient = new SchemaRegistryClient({ url: endpoints.schemaRegistry.url });
  const serde = new ConfluentAvroSerde(registryClient);
  const prefix = uniqueName('e2e');
  const catalog = topicCatalog({
    prefix,
    modelPrefix: `${prefix}.models`,
    partitions: options.partitions ?? 6,
  });
  const admin = testKafka(endpoints).admin();
  await admin.connect();
  await applyTopics(admin, registryClient, catalog, [endpoints.s3.notifyTopic]);
  await admin.disconnect();
  cleanups.push(() => deleteCatalog(endpoints, catalog));
  const bucket = uniqueName('e2e');
  const inboxBucket = uniqueName('e2e-inbox');
  const store = new ObjectStore({ ...endpoints.s3, bucket, inboxBucket, notifyArn: endpoints.s3.notifyArn });
  await configureInbox(store, endpoints.s3.notifyArn);
  cleanups.push(() => Promise.all([removeBucket(endpoints, bucket), removeBucket(endpoints, inboxBucket)]));

  const producer = testKafka(endpoints).producer();
  await producer.connect();
  cleanups.push(() => producer.disconnect());
  const announce = modelAnnouncer(
    producer,
    await serde.serializer<ModelPublished>(catalog.modelPublished.subject, messageSchema('ModelPublished')),
    catalog.modelPublished.name,
  );
  await new ModelRegistry({ store, bucket, announce }).publish(defaultModelDir);

  const instances = options.instances ?? 1;
  const maxInstances = Math.max(instances, options.maxInstances ?? 0);
  const groupPrefix = uniqueName('e2e');
  const [port, ...healthPorts] = await findFreePorts(1 + 3 * maxInstances);
  const consumers = ['extract', 'classify', 'sink'] as const;
  const servicesOptions: PipelineServicesOptions = {
    config: loadStackConfig(findRepoRoot(), {
      ...process.env,
      DOCSORT_STACK_DIR: temporaryDirectory('e2e'),
    }),
    env: clientEnvFor(endpoints, {
      ...process.env,
      DOCSORT_TOPIC_PREFIX: prefix,
      DOCSORT_MODEL_TOPIC_PREFIX: `${prefix}.models`,
      DOCSORT_TOPIC_PARTITIONS: String(options.partitions ?? 6),
      DOCSORT_CONSUMER_GROUP_PREFIX: groupPrefix,
      DOCSORT_S3_BUCKET: bucket,
      DOCSORT_S3_INBOX_BUCKET: inboxBucket,
      DOCSORT_INGEST_PORT: String(port),
      DOCSORT_INGEST_DEDUPLICATE: 'false',
      DOCSORT_MODEL_CACHE_DIR: temporaryDirectory('e2e-models'),
      DOCSORT_EXTRACT_THREADS: '1',
      ...options.env,
    }),
    instances,
    // Free ports, not the defaults: tests run beside each other and beside `docsort start`.
    healthPort: (name, instance) => healthPorts[consumers.indexOf(name) * maxInstances + instance - 1] ?? 0,
  };
  const services: RunningService[] = await startPipelineServices(servicesOptions);
  cleanups.push(() => stopPipelineServices(servicesOptions.config));
  const api = `http://127.0.0.1:${port}`;
  await waitForServicesReady(
    services.filter((s) => s.name === 'ingest'),
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return {
    endpoints,
    serde,
    catalog,
    store,
    bucket,
    inboxBucket,
    api,
    services,
    producer,
    /** The consumer group of a stage (`extract`, `classify`, `sink-results`, …), as the services name it. */
    consumerGroup: (stage: string) => `${groupPrefix}-${stage}`,
    /** The stack directory of these services: their logs, and the Prometheus target files they wrote. */
    stackDir: servicesOptions.config.stackDir,
    /** SIGKILL to a service instance's process group: no shutdown, no commit. */
    kill(name: PipelineServiceName, instance = 1) {
      const service = services.find((s) => s.name === name && s.instance === instance);
      if (!service) throw new Error(`no ${name} #${instance}`);
      process.kill(-service.record.pid, 'SIGKILL');
    },
    /** SIGTERM to a service instance: it drains, commits and leaves its group; resolves when it has exited. */
    async stopService(name: PipelineServiceName, instance = 1): Promise<number | null> {
      const service = services.findLast((s) => s.name === name && s.instance === instance);
      if (!service) throw new Error(`no ${name} #${instance}`);
      process.kill(-service.record.pid, 'SIGTERM');
      return service.exited;
    },
    restart(name: PipelineServiceName, instance = 1): RunningService {
      const service = startPipelineService(servicesOptions, name, instance);
      services.push(service);
      return service;
    },
    /** Stops the services, then deletes what this pipeline created (last created, first deleted). */
    stop: cleanUp,
  };
}

/** startPipeline for the current test: stopped and cleaned up when the test finishes. */
export async function startTestPipeline(options: PipelineOptions = {}) {
  const pipeline = await startPipeline(options);
  onTestFinished(({ task }) => pipeline.stop({ keepFiles: task.result?.state === 'fail' }));
  return pipeline;
}

/**
 * Every record of one of the pipeline's topics, by documentId, as it arrives (the latest per document).
 * `stop()` leaves the topic.
 */
export async function watchRecords<T extends { readonly documentId: string }>(
  pipeline: Awaited<ReturnType<typeof startPipeline>>,
  topic: TopicSpec,
  schema: Parameters<typeof messageSchema>[0],
) {
  const byId = new Map<string, T>();
  const consumer = testKafka(pipeline.endpoints).consumer({
    groupId: uniqueName('watch'),
    maxWaitTimeInMs: 50,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  const deserializer = pipeline.serde.deserializer<T>(messageSchema(schema));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const record = await deserializer.deserialize(message.value);
      byId.set(record.documentId, record);
    },
  });
  return { byId, stop: () => consumer.disconnect() };
}

/** Every DocumentClassified the pipeline produces: the benchmarks read end-to-end latency from its timestamps. */
export function watchClassified(pipeline: Awaited<ReturnType<typeof startPipeline>>) {
  return watchRecords<DocumentClassified>(pipeline, pipeline.catalog.classified, 'DocumentClassified');
}
