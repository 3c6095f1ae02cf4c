import { describe, expect, it } from 'vitest';
import { type EvaluatedDocument, evaluationMetrics } from './evaluation-metrics.ts';

const doc = (
  truth: string,
  label: string,
  confidence: number,
  format: string,
  extra: Partial<EvaluatedDocument> = {},
): EvaluatedDocument => ({
  path: `/x/${truth}-${label}-${confidence}.${format}`,
  truth,
  label,
  confidence,
  format,
  needsReview: false,
  topK: [],
  ms: 1,
  ...extra,
});

// Six answers; every figure below is worked out by hand in the comments.
const documents = [
  doc('invoice', 'invoice', 0.9, 'pdf'),
  doc('invoice', 'receipt', 0.7, 'jpg'), // wrong, not sent to review: a silent error
  doc('receipt', 'receipt', 0.8, 'jpg'),
  doc('other', 'invoice', 0.5, 'pdf', { needsReview: true }), // out of taxonomy, routed to review
  doc('other', 'other', 0.95, 'txt'),
  doc('receipt', 'failed', 0, 'jpg', { failure: 'CORRUPT' }),
];

describe('evaluation metrics', () => {
  const m = evaluationMetrics(documents, { targetError: 0.02 });

  it('gives precision, recall and F1 per label, and their macro mean', () => {
    // invoice: tp 1, fp 1 (the other), fn 1 → P .5, R .5, F1 2/(2+1+1) = .5; receipt alike (fn: the failed one);
    // other: tp 1, fp 0, fn 1 → P 1, R .5, F1 2/3.
    expect(m.perLabel).toEqual({
      invoice: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      other: { precision: 1, recall: 0.5, f1: 0.6667, support: 2 },
      receipt: { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
    });
    expect(m.macroF1).toBe(0.5556);
    expect(m.accuracy).toBe(0.5);
  });

  it('counts rejection of out-of-taxonomy documents, review routing and silent errors', () => {
    expect(m.outOfTaxonomyRejection).toBe(1);
    expect(m.outOfTaxonomyCount).toBe(2);
    // To a person: the routed one and the failed one, 2 of 6; the 4 auto-accepted hold 1 error.
    expect(m.routing).toEqual({ reviewShare: 0.3333, autoAcceptedErrorRate: 0.25, silentErrorShare: 0.25 });
    expect(m.failed).toBe(1);
  });

  it('gives the expected calibration error', () => {
    // bins: 0.9 (2 right, mean .925) → .075·2/6; 0.7 wrong → .7/6; 0.8 right → .2/6; 0.5 wrong → .5/6; 0 → 0.
    expect(m.ece).toBe(0.2583);
  });

  it('gives accuracy per format and lays out the confusion matrix with the failures', () => {
    expect(m.perFormat).toEqual({
      jpg: { count: 3, accuracy: 0.3333 },
      pdf: { count: 2, accuracy: 0.5 },
      txt: { count: 1, accuracy: 1 },
    });
    expect(m.labels).toEqual(['invoice', 'other', 'receipt', 'failed']);
    expect(m.confusion.receipt).toEqual({ invoice: 0, other: 0, receipt: 1, failed: 1 });
  });

  it('finds the threshold for the target error on the curve', () => {
    // Up to 0.7 the wrong answer at 0.7 is accepted; from 0.71 only .8, .9 and .95 are, all right: 3 of 6.
    expect(m.thresholdForTarget).toMatchObject({ threshold: 0.71, automated: 0.5, errorRate: 0 });
  });
});
