import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isProcessAlive,
  type ProcessRecord,
  readProcessRecord,
  startDetachedProcess,
  stopProcess,
} from './managed-process.ts';
import type { StackConfig } from './stack-config.ts';
import { waitUntil } from './wait-until.ts';

export const pipelineServiceNames = ['ingest', 'extract', 'classify', 'sink'] as const;
export type PipelineServiceName = (typeof pipelineServiceNames)[number];

/** Where each consumer service's /healthz and /readyz listen; instance n adds 10·(n−1). */
export const healthPorts: Readonly<Record<Exclude<PipelineServiceName, 'ingest'>, number>> = {
  extract: 9101,
  classify: 9102,
  sink: 9103,
};

export interface RunningService {
  readonly name: PipelineServiceName;
  readonly instance: number;
  /** Its Prometheus endpoint (ingest: on the API port; the others: beside /healthz and /readyz). */
  readonly metricsUrl: string;
  /** /readyz (ingest's is on the API port too). */
  readonly readyUrl: string;
  readonly record: ProcessRecord;
  readonly logFile: string;
  readonly pidFile: string;
  /** Resolves with the exit code when the process ends (while this process watches it). */
  readonly exited: Promise<number | null>;
}

export interface PipelineServicesOptions {
  readonly config: StackConfig;
  /** The services' environment: client settings (see clientEnvFor) and any DOCSORT_* of their own. */
  readonly env: NodeJS.ProcessEnv;
  /** Instances of each consumer service (extract, classify, sink), sharing one consumer group. */
  readonly instances?: number;
  /** Where instance n of a consumer service serves /healthz, /readyz, /metrics (default: healthPorts + 10·(n−1)). */
  readonly healthPort?: (name: Exclude<PipelineServiceName, 'ingest'>, instance: number) => number;
}

/** Where the native stack's Prometheus reads its file_sd target files (see components/prometheus.ts). */
export function prometheusTargetsDir(config: StackConfig): string {
  return join(config.stackDir, 'prometheus', 'config', 'targets');
}

const targetFile = (config: StackConfig, name: string, instance: number) =>
  join(prometheusTargetsDir(config), `docsort-${name}-${instance}.json`);

const paths = (config: StackConfig, name: string, instance: number) => ({
  logFile: join(config.stackDir, 'logs', `${name}-${instance}.log`),
  pidFile: join(config.stackDir, 'services', `${name}-${instance}.pid`),
});

/**
 * Starts the four services as separate processes (`node --import tsx services/<name>/src/main.ts`),
 * detached with pid files under the stack directory and logs in `<stackDir>/logs/<name>-<n>.log`. A
 * service already running from an earlier start is stopped first, so the new code and settings apply.
 */
export async function startPipelineServices(options: PipelineServicesOptions): Promise<RunningService[]> {
  await stopPipelineServices(options.config);
  const running: RunningService[] = [];
  for (const name of pipelineServiceNames) {
    // One ingest: it owns the HTTP port. The consumers scale out in their consumer groups.
    const count = name === 'ingest' ? 1 : (options.instances ?? 1);
    for (let instance = 1; instance <= count; instance++)
      running.push(startPipelineService(options, name, instance));
  }
  return running;
}

/** Starts one instance of one service (e.g. again, after it was killed). */
export function startPipelineService(
  options: PipelineServicesOptions,
  name: PipelineServiceName,
  instance: number,
): RunningService {
  const { config } = options;
  const { logFile, pidFile } = paths(config, name, instance);
  const port =
    name === 'ingest'
      ? Number(options.env.DOCSORT_INGEST_PORT ?? 8080)
      : (options.healthPort?.(name, instance) ?? healthPorts[name] + 10 * (instance - 1));
  const started = startDetachedProcess({
    command: process.execPath,
    args: ['--import', 'tsx', join(config.repoDir, 'services', name, 'src', 'main.ts')],
    cwd: config.repoDir,
    env: {
      ...options.env,
      ...(name === 'ingest' ? {} : { DOCSORT_HEALTH_PORT: String(port) }),
      DOCSORT_KAFKA_CLIENT_ID: `docsort-${name}-${instance}`,
    },
    logFile,
    pidFile,
  });
  // Prometheus (file_sd) scrapes what runs: one target file per instance, removed when it is stopped.
  mkdirSync(prometheusTargetsDir(config), { recursive: true });
  const target = `127.0.0.1:${port}`;
  writeFileSync(
    targetFile(config, name, instance),
    `${JSON.stringify([{ targets: [target], labels: { replica: `${name}-${instance}` } }], null, 2)}\n`,
  );
  return {
    name,
    instance,
    metricsUrl: `http://${target}/metrics`,
    readyUrl: `http://${target}/readyz`,
    record: started.record,
    logFile,
    pidFile,
    exited: started.exited,
  };
}

/** Waits until each of these services answers its /readyz (e.g. classify has loaded its model). */
export async function waitForServicesReady(
  services: readonly RunningService[],
  options: { readonly timeoutMs: number; readonly intervalMs: number },
): Promise<void> {
  await Promise.all(
    services.map((s) =>
      waitUntil(async () => (await fetch(s.readyUrl).catch(() => undefined))?.ok === true, {
        ...options,
        description: `${s.name}#${s.instance} to be ready at ${s.readyUrl} (log: ${s.logFile})`,
      }),
    ),
  );
}

/** Stops every service started from this stack directory (SIGTERM, then SIGKILL after the grace period). */
export async function stopPipelineServices(config: StackConfig, graceMs = 30_000): Promise<number> {
  const dir = join(config.stackDir, 'services');
  if (!existsSync(dir)) return 0;
  let stopped = 0;
  await Promise.all(
    readdirSync(dir)
      .filter((file) => file.endsWith('.pid'))
      .map(async (file) => {
        const pidFile = join(dir, file);
        rmSync(join(prometheusTargetsDir(config), `docsort-${file.replace(/\.pid$/, '')}.json`), {
          force: true,
        });
        const record = readProcessRecord(pidFile);
        if (record && isProcessAlive(record)) stopped += 1;
        if (record) await stopProcess(record, pidFile, graceMs);
      }),
  );
  return stopped;
}
