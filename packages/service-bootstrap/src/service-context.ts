import { ConfluentAvroSerde, type SchemaRegistryClient } from '@docsort/avro-serde';
import {
  type ClientConfig,
  createKafka,
  createSchemaRegistryClient,
  loadClientConfig,
  verifySchemaRegistryAccess,
} from '@docsort/client-config';
import { loadObjectStoreConfig, ObjectStore } from '@docsort/object-store';
import {
  combineObservers,
  createServiceMetrics,
  dependencyCallRecorder,
  runtimeObserver,
  type ServiceMetrics,
} from '@docsort/pipeline-metrics';
import { createServiceLogger, kafkajsLogCreator, type ServiceLogger } from '@docsort/service-logging';
import {
  type RuntimeObserver,
  type RuntimeOptions,
  type Stage,
  StreamRuntime,
  topicBinding,
} from '@docsort/stream-runtime';
import type { Kafka } from 'kafkajs';

/** A service's logger, metrics, settings and clients, the clients already reporting to the metrics. */
export interface ServiceContext {
  readonly name: string;
  readonly logger: ServiceLogger;
  readonly metrics: ServiceMetrics;
  readonly client: ClientConfig;
  readonly store: ObjectStore;
  readonly kafka: Kafka;
  /** The schema registry client the serde uses; its credentials are checked by createServiceContext. */
  readonly registry: SchemaRegistryClient;
  readonly serde: ConfluentAvroSerde;
}

/**
 * Reads and validates the shared settings and builds the clients. A bad value, or schema registry
 * credentials that the registry refuses, throw a ConfigError naming the setting: the service stops at once
 * instead of retrying what cannot succeed.
 */
export async function createServiceContext(
  name: string,
  logger = createServiceLogger(name),
): Promise<ServiceContext> {
  const metrics = createServiceMetrics(name);
  const client = loadClientConfig();
  const registry = createSchemaRegistryClient(
    client,
    dependencyCallRecorder(metrics.registry, 'schema-registry'),
  );
  await verifySchemaRegistryAccess(client, registry);
  return {
    name,
    logger,
    metrics,
    client,
    store: new ObjectStore(loadObjectStoreConfig(), {
      onCall: dependencyCallRecorder(metrics.registry, 'object-store'),
    }),
    kafka: createKafka(client, kafkajsLogCreator(logger)),
    registry,
    serde: new ConfluentAvroSerde(registry),
  };
}

/**
 * A StreamRuntime for `stage` in its consumer group (`<prefix>.<stage name>`), with the DLQ, the service's
 * logger, the runtime's metrics and any stage-specific observers (classifications, extraction formats…).
 */
export function stageRuntime<In>(
  context: ServiceContext,
  stage: Stage<In>,
  options: {
    readonly observers?: readonly RuntimeObserver[];
    readonly runtime?: Partial<RuntimeOptions>;
  } = {},
): StreamRuntime<In> {
  const { client, metrics } = context;
  return new StreamRuntime({
    kafka: context.kafka,
    serde: context.serde,
    stage,
    deadLetter: topicBinding(client.topics.dlq),
    options: { groupId: client.consumerGroup(stage.name), ...options.runtime },
    logger: context.logger,
    observer: combineObservers(
      runtimeObserver(metrics.registry, {
        stage: stage.name,
        inputTopic: stage.input.topic,
        outputTopics: Object.values(stage.outputs).map((binding) => binding.topic),
        deadLetterTopic: stage.deadLetter?.topic ?? client.topics.dlq.name,
      }),
      ...(options.observers ?? []),
    ),
  });
}
