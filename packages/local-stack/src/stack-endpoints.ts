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
