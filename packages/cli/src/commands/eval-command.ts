import { resolve } from 'node:path';
import {
  type EvaluatedDocument,
  evaluationMetrics,
  failedLabel,
  type LabelledFile,
  readLabelledFolder,
  writeEvaluationReport,
} from '@docsort/evaluation';
import { classifyThroughApi, type FileOutcome, openFileClassifier } from '@docsort/file-classifier';
import { otherLabel } from '@docsort/taxonomy';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { confidence, positiveInt, taxonomyOption } from '../option-parsers.ts';
import { progress } from '../progress.ts';

interface EvalCommandOptions {
  out: string;
  model?: string;
  api?: string;
  targetError: number;
  reviewThreshold?: number;
  taxonomy?: string;
  timeout?: number;
  firstPages?: number;
}

export function evaluatedDocument(file: LabelledFile, outcome: FileOutcome): EvaluatedDocument {
  const c = outcome.classification;
  return {
    path: file.path,
    truth: file.label,
    format: file.format,
    ...(file.language ? { language: file.language } : {}),
    detectedLanguage: outcome.language,
    label: c?.label ?? failedLabel,
    confidence: c?.confidence ?? 0,
    needsReview: c?.needsReview ?? true,
    ...(c?.unfamiliar ? { unfamiliar: true } : {}),
    topK: c?.topK ?? [],
    ...(outcome.failure ? { failure: outcome.failure.reason } : {}),
    ms: outcome.ms,
  };
}

async function offlineOutcomes(files: readonly LabelledFile[], options: EvalCommandOptions) {
  const classifier = await openFileClassifier({
    ...(options.model ? { model: options.model } : {}),
    ...(options.taxonomy ? { taxonomyFile: options.taxonomy } : {}),
    ...(options.reviewThreshold !== undefined ? { reviewThreshold: options.reviewThreshold } : {}),
    ...(options.firstPages ? { firstPages: options.firstPages } : {}),
  });
  const { manifest } = classifier.model;
  const unknown = [...new Set(files.map((f) => f.label))].filter(
    (l) => l !== otherLabel && !manifest.labels.includes(l),
  );
  if (unknown.length)
    console.error(pc.yellow(`labels the model does not know (counted as errors): ${unknown.join(', ')}`));
  const bar = progress(files.length, 'eval');
  const outcomes: FileOutcome[] = [];
  try {
    for await (const outcome of classifier.classify(files.map((f) => f.path))) {
      outcomes.push(outcome);
      bar.update(outcomes.length);
    }
  } finally {
    bar.stop();
    await classifier.close();
  }
  const via = options.firstPages ? `offline, the first ${options.firstPages} pages only` : 'offline';
  return { outcomes, via, model: { name: manifest.name, version: manifest.version } as const };
}

async function apiOutcomes(files: readonly LabelledFile[], api: string, timeoutMs: number) {
  const uploads = progress(files.length, 'upload');
  let classifying: ReturnType<typeof progress> | undefined;
  const outcomes = await classifyThroughApi(
    api,
    files.map((f) => f.path),
    {
      timeoutMs,
      onProgress: (phase, done) => {
        if (phase === 'uploaded') return uploads.update(done);
        if (!classifying) {
          uploads.stop();
          classifying = progress(files.length, 'classified');
        }
        classifying.update(done);
      },
    },
  );
  uploads.stop();
  classifying?.stop();
  return { outcomes, via: `api ${api}`, model: undefined };
}

export function evalCommand(): Command {
  return new Command('eval')
    .description(
      'evaluate docsort on a labelled folder (a manifest.jsonl of {"path", "label"}, or one subfolder per label): ' +
        'accuracy, macro-F1, per-label and per-format figures, out-of-taxonomy rejection, ECE, the confusion ' +
        'matrix, every error, and the automation curve; writes report.md, metrics.json and PNGs to --out',
    )
    .argument('<folder>', 'the labelled folder')
    .option('-o, --out <dir>', 'where the report goes', 'docsort-eval')
    .option(
      '--model <dir|name@version>',
      'offline: a model directory or a published model; default: the shipped model',
    )
    .option(
      '--api <url>',
      'evaluate a running pipeline through its HTTP API instead (e.g. http://127.0.0.1:8080)',
    )
    .addOption(
      new Option(
        '--target-error <rate>',
        'the error rate among auto-accepted documents to find a threshold for',
      )
        .default(0.02)
        .argParser(confidence),
    )
    .addOption(
      new Option(
        '--review-threshold <confidence>',
        'offline: below it a document goes to review (default: DOCSORT_REVIEW_THRESHOLD, 0.6)',
      ).argParser(confidence),
    )
    .addOption(
      new Option(
        '--timeout <seconds>',
        'with --api: how long to wait for results after the uploads (default: 15 s per file, at least 5 min)',
      ).argParser(positiveInt),
    )
    .addOption(
      new Option(
        '--first-pages <n>',
        'offline: classify from the text of the first N pages only — how many pages decide the label (and are worth OCR)',
      ).argParser(positiveInt),
    )
    .addOption(taxonomyOption())
    .action(async (folder: string, options: EvalCommandOptions) => {
      if (options.api && (options.model || options.firstPages))
        throw new Error(
          '--model and --first-pages are for offline evaluation: the pipeline behind --api uses its own',
        );
      const files = readLabelledFolder(folder);
      const started = performance.now();
      const timeoutMs = (options.timeout ?? Math.max(300, files.length * 15)) * 1000;
      const run = options.api
        ? await apiOutcomes(files, options.api, timeoutMs)
        : await offlineOutcomes(files, options);
      const seconds = (performance.now() - started) / 1000;
      const documents = files.map((file, i) => evaluatedDocument(file, run.outcomes[i] as FileOutcome));
      const metrics = evaluationMetrics(documents, { targetError: options.targetError });
      const out = resolve(options.out);
      await writeEvaluationReport(out, metrics, documents, {
        folder: resolve(folder),
        via: run.via,
        ...(run.model ? { model: run.model } : {}),
        seconds,
      });
      const t = metrics.thresholdForTarget;
      console.log(
        [
          `${metrics.count} documents (${run.via}, ${seconds.toFixed(0)} s): accuracy ${metrics.accuracy}, macro-F1 ${metrics.macroF1}, ECE ${metrics.ece} (a perfectly calibrated model: ${metrics.eceIfCalibrated})`,
          `out-of-taxonomy rejected: ${metrics.outOfTaxonomyRejection ?? '–'}; sent to review ${metrics.routing.reviewShare}, ` +
            `wrong among the rest ${metrics.routing.autoAcceptedErrorRate}; failed ${metrics.failed}`,
          t
            ? `error ≤ ${metrics.targetError}: threshold ${t.threshold} auto-accepts ${t.automated} (error ${t.errorRate})`
            : `no threshold keeps the error of auto-accepted documents ≤ ${metrics.targetError}`,
          `report: ${resolve(out, 'report.md')}`,
        ].join('\n'),
      );
    });
}
