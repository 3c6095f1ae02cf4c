import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeText } from '@docsort/extractors';
import { badFilename, type Sample, synthesize } from '@docsort/synth';
import { otherLabel, type Taxonomy } from '@docsort/taxonomy';
import {
  type ClassificationMetrics,
  classificationMetrics,
  type LabelledText,
  type ModelManifest,
  saveLayersModel,
  TextClassifier,
  trainTextCnn,
} from '@docsort/text-classifier';
import { base, en, Faker } from '@faker-js/faker';
import { filenameBaseline } from './filename-baseline.ts';
import { proseChunks } from './out-of-taxonomy-prose.ts';

export interface TrainModelOptions {
  readonly taxonomy: Taxonomy;
  readonly out: string;
  readonly name: string;
  readonly version: string;
  readonly seed: number;
  readonly perLabel: number;
  readonly epochs: number;
  /** Below this confidence a document is routed to review. */
  readonly reviewThreshold: number;
  readonly log: (message: string) => void;
  readonly onEpoch?: (epoch: number, logs: { loss: number; valLoss: number; valAccuracy: number }) => void;
}

export interface EvaluationReport {
  readonly inTemplate: ClassificationMetrics;
  readonly outOfTemplate: ClassificationMetrics;
  readonly inTemplateMisleadingNames: ClassificationMetrics;
  readonly outOfTemplateMisleadingNames: ClassificationMetrics;
  readonly filenameBaseline: { inTemplate: ClassificationMetrics; outOfTemplate: ClassificationMetrics };
  /** Share of out-of-taxonomy test documents labelled `other` or routed to review. */
  readonly openSetRejection: number;
  readonly routing: { threshold: number; routedShare: number; errorRateAfterRouting: number };
  readonly trainingSeconds: number;
}

const textOf = (sample: Sample) => normalizeText(sample.lines.join('\n'));

/** A name that lies: the name of another label, as a misfiled scan would carry. */
function misleadingName(sample: LabelledText & { id: string }, labels: readonly string[]): string {
  const f = new Faker({ locale: [en, base] });
  f.seed([...sample.id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261));
  const wrong = f.helpers.arrayElement(labels.filter((l) => l !== sample.label && l !== otherLabel));
  return badFilename(f, 'pdf', wrong).misleading ? `${wrong}_0001.pdf` : `${wrong} final.pdf`;
}

/**
 * Trains the text CNN on synthetic documents for every label (plus out-of-taxonomy prose as `other`),
 * evaluates it on in-template and out-of-template test splits, with and without lying filenames, against a
 * filename-only baseline, and writes the artifact: model, tokenizer, manifest, metrics and a report.
 */
export async function trainModel(options: TrainModelOptions): Promise<EvaluationReport> {
  const labels = [...options.taxonomy.labels.map((l) => l.name), otherLabel];
  const samples = [
    ...synthesize({
      taxonomy: options.taxonomy,
      seed: options.seed,
      perLabel: options.perLabel,
      formats: ['txt'],
    }),
  ];
  const asExample = (s: Sample) => ({
    id: s.id,
    text: textOf(s),
    filename: s.filename,
    label: s.label,
    split: s.split,
  });
  const examples = samples.map(asExample);
  // Real prose as `other`: three quarters for training, the rest for testing open-set rejection.
  const prose = proseChunks().map((chunk, i) => ({
    id: `prose-${i}`,
    text: normalizeText(chunk.text),
    filename: chunk.filename,
    label: otherLabel,
    split: i % 4 === 0 ? 'test' : 'train',
  }));
  const all = [...examples, ...prose];
  const train = all.filter((e) => e.split === 'train');
  const validation = all.filter((e) => e.split === 'test').filter((_, i) => i % 2 === 0);
  const inTemplate = all.filter((e) => e.split === 'test');
  const outOfTemplate = all.filter((e) => e.split === 'test-out-of-template');
  options.log(
    `data: ${train.length} training, ${inTemplate.length} in-template test, ${outOfTemplate.length} out-of-template test documents; ${labels.length} labels`,
  );

  const started = Date.now();
  const trained = await trainTextCnn({
    train,
    validation,
    labels,
    seed: options.seed,
    epochs: options.epochs,
    log: options.log,
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const trainingSeconds = Math.round((Date.now() - started) / 1000);

  const trainingDistribution = Object.fromEntries(
    labels.map((label) => [
      label,
      Math.round((train.filter((e) => e.label === label).length / train.length) * 10_000) / 10_000,
    ]),
  );
  const dataHash = createHash('sha256')
    .update(JSON.stringify(train.map((e) => [e.label, e.filename, e.text])))
    .digest('hex');
  const draftManifest: ModelManifest = {
    name: options.name,
    version: options.version,
    labels,
    createdAt: new Date().toISOString(),
    dataHash,
    backend: trained.backend,
    metrics: {},
    trainingDistribution,
  };
  const classifier = TextClassifier.fromTrained(
    trained.model,
    trained.tokenizer,
    draftManifest,
    trained.backend as never,
  );

  const evaluate = async (set: ReadonlyArray<LabelledText & { id: string }>, lie: boolean) => {
    const docs = set.map((e) => ({ text: e.text, filename: lie ? misleadingName(e, labels) : e.filename }));
    const results = await classifier.classify(docs);
    return set.map((e, i) => ({
      truth: e.label,
      label: results[i]?.label ?? '?',
      confidence: results[i]?.confidence ?? 0,
    }));
  };
  const inPredictions = await evaluate(inTemplate, false);
  const outPredictions = await evaluate(outOfTemplate, false);
  const baseline = filenameBaseline(labels, 'invoice');
  const baselineOf = (set: typeof inTemplate) =>
    classificationMetrics(
      set.map((e) => ({ truth: e.label, label: baseline(e.filename), confidence: 1 })),
      labels,
    );
  const allTest = [...inPredictions, ...outPredictions];
  const routed = allTest.filter((p) => p.confidence < options.reviewThreshold);
  const kept = allTest.filter((p) => p.confidence >= options.reviewThreshold);
  const otherTest = allTest.filter((p) => p.truth === otherLabel);
  const report: EvaluationReport = {
    inTemplate: classificationMetrics(inPredictions, labels),
    outOfTemplate: classificationMetrics(outPredictions, labels),
    inTemplateMisleadingNames: classificationMetrics(await evaluate(inTemplate, true), labels),
    outOfTemplateMisleadingNames: classificationMetrics(await evaluate(outOfTemplate, true), labels),
    filenameBaseline: { inTemplate: baselineOf(inTemplate), outOfTemplate: baselineOf(outOfTemplate) },
    openSetRejection:
      Math.round(
        (otherTest.filter((p) => p.label === otherLabel || p.confidence < options.reviewThreshold).length /
          Math.max(1, otherTest.length)) *
          10_000,
      ) / 10_000,
    routing: {
      threshold: options.reviewThreshold,
      routedShare: Math.round((routed.length / Math.max(1, allTest.length)) * 10_000) / 10_000,
      errorRateAfterRouting:
        Math.round((kept.filter((p) => p.label !== p.truth).length / Math.max(1, kept.length)) * 10_000) /
        10_000,
    },
    trainingSeconds,
  };

  const manifest: ModelManifest = {
    ...draftManifest,
    metrics: {
      inTemplateMacroF1: report.inTemplate.macroF1,
      outOfTemplateMacroF1: report.outOfTemplate.macroF1,
      ece: report.inTemplate.ece,
      openSetRejection: report.openSetRejection,
      epochs: trained.epochs,
    },
  };
  mkdirSync(options.out, { recursive: true });
  await saveLayersModel(trained.model, options.out);
  writeFileSync(join(options.out, 'tokenizer.json'), JSON.stringify(trained.tokenizer.config));
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(options.out, 'metrics.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, 'report.md'), renderReport(options, report, trained.epochs));
  return report;
}

function renderReport(options: TrainModelOptions, r: EvaluationReport, epochs: number): string {
  const row = (name: string, m: ClassificationMetrics) =>
    `| ${name} | ${m.count} | ${m.accuracy} | ${m.macroF1} | ${m.ece} |`;
  const worst = Object.entries(r.outOfTemplate.perLabelF1)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 6)
    .map(([label, f1]) => `${label} ${f1}`)
    .join(', ');
  return [
    `# Model ${options.name} ${options.version}`,
    '',
    `Trained with \`docsort train --seed ${options.seed} --per-label ${options.perLabel} --epochs ${options.epochs}\` in ${r.trainingSeconds} s (${epochs} epochs, early stopping).`,
    '',
    '| test set | documents | accuracy | macro-F1 | ECE |',
    '| --- | --- | --- | --- | --- |',
    row('in-template', r.inTemplate),
    row('out-of-template', r.outOfTemplate),
    row('in-template, misleading filenames', r.inTemplateMisleadingNames),
    row('out-of-template, misleading filenames', r.outOfTemplateMisleadingNames),
    row('filename-only baseline, in-template', r.filenameBaseline.inTemplate),
    row('filename-only baseline, out-of-template', r.filenameBaseline.outOfTemplate),
    '',
    `Out-of-taxonomy documents labelled \`other\` or routed to review: ${r.openSetRejection}.`,
    `Routing below confidence ${r.routing.threshold}: ${r.routing.routedShare} of documents to review, error rate of the rest ${r.routing.errorRateAfterRouting}.`,
    '',
    `Lowest out-of-template F1: ${worst}.`,
    '',
  ].join('\n');
}
