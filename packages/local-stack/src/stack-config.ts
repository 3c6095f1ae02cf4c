import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const secret = (fallback: string) => z.string().min(8).default(fallback);

/**
 * Every setting of the native stack, read from environment variables. Defaults are the ports the
 * components use out of the box, so tools that assume them (kcat, mc, the Confluent serializers) just work.
 */
const stackEnvSchema = z.object({
  DOCSORT_STACK_DIR: z.string().min(1).optional(),
  DOCSORT_CACHE_DIR: z.string().min(1).optional(),
  DOCSORT_KAFKA_PORT: port(9092),
  DOCSORT_KAFKA_CONTROLLER_PORT: port(9093),
  DOCSORT_KAFKA_SCRAM_PORT: port(9094),
  DOCSORT_KAFKA_SCRAM_USER: z.string().min(1).default('docsort'),
  DOCSORT_KAFKA_SCRAM_PASSWORD: secret('docsort-secret'),
  DOCSORT_REGISTRY_PORT: port(8081),
  DOCSORT_REGISTRY_MANAGEMENT_PORT: port(8086),
  DOCSORT_MINIO_PORT: port(9000),
  DOCSORT_MINIO_CONSOLE_PORT: port(9001),
  DOCSORT_MINIO_ROOT_USER: z.string().min(3).default('docsort'),
  DOCSORT_MINIO_ROOT_PASSWORD: secret('docsort-secret'),
  DOCSORT_MINIO_NOTIFY_TOPIC: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'a Kafka topic name')
    .default('documents.inbox-events'),
  DOCSORT_PROMETHEUS_PORT: port(9090),
  DOCSORT_JVM_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'a JVM heap size such as 512m or 1g')
    .default('512m'),
});

export interface StackConfig {
  /** Repository root: deploy/ files are read from here. */
  readonly repoDir: string;
  /** Logs, data and pid files of this stack (git-ignored `.stack/` by default). */
  readonly stackDir: string;
  /** Downloads and builds shared by every checkout on the machine. */
  readonly cacheDir: string;
  readonly host: string;
  readonly kafka: {
    readonly port: number;
    readonly controllerPort: number;
    readonly scramPort: number;
    readonly scramUser: string;
    readonly scramPassword: string;
  };
  readonly registry: { readonly port: number; readonly managementPort: number };
  readonly minio: {
    readonly port: number;
    readonly consolePort: number;
    readonly rootUser: string;
    readonly rootPassword: string;
    /** Where MinIO sends bucket notifications (JSON S3 events). */
    readonly notifyTopic: string;
  };
  readonly prometheus: { readonly port: number };
  readonly jvmHeap: string;
}

export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

/** Parses the environment once; an invalid value fails with "VARIABLE: got X, expected Y". */
export function loadStackConfig(repoDir: string, env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = stackEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      return `${variable}: got ${JSON.stringify(env[variable])}, expected ${issue.message}`;
    });
    throw new StackConfigError(`invalid stack configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const config: StackConfig = {
    repoDir,
    stackDir: resolve(e.DOCSORT_STACK_DIR ?? join(repoDir, '.stack')),
    cacheDir: resolve(
      e.DOCSORT_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'docsort'),
    ),
    host: '127.0.0.1',
    kafka: {
      port: e.DOCSORT_KAFKA_PORT,
      controllerPort: e.DOCSORT_KAFKA_CONTROLLER_PORT,
      scramPort: e.DOCSORT_KAFKA_SCRAM_PORT,
      scramUser: e.DOCSORT_KAFKA_SCRAM_USER,
      scramPassword: e.DOCSORT_KAFKA_SCRAM_PASSWORD,
    },
    registry: {
      port: e.DOCSORT_REGISTRY_PORT,
      managementPort: e.DOCSORT_REGISTRY_MANAGEMENT_PORT,
    },
    minio: {
      port: e.DOCSORT_MINIO_PORT,
      consolePort: e.DOCSORT_MINIO_CONSOLE_PORT,
      rootUser: e.DOCSORT_MINIO_ROOT_USER,
      rootPassword: e.DOCSORT_MINIO_ROOT_PASSWORD,
      notifyTopic: e.DOCSORT_MINIO_NOTIFY_TOPIC,
    },
    prometheus: { port: e.DOCSORT_PROMETHEUS_PORT },
    jvmHeap: e.DOCSORT_JVM_HEAP,
  };
  assertDistinctPorts(config);
  return config;
}

function assertDistinctPorts(config: StackConfig): void {
  const ports: Record<string, number> = {
    DOCSORT_KAFKA_PORT: config.kafka.port,
    DOCSORT_KAFKA_CONTROLLER_PORT: config.kafka.controllerPort,
    DOCSORT_KAFKA_SCRAM_PORT: config.kafka.scramPort,
    DOCSORT_REGISTRY_PORT: config.registry.port,
    DOCSORT_REGISTRY_MANAGEMENT_PORT: config.registry.managementPort,
    DOCSORT_MINIO_PORT: config.minio.port,
    DOCSORT_MINIO_CONSOLE_PORT: config.minio.consolePort,
    DOCSORT_PROMETHEUS_PORT: config.prometheus.port,
  };
  const seen = new Map<number, string>();
  for (const [variable, value] of Object.entries(ports)) {
    const other = seen.get(value);
    if (other)
      throw new StackConfigError(`${variable}: got ${value}, expected a port not already used by ${other}`);
    seen.set(value, variable);
  }
}
