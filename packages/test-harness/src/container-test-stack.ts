import { join } from 'node:path';
import { findRepoRoot, type StackEndpoints } from '@docsort/local-stack';
import { KafkaContainer } from '@testcontainers/kafka';
import {
  GenericContainer,
  Network,
  type StartedNetwork,
  type StartedTestContainer,
  Wait,
} from 'testcontainers';
import type { StartedTestStack } from './test-stack.ts';

// The same servers as docker-compose.yml, as images.
const images = {
  kafka: 'confluentinc/cp-kafka:8.1.0',
  schemaRegistry: 'apicurio/apicurio-registry:3.3.3',
  minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
  prometheus: 'prom/prometheus:v3.5.0',
} as const;
const minioCredentials = { accessKey: 'docsort', secretKey: 'docsort-secret' };
const notifyTopic = 'documents.inbox-events';

/**
 * The stack as containers, for machines with a Docker engine. SCRAM needs TLS in testcontainers' Kafka
 * module, so here the SCRAM endpoint is the plain listener; SCRAM tests need the native stack or compose.
 */
export async function startContainerTestStack(): Promise<StartedTestStack> {
  const started: StartedTestContainer[] = [];
  // One network, so that MinIO reaches Kafka for bucket notifications.
  const network: StartedNetwork = await new Network().start();
  try {
    const kafka = await new KafkaContainer(images.kafka)
      .withKraft()
      .withNetwork(network)
      .withNetworkAliases('kafka')
      .start();
    started.push(kafka);
    const registry = await new GenericContainer(images.schemaRegistry)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start();
    started.push(registry);
    const minio = await new GenericContainer(images.minio)
      .withCommand(['server', '/data'])
      .withEnvironment({
        MINIO_ROOT_USER: minioCredentials.accessKey,
        MINIO_ROOT_PASSWORD: minioCredentials.secretKey,
      })
      .withExposedPorts(9000)
      .withWaitStrategy(Wait.forHttp('/minio/health/ready', 9000))
      .start();
    started.push(minio);
    const prometheus = await new GenericContainer(images.prometheus)
      .withCopyDirectoriesToContainer([
        {
          source: join(findRepoRoot(), 'deploy', 'prometheus'),
          target: '/etc/prometheus',
        },
      ])
      .withExposedPorts(9090)
      .withWaitStrategy(Wait.forHttp('/-/ready', 9090))
      .start();
    started.push(prometheus);

    const brokers = [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`];
    const endpoints: StackEndpoints = {
      kafka: {
        brokers,
        scramBrokers: brokers,
        scram: { username: 'unused', password: 'unused' },
      },
      schemaRegistry: {
        url: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      },
      s3: {
        endpoint: `http://${minio.getHost()}:${minio.getMappedPort(9000)}`,
        ...minioCredentials,
        region: 'us-east-1',
        notifyArn: 'arn:minio:sqs::DOCSORT:kafka',
        notifyTopic,
      },
      prometheus: {
        url: `http://${prometheus.getHost()}:${prometheus.getMappedPort(9090)}`,
      },
    };
    return {
      kind: 'containers',
      endpoints,
      async stop() {
        await Promise.all(started.map((container) => container.stop()));
        await network.stop();
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((container) => container.stop()));
    await network.stop().catch(() => undefined);
    throw error;
  }
}
