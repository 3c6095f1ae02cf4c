import { Worker } from 'node:worker_threads';
import {
  defaultWindows,
  fitTemperature,
  type LabelledText,
  modelArtifacts,
  modelFromArtifacts,
  selectBackend,
  TextClassifier,
  Tokenizer,
  type TokenizerConfig,
  type TrainingOptions,
  type tf,
  trainTextCnn,
} from '@docsort/text-classifier';

/** One calibration probe: train without `heldOut`, then say how it rates `heldOut`. */
export interface ProbeJob
  extends Pick<TrainingOptions, 'train' | 'labels' | 'seed' | 'epochs' | 'pretrained'> {
  readonly heldOut: readonly LabelledText[];
  /** Warm start, in a form that crosses to a worker thread (see `baseForProbe`). */
  readonly base?: {
    readonly artifacts: tf.io.ModelArtifacts;
    readonly tokenizer: TokenizerConfig;
    readonly labels: readonly string[];
  };
}

async function baseForProbe(model: TextClassifier): Promise<NonNullable<ProbeJob['base']>> {
  return {
    artifacts: await modelArtifacts(model.model),
    tokenizer: model.tokenizer.config,
    labels: model.labels,
  };
}

/** Trains the probe in this thread and returns its (uncalibrated) probabilities for the held-out documents. */
export async function probeProbabilities(job: ProbeJob): Promise<Float32Array[]> {
  await selectBackend(); // before the base model is rebuilt: a worker thread starts with none chosen
  const trained = await trainTextCnn({
    train: job.train,
    validation: job.heldOut,
    labels: job.labels,
    seed: job.seed,
    epochs: job.epochs,
    // Every epoch, like the final run, so that the probe is as sharp as the model it calibrates.
    earlyStopping: false,
    ...(job.pretrained ? { pretrained: job.pretrained } : {}),
    ...(job.base
      ? {
          initialFrom: {
            model: await modelFromArtifacts(job.base.artifacts),
            tokenizer: new Tokenizer(job.base.tokenizer),
            labels: job.base.labels,
          },
        }
      : {}),
    log: () => undefined,
  });
  const probe = TextClassifier.fromTrained(
    trained.model,
    trained.tokenizer,
    {
      name: 'probe',
      version: 'probe',
      labels: job.labels,
      createdAt: '',
      dataHash: '',
      backend: trained.backend,
      metrics: {},
      trainingDistribution: {},
      // Rated as the final model will read them.
      windows: defaultWindows,
    },
    trained.backend as never,
  );
  const probabilities = await probe.probabilities(job.heldOut);
  await probe.dispose();
  return probabilities;
}

/**
 * The same in a worker thread of its own. Training computes on one core (wasm), so probes run beside the
 * final run: on 2 cores, two probes and the final run take about as long as one and a half runs, not three.
 */
function probeInWorker(job: ProbeJob): Promise<Float32Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./probe-worker.ts', import.meta.url), {
      workerData: job,
      // Workers run TypeScript, like the rest of the CLI.
      execArgv: ['--import', 'tsx'],
    });
    let result: Float32Array[] | undefined;
    worker.once('message', (probabilities: Float32Array[]) => {
      result = probabilities;
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      result
        ? resolve(result)
        : reject(new Error(`the probe's worker thread exited with ${code} and no result`)),
    );
  });
}

export interface ProbeTemperatureOptions
  extends Pick<TrainingOptions, 'train' | 'labels' | 'seed' | 'epochs' | 'pretrained'> {
  /** Set-aside documents, one template per label in each fold (see TrainingData.calibrationFolds). */
  readonly folds: ReadonlyArray<readonly LabelledText[]>;
  readonly baseModel?: TextClassifier;
}

/**
 * The temperature fitted on every fold's documents as rated by a probe that trained on everything but that
 * fold; the probes run in worker threads, so the caller trains its final run meanwhile and awaits this after.
 * 1 when there are no folds. A failed probe rejects only when awaited (never an unhandled rejection).
 */
export function probeTemperature(options: ProbeTemperatureOptions): Promise<number> {
  const { folds, labels } = options;
  const temperature = (async () => {
    if (!folds.length) return 1;
    const base = options.baseModel ? await baseForProbe(options.baseModel) : undefined;
    const rated = await Promise.all(
      folds.map((heldOut) =>
        probeInWorker({
          train: [...options.train, ...folds.filter((other) => other !== heldOut).flat()],
          heldOut,
          labels,
          seed: options.seed,
          epochs: options.epochs,
          ...(options.pretrained ? { pretrained: options.pretrained } : {}),
          ...(base ? { base } : {}),
        }),
      ),
    );
    return fitTemperature(
      rated.flat(),
      folds.flat().map((e) => labels.indexOf(e.label)),
    );
  })();
  temperature.catch(() => undefined);
  return temperature;
}
