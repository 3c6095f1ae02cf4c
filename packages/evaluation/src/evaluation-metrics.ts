import { otherLabel } from '@docsort/taxonomy';
import { classificationMetrics } from '@docsort/text-classifier';
import {
  type AutomationPoint,
  automationCurve,
  gridThresholds,
  thresholdForTargetError,
} from './automation-curve.ts';

/** What docsort answered for one labelled file, offline or through the API. */
export interface EvaluatedDocument {
  readonly path: string;
  readonly truth: string;
  /** The detected or declared format (pdf, jpg, eml…), for per-format figures. */
  readonly format: string;
  readonly language?: string;
  /** The language docsort detected (ISO 639-1); null when unsure, absent when not known (through the API). */
  readonly detectedLanguage?: string | null;
  /** The label given; `failed` when the file could not be processed (its reason in `failure`). */
  readonly label: string;
  readonly confidence: number;
  readonly needsReview: boolean;
  /** Sent to review for too little label evidence, whatever the confidence (offline only). */
  readonly unfamiliar?: boolean;
  readonly topK: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  /** The DLQ reason code when the file failed (CORRUPT, TIMEOUT…). */
  readonly failure?: string;
  readonly ms: number;
}

/** A label the model never gives: a file that failed. It counts as wrong, and as routed to a person. */
export const failedLabel = 'failed';

export interface LabelFigures {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Documents whose true label this is. */
  readonly support: number;
}

export interface GroupFigures {
  readonly count: number;
  readonly accuracy: number;
}

export interface EvaluationMetrics {
  readonly count: number;
  readonly accuracy: number;
  /** Mean F1 over the labels present in the truth (`other` included when present). */
  readonly macroF1: number;
  readonly perLabel: Record<string, LabelFigures>;
  readonly perFormat: Record<string, GroupFigures>;
  readonly perLanguage: Record<string, GroupFigures>;
  /**
   * Of the documents whose language the folder states and docsort detected or left open: the share detected
   * as stated (null when none), and how many were left open (too little text, or unsure).
   */
  readonly languageDetection: {
    readonly count: number;
    readonly accuracy: number | null;
    readonly unsure: number;
  };
  /** Expected calibration error over 10 confidence bins. */
  readonly ece: number;
  /** The ECE a perfectly calibrated model would show on these documents' confidences (small sets inflate ECE). */
  readonly eceIfCalibrated: number;
  /** Out-of-taxonomy documents (truth `other`) labelled `other`, routed to review or failed; null if none. */
  readonly outOfTaxonomyRejection: number | null;
  readonly outOfTaxonomyCount: number;
  /** At the pipeline's own routing: what went to a person, and how wrong the rest is. */
  readonly routing: {
    readonly reviewShare: number;
    readonly autoAcceptedErrorRate: number;
    /** In-taxonomy documents given a wrong label and not sent to review: the errors nobody sees. */
    readonly silentErrorShare: number;
  };
  readonly failed: number;
  readonly automationCurve: readonly AutomationPoint[];
  readonly targetError: number;
  /** The lowest threshold whose auto-accepted error rate is at most `targetError`; null if none is. */
  readonly thresholdForTarget: AutomationPoint | null;
  /** Rows: true labels; columns: given labels (with `failed` when any file failed). */
  readonly labels: readonly string[];
  readonly confusion: Record<string, Record<string, number>>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

function languageDetection(documents: readonly EvaluatedDocument[]): EvaluationMetrics['languageDetection'] {
  const stated = documents.filter((d) => d.language && d.detectedLanguage !== undefined && !d.failure);
  const right = stated.filter((d) => d.detectedLanguage === d.language).length;
  return {
    count: stated.length,
    accuracy: stated.length ? round(right / stated.length) : null,
    unsure: stated.filter((d) => d.detectedLanguage === null).length,
  };
}
const share = (part: number, whole: number) => round(part / Math.max(1, whole));

function groupAccuracy(
  documents: readonly EvaluatedDocument[],
  key: (d: EvaluatedDocument) => string | undefined,
): Record<string, GroupFigures> {
  const groups = Map.groupBy(
    documents.filter((d) => key(d)),
    (d) => key(d) as string,
  );
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, members]) => [
        name,
        {
          count: members.length,
          accuracy: share(members.filter((d) => d.label === d.truth).length, members.length),
        },
      ]),
  );
}

export function evaluationMetrics(
  documents: readonly EvaluatedDocument[],
  options: { readonly targetError: number },
): EvaluationMetrics {
  const truths = [...new Set(documents.map((d) => d.truth))].sort();
  const given = [...new Set(documents.map((d) => d.label))].filter((l) => !truths.includes(l)).sort();
  const labels = [...truths, ...given];
  const base = classificationMetrics(
    documents.map((d) => ({ truth: d.truth, label: d.label, confidence: d.confidence })),
    labels,
  );
  const perLabel: Record<string, LabelFigures> = {};
  for (const label of truths) {
    const tp = documents.filter((d) => d.truth === label && d.label === label).length;
    const fp = documents.filter((d) => d.truth !== label && d.label === label).length;
    const fn = documents.filter((d) => d.truth === label && d.label !== label).length;
    perLabel[label] = {
      precision: share(tp, tp + fp),
      recall: share(tp, tp + fn),
      f1: base.perLabelF1[label] ?? 0,
      support: tp + fn,
    };
  }
  const outside = documents.filter((d) => d.truth === otherLabel);
  const rejected = outside.filter((d) => d.label === otherLabel || d.needsReview || d.failure);
  const inside = documents.filter((d) => d.truth !== otherLabel);
  const reviewed = documents.filter((d) => d.needsReview || d.failure);
  const autoAccepted = documents.filter((d) => !d.needsReview && !d.failure);
  const curve = automationCurve(
    documents.map((d) => ({
      correct: d.label === d.truth,
      confidence: d.confidence,
      ...(d.unfamiliar ? { unfamiliar: true } : {}),
    })),
  );
  return {
    count: documents.length,
    accuracy: base.accuracy,
    macroF1: base.macroF1,
    perLabel,
    perFormat: groupAccuracy(documents, (d) => d.format),
    perLanguage: groupAccuracy(documents, (d) => d.language),
    languageDetection: languageDetection(documents),
    ece: base.ece,
    eceIfCalibrated: base.eceIfCalibrated,
    outOfTaxonomyRejection: outside.length ? share(rejected.length, outside.length) : null,
    outOfTaxonomyCount: outside.length,
    routing: {
      reviewShare: share(reviewed.length, documents.length),
      autoAcceptedErrorRate: share(
        autoAccepted.filter((d) => d.label !== d.truth).length,
        autoAccepted.length,
      ),
      silentErrorShare: share(
        inside.filter((d) => d.label !== d.truth && !d.needsReview && !d.failure).length,
        inside.length,
      ),
    },
    failed: documents.filter((d) => d.failure).length,
    automationCurve: curve,
    targetError: options.targetError,
    thresholdForTarget: thresholdForTargetError(curve, options.targetError) ?? null,
    labels,
    confusion: base.confusion,
  };
}

/** The curve at a coarser step, for a table a person reads. */
export function curveTable(metrics: EvaluationMetrics, step = 0.05): AutomationPoint[] {
  const wanted = new Set(gridThresholds(step));
  return metrics.automationCurve.filter((p) => wanted.has(p.threshold));
}
