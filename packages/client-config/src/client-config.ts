import { SchemaRegistryClient, type SchemaRegistryClientOptions } from '@docsort/avro-serde';
import { type TopicCatalog, topicCatalog } from '@docsort/contracts';
import { Kafka, type KafkaConfig, type logLevel, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { envFlag, parseEnv, envPositiveInt as positiveInt } from './env-config.ts';

const clientEnvSchema = z
  .object({
    DOCSORT_KAFKA_BROKERS: z
      .string()
      .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'comma-separated host:port pairs')
      .default('127.0.0.1:9092'),
    DOCSORT_KAFKA_CLIENT_ID: z.string().min(1).default('docsort'),
    DOCSORT_KAFKA_SSL: envFlag('false'),
    DOCSORT_KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    DOCSORT_KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    DOCSORT_KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    DOCSORT_SCHEMA_REGISTRY_URL: z
      .url({ message: 'an http(s) URL' })
      .default('http://127.0.0.1:8081/apis/ccompat/v7'),
    DOCSORT_SCHEMA_REGISTRY_USERNAME: z.string().min(1).optional(),
    DOCSORT_SCHEMA_REGISTRY_PASSWORD: z.string().min(1).optional(),
    DOCSORT_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" or "-"')
      .default('documents'),
    DOCSORT_MODEL_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" or "-"')
      .default('models'),
    DOCSORT_TOPIC_PARTITIONS: positiveInt(6),
    DOCSORT_TOPIC_REPLICATION_FACTOR: positiveInt(1),
    DOCSORT_TOPIC_RETENTION_MS: positiveInt(7 * 24 * 3_600_000),
    DOCSORT_DLQ_RETENTION_MS: positiveInt(30 * 24 * 3_600_000),
    DOCSORT_CONSUMER_GROUP_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" or "-"')
      .default('docsort'),
    DOCSORT_INBOX_EVENTS_TOPIC: z
      .string()
      .regex(/^[a-zA-Z0-9._-]+$/, 'a Kafka topic name')
      .default('documents.inbox-events'),
  })
  .refine(
    (e) =>
      !e.DOCSORT_KAFKA_SASL_MECHANISM || (e.DOCSORT_KAFKA_SASL_USERNAME && e.DOCSORT_KAFKA_SASL_PASSWORD),
    {
      path: ['DOCSORT_KAFKA_SASL_USERNAME'],
      message: 'a username and DOCSORT_KAFKA_SASL_PASSWORD when DOCSORT_KAFKA_SASL_MECHANISM is set',
    },
  );

export interface ClientConfig {
  readonly kafka: KafkaConfig;
  readonly schemaRegistry: { readonly url: string; readonly auth?: { username: string; password: string } };
  readonly topics: TopicCatalog;
  /** Where the object store sends bucket notifications (JSON): the inbox drop's input. */
  readonly inboxEventsTopic: string;
  /** A stage's consumer group, `<prefix>-<stage>`: instances of a stage share it, and so its partitions. */
  readonly consumerGroup: (stage: string) => string;
}

/** Kafka, schema registry and topic settings from DOCSORT_* variables; defaults reach the native stack. */
export function loadClientConfig(env: NodeJS.ProcessEnv = process.env, level?: logLevel): ClientConfig {
  const e = parseEnv(clientEnvSchema, env);
  const sasl: SASLOptions | undefined =
    e.DOCSORT_KAFKA_SASL_MECHANISM && e.DOCSORT_KAFKA_SASL_USERNAME && e.DOCSORT_KAFKA_SASL_PASSWORD
      ? ({
          mechanism: e.DOCSORT_KAFKA_SASL_MECHANISM,
          username: e.DOCSORT_KAFKA_SASL_USERNAME,
          password: e.DOCSORT_KAFKA_SASL_PASSWORD,
        } as SASLOptions)
      : undefined;
  const registryAuth =
    e.DOCSORT_SCHEMA_REGISTRY_USERNAME && e.DOCSORT_SCHEMA_REGISTRY_PASSWORD
      ? { username: e.DOCSORT_SCHEMA_REGISTRY_USERNAME, password: e.DOCSORT_SCHEMA_REGISTRY_PASSWORD }
      : undefined;
  return {
    kafka: {
      clientId: e.DOCSORT_KAFKA_CLIENT_ID,
      brokers: e.DOCSORT_KAFKA_BROKERS.split(','),
      ssl: e.DOCSORT_KAFKA_SSL,
      ...(sasl ? { sasl } : {}),
      ...(level === undefined ? {} : { logLevel: level }),
    },
    schemaRegistry: { url: e.DOCSORT_SCHEMA_REGISTRY_URL, ...(registryAuth ? { auth: registryAuth } : {}) },
    topics: topicCatalog({
      prefix: e.DOCSORT_TOPIC_PREFIX,
      modelPrefix: e.DOCSORT_MODEL_TOPIC_PREFIX,
      partitions: e.DOCSORT_TOPIC_PARTITIONS,
      replicationFactor: e.DOCSORT_TOPIC_REPLICATION_FACTOR,
      retentionMs: e.DOCSORT_TOPIC_RETENTION_MS,
      dlqRetentionMs: e.DOCSORT_DLQ_RETENTION_MS,
    }),
    inboxEventsTopic: e.DOCSORT_INBOX_EVENTS_TOPIC,
    consumerGroup: (stage) => `${e.DOCSORT_CONSUMER_GROUP_PREFIX}-${stage}`,
  };
}

/** The Kafka client; `logCreator` routes its log lines into the service's logger. */
export function createKafka(config: ClientConfig, logCreator?: KafkaConfig['logCreator']): Kafka {
  return new Kafka({ ...config.kafka, ...(logCreator ? { logCreator } : {}) });
}

export function createSchemaRegistryClient(
  config: ClientConfig,
  onCall?: SchemaRegistryClientOptions['onCall'],
): SchemaRegistryClient {
  return new SchemaRegistryClient({ ...config.schemaRegistry, ...(onCall ? { onCall } : {}) });
}
