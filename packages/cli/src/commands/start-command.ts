import { loadClientConfig } from '@docsort/client-config';
import { awaitOutcomes, demoDocuments, renderResultsTable, submitDocuments } from '@docsort/demo-batch';
import { loadIngestConfig } from '@docsort/ingest-api';
import {
  clientEnvFor,
  findRepoRoot,
  loadStackConfig,
  nativeStackEndpoints,
  type RunningService,
  startPipelineServices,
  stopPipelineServices,
  waitForServicesReady,
} from '@docsort/local-stack';
import { loadObjectStoreConfig, loadRetentionConfig } from '@docsort/object-store';
import { loadTaxonomy } from '@docsort/taxonomy';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { logLevel } from 'kafkajs';
import pc from 'picocolors';
import { applySetup } from '../apply-setup.ts';
import { demoCredential } from '../demo-credential.ts';
import { ensureModel } from '../ensure-model.ts';
import { positiveInt } from '../option-parsers.ts';
import { stackFromEnv } from '../stack-from-env.ts';
import { renderEndpoints, renderStatusTable } from '../stack-output.ts';

interface StartOptions {
  instances: number;
  demo: boolean;
  exit: boolean;
  modelName: string;
}

function progressBar(label: string): SingleBar {
  return new SingleBar({ format: `${label.padEnd(9)} [{bar}] {value}/{total}`, hideCursor: true });
}

/** Fails fast with the service's log if one of them exits while the pipeline should be running. */
function watchServices(services: readonly RunningService[], onExit: (message: string) => void): void {
  for (const service of services) {
    void service.exited.then((code) =>
      onExit(
        `${service.name} (instance ${service.instance}) exited with code ${code}; see ${service.logFile}`,
      ),
    );
  }
}

/** The README's main job: the whole pipeline running locally, a demo batch through it, every URL printed. */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'run docsort locally: the stack, topics and schemas, the default model, the four services; then a demo ' +
        'batch of mixed documents with poor names through the HTTP API, and every URL. Ctrl-C stops everything',
    )
    .addOption(
      new Option('--instances <n>', 'instances of each consumer service (extract, classify, sink)')
        .default(1)
        .argParser(positiveInt),
    )
    .option('--no-demo', 'skip the demo batch')
    .option('--exit', 'stop everything after the demo instead of running on', false)
    .option('--model-name <name>', 'model the classify service serves', 'docsort-text-cnn')
    .action(async (options: StartOptions) => {
      const started = Date.now();
      // Checked before anything starts: a bad auth setting must not leave a stack behind.
      const credential = demoCredential(process.env);
      const stack = stackFromEnv();
      const config = loadStackConfig(findRepoRoot());
      let stopping = false;
      const stopAll = async (code: number) => {
        if (stopping) return;
        stopping = true;
        console.log(pc.dim('\nstopping the services and the stack…'));
        await stopPipelineServices(config).catch(() => undefined);
        await stack.down();
        process.exit(code);
      };
      // Whatever fails from here on, nothing `start` started is left running without it.
      try {
        await startAndDemo(options, {
          started,
          stack,
          config,
          credential,
          stopAll,
          isStopping: () => stopping,
        });
      } catch (error) {
        console.error(pc.red(`start failed: ${(error as Error).message}`));
        await stopAll(1);
      }
    });
}

async function startAndDemo(
  options: StartOptions,
  run: {
    readonly started: number;
    readonly stack: ReturnType<typeof stackFromEnv>;
    readonly config: ReturnType<typeof loadStackConfig>;
    readonly credential: ReturnType<typeof demoCredential>;
    readonly stopAll: (code: number) => Promise<void>;
    readonly isStopping: () => boolean;
  },
): Promise<void> {
  const { started, stack, config, credential, stopAll } = run;
  const statuses = await stack.up();
  const env = clientEnvFor(nativeStackEndpoints(config));
  console.log();
  console.log(
    await applySetup(
      loadClientConfig(env, logLevel.ERROR),
      loadObjectStoreConfig(env),
      loadRetentionConfig(env),
    ),
  );
  console.log(await ensureModel(env, options.modelName));

  const services = await startPipelineServices({
    config,
    // Logs for people by default here (pino-pretty, in .stack/logs); DOCSORT_LOG_FORMAT=json to override.
    env: {
      DOCSORT_LOG_FORMAT: 'pretty',
      ...env,
      DOCSORT_MODEL_NAME: options.modelName,
      ...credential.serviceEnv,
    },
    instances: options.instances,
  });
  watchServices(services, (message) => {
    if (run.isStopping()) return;
    console.error(pc.red(message));
    void stopAll(1);
  });
  const api = `http://127.0.0.1:${loadIngestConfig(env).port}`;
  // Every service, not just the API: a demo batch sent while classify still loads its model would time
  // that start-up as the documents' latency.
  await waitForServicesReady(services, { timeoutMs: 90_000, intervalMs: 250 });
  console.log(
    pc.green(
      `services running: ${services.map((s) => `${s.name}#${s.instance}`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)}s)`,
    ),
  );

  if (options.demo) {
    const documents = await demoDocuments(loadTaxonomy());
    console.log(`\ndemo: ${documents.length} documents, every format, badly named, uploaded through ${api}`);
    const upload = progressBar('upload');
    upload.start(documents.length, 0);
    const submitted = await submitDocuments(
      api,
      documents,
      (done) => upload.update(done),
      credential.headers,
    );
    upload.stop();
    const results = progressBar('classify');
    results.start(submitted.length, 0);
    const outcomes = await awaitOutcomes(
      api,
      submitted.map((d) => d.documentId),
      { timeoutMs: 180_000, onProgress: (done) => results.update(done), headers: credential.headers },
    );
    results.stop();
    console.log(`\n${renderResultsTable(submitted, outcomes)}`);
  }

  console.log();
  console.log(renderStatusTable(statuses));
  console.log();
  console.log(renderEndpoints(statuses));
  console.log(pc.bold('pipeline'));
  console.log(`  ${'upload API'.padEnd(26)} ${api}/v1/documents`);
  console.log(`  ${'API docs'.padEnd(26)} ${api}/docs`);
  console.log(`  ${'review page'.padEnd(26)} ${api}/review/`);
  for (const s of services) {
    console.log(`  ${`${s.name}#${s.instance} readiness`.padEnd(26)} ${s.readyUrl}`);
    console.log(`  ${`${s.name}#${s.instance} metrics`.padEnd(26)} ${s.metricsUrl}`);
    console.log(`  ${`${s.name}#${s.instance} log`.padEnd(26)} ${s.logFile}`);
  }
  if (options.exit) return stopAll(0);
  console.log(pc.green('\ndocsort is running. Ctrl-C stops the services and the stack.'));
  // The services are detached processes: something must keep this one alive until the signal.
  await new Promise<void>((resolve) => {
    const keepAlive = setInterval(() => {}, 60_000);
    const onSignal = () => {
      clearInterval(keepAlive);
      resolve();
    };
    // `on`, not `once`: one Ctrl-C can arrive twice (from the terminal, and relayed by tsx and pnpm); a
    // second default-handled SIGINT would kill this process halfway through stopping the stack.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stopAll(0);
}
