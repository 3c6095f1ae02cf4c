import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../command-runner.ts';
import { httpOk } from '../http-probe.ts';
import { pinnedVersions } from '../pinned-versions.ts';
import type { StackComponent } from '../stack-component.ts';
import type { StackConfig } from '../stack-config.ts';

/** MinIO's id of the Kafka notification target: bucket notifications refer to it by ARN. */
export const notifyTargetId = 'DOCSORT';
export const notifyTargetArn = `arn:minio:sqs::${notifyTargetId}:kafka`;

export function minioComponent(config: StackConfig): StackComponent {
  const binDir = join(config.cacheDir, 'minio', pinnedVersions.minio, 'bin');
  const minioBin = join(binDir, 'minio');
  const { host } = config;
  const apiUrl = `http://${host}:${config.minio.port}`;

  return {
    name: 'minio',
    installStep: `building github.com/minio/minio@${pinnedVersions.minio} with go install`,
    startTimeoutMs: 60_000,
    ports: {
      DOCSORT_MINIO_PORT: config.minio.port,
      DOCSORT_MINIO_CONSOLE_PORT: config.minio.consolePort,
    },
    urls: {
      'S3 API': apiUrl,
      console: `http://${host}:${config.minio.consolePort}`,
      metrics: `${apiUrl}/minio/v2/metrics/cluster`,
    },

    isInstalled: () => existsSync(minioBin),

    async install(ctx) {
      mkdirSync(binDir, { recursive: true });
      await runCommand(
        'go',
        ['install', '-v', '-trimpath', `github.com/minio/minio@${pinnedVersions.minio}`],
        {
          env: { ...process.env, GOBIN: binDir, CGO_ENABLED: '0' },
          logFile: ctx.logFile,
        },
      );
    },

    async prepare(ctx) {
      const dataDir = join(ctx.dir, 'data');
      mkdirSync(dataDir, { recursive: true });
      mkdirSync(join(ctx.dir, 'notify-queue'), { recursive: true });
      return {
        command: minioBin,
        args: [
          'server',
          dataDir,
          '--address',
          `${host}:${config.minio.port}`,
          '--console-address',
          `${host}:${config.minio.consolePort}`,
          '--quiet',
        ],
        env: {
          ...process.env,
          MINIO_ROOT_USER: config.minio.rootUser,
          MINIO_ROOT_PASSWORD: config.minio.rootPassword,
          // Local Prometheus scrapes without a bearer token.
          MINIO_PROMETHEUS_AUTH_TYPE: 'public',
          MINIO_UPDATE: 'off',
          // Bucket notifications to Kafka (the inbox drop). A queue dir keeps events while the broker is
          // down, so none is lost when MinIO starts first or Kafka restarts.
          [`MINIO_NOTIFY_KAFKA_ENABLE_${notifyTargetId}`]: 'on',
          [`MINIO_NOTIFY_KAFKA_BROKERS_${notifyTargetId}`]: `${host}:${config.kafka.port}`,
          [`MINIO_NOTIFY_KAFKA_TOPIC_${notifyTargetId}`]: config.minio.notifyTopic,
          [`MINIO_NOTIFY_KAFKA_QUEUE_DIR_${notifyTargetId}`]: join(ctx.dir, 'notify-queue'),
        },
      };
    },

    isReady: () => httpOk(`${apiUrl}/minio/health/ready`),
  };
}
