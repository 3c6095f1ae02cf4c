import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { automationCurvePng } from './automation-curve-image.ts';
import { confusionMatrixPng } from './confusion-matrix-image.ts';
import {
  curveTable,
  type EvaluatedDocument,
  type EvaluationMetrics,
  type GroupFigures,
} from './evaluation-metrics.ts';

export interface EvaluationContext {
  /** The labelled folder evaluated. */
  readonly folder: string;
  /** `offline (model …)` or `api http://…`: which way the answers came. */
  readonly via: string;
  readonly model?: { readonly name: string; readonly version: string };
  readonly seconds: number;
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const table = (headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>) =>
  [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** Accuracy per group (format, language) as a table. */
const groupTable = (group: string, groups: Record<string, GroupFigures>) =>
  table(
    [group, 'documents', 'accuracy'],
    Object.entries(groups).map(([name, g]) => [name, g.count, g.accuracy]),
  );

export function evaluationMarkdown(
  metrics: EvaluationMetrics,
  documents: readonly EvaluatedDocument[],
  context: EvaluationContext,
): string {
  const m = metrics;
  const target = m.thresholdForTarget;
  const errors = documents.filter((d) => d.label !== d.truth).sort((a, b) => b.confidence - a.confidence);
  return [
    `# docsort eval — ${context.folder}`,
    '',
    `${m.count} documents, ${context.via}${context.model ? `, model ${context.model.name} ${context.model.version}` : ''}, ${context.seconds.toFixed(0)} s (${(m.count / Math.max(context.seconds, 0.001)).toFixed(2)} docs/s).`,
    '',
    table(
      [
        'accuracy',
        'macro-F1',
        'ECE',
        'ECE if calibrated',
        'out-of-taxonomy rejected',
        'sent to review',
        'error rate of the rest',
        'wrong and not sent to review',
        'failed',
      ],
      [
        [
          m.accuracy,
          m.macroF1,
          m.ece,
          m.eceIfCalibrated,
          m.outOfTaxonomyRejection === null
            ? '–'
            : `${pct(m.outOfTaxonomyRejection)} of ${m.outOfTaxonomyCount}`,
          pct(m.routing.reviewShare),
          pct(m.routing.autoAcceptedErrorRate),
          `${pct(m.routing.silentErrorShare)} of in-taxonomy`,
          m.failed,
        ],
      ],
    ),
    '',
    `ECE is biased upwards on few documents: a perfectly calibrated model would show ${m.eceIfCalibrated} on average on these ${m.count} (the column "ECE if calibrated"), so read the ECE against that, not against 0.`,
    '',
    '## The automation curve',
    '',
    target
      ? `To keep the error rate of auto-accepted documents at or below **${m.targetError}**, set the review threshold to **${target.threshold}**: ${pct(target.automated)} of documents are then auto-accepted, ${pct(target.errorRate)} of them wrong (${target.errors} of ${target.accepted}).`
      : `No threshold keeps the error rate of auto-accepted documents at or below ${m.targetError}: send everything to review, or improve the model.`,
    '',
    '![automation curve](automation-curve.png)',
    '',
    table(
      ['threshold', 'auto-accepted', 'error rate among them', 'accepted', 'wrong'],
      curveTable(m).map((p) => [p.threshold, pct(p.automated), pct(p.errorRate), p.accepted, p.errors]),
    ),
    '',
    '## Per label',
    '',
    table(
      ['label', 'documents', 'precision', 'recall', 'F1'],
      Object.entries(m.perLabel).map(([label, f]) => [label, f.support, f.precision, f.recall, f.f1]),
    ),
    '',
    '## Per format',
    '',
    groupTable('format', m.perFormat),
    '',
    ...(Object.keys(m.perLanguage).length
      ? ['## Per language', '', groupTable('language', m.perLanguage), '']
      : []),
    ...(m.languageDetection.count
      ? [
          `Language detected as the folder states it: ${pct(m.languageDetection.accuracy)} of ${m.languageDetection.count} documents (${m.languageDetection.unsure} left open: too little text, or unsure).`,
          '',
        ]
      : []),
    '## Confusion matrix',
    '',
    '![confusion matrix](confusion-matrix.png)',
    '',
    table(
      ['true \\ given', ...m.labels],
      m.labels
        .filter((l) => m.perLabel[l])
        .map((truth) => [truth, ...m.labels.map((given) => m.confusion[truth]?.[given] || '')]),
    ),
    '',
    `## Errors (${errors.length}), most confident first`,
    '',
    errors.length
      ? table(
          ['file', 'format', 'true', 'given', 'confidence', 'sent to review', 'top 3'],
          errors.map((d) => [
            basename(d.path),
            d.format,
            d.truth,
            d.failure ? `failed: ${d.failure}` : d.label,
            d.confidence.toFixed(3),
            d.unfamiliar ? 'yes (unfamiliar)' : d.needsReview || d.failure ? 'yes' : '**no**',
            d.topK.map((s) => `${s.label} ${s.score.toFixed(2)}`).join(', '),
          ]),
        )
      : 'None.',
    '',
  ].join('\n');
}

/** report.md, metrics.json (figures and every document's answer) and the two pictures, into `out`. */
export async function writeEvaluationReport(
  out: string,
  metrics: EvaluationMetrics,
  documents: readonly EvaluatedDocument[],
  context: EvaluationContext,
): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'metrics.json'),
    `${JSON.stringify({ ...context, metrics, documents }, null, 2)}\n`,
  );
  writeFileSync(join(out, 'report.md'), evaluationMarkdown(metrics, documents, context));
  writeFileSync(
    join(out, 'confusion-matrix.png'),
    await confusionMatrixPng(
      metrics.confusion,
      metrics.labels,
      `docsort eval — ${basename(context.folder)} (${context.via})`,
    ),
  );
  writeFileSync(
    join(out, 'automation-curve.png'),
    await automationCurvePng(
      metrics.automationCurve,
      metrics.targetError,
      `Automation curve — ${basename(context.folder)}`,
    ),
  );
}
