import { notifyTargetArn } from './components/minio.ts';
import { confluentCompatibleUrl } from './components/schema-registry.ts';
import type { StackConfig } from './stack-config.ts';

/**
 * How a client reaches the stack, whoever runs it (the native stack, testcontainers, a user's cluster).
 * Integration tests and the services take this, never ports or hosts of their own.
 */
export interface StackEndpoints {
  readonly kafka: {
    readonly brokers: readonly string[];
    /** The SASL_PLAINTEXT listener, for exercising SCRAM authentication. */
    readonly scramBrokers: readonly string[];
    readonly scram: { readonly username: string; readonly password: string };
  };
  /** Base URL of the Confluent-compatible schema registry API. */
  readonly schemaRegistry: { readonly url: string };
  readonly s3: {
    readonly endpoint: string;
    readonly accessKey: string;
    readonly secretKey: string;
    readonly region: string;
    /** ARN of the Kafka target that bucket notifications go to, and the topic it writes. */
    readonly notifyArn: string;
    readonly notifyTopic: string;
  };
  readonly prometheus: { readonly url: string };
}

export function nativeStackEndpoints(config: StackConfig): StackEndpoints {
  const { host } = config;
  return {
    kafka: {
      brokers: [`${host}:${config.kafka.port}`],
      scramBrokers: [`${host}:${config.kafka.scramPort}`],
      scram: {
        username: config.kafka.scramUser,
        password: config.kafka.scramPassword,
      },
    },
    schemaRegistry: { url: confluentCompatibleUrl(config) },
    s3: {
      endpoint: `http://${host}:${config.minio.port}`,
      accessKey: config.minio.rootUser,
      secretKey: config.minio.rootPassword,
      region: 'us-east-1',
      notifyArn: notifyTargetArn,
      notifyTopic: config.minio.notifyTopic,
    },
    prometheus: { url: `http://${host}:${config.prometheus.port}` },
  };
}

/**
 * The DOCSORT_* variables that point docsort's clients and services at these endpoints. Variables already
 * set in `env` win, so a user can still aim one service elsewhere.
 */
export function clientEnvFor(
  endpoints: StackEndpoints,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return {
    DOCSORT_KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    DOCSORT_SCHEMA_REGISTRY_URL: endpoints.schemaRegistry.url,
    DOCSORT_INBOX_EVENTS_TOPIC: endpoints.s3.notifyTopic,
    DOCSORT_S3_ENDPOINT: endpoints.s3.endpoint,
    DOCSORT_S3_ACCESS_KEY: endpoints.s3.accessKey,
    DOCSORT_S3_SECRET_KEY: endpoints.s3.secretKey,
    DOCSORT_S3_REGION: endpoints.s3.region,
    DOCSORT_S3_NOTIFY_ARN: endpoints.s3.notifyArn,
    ...env,
  };
}
