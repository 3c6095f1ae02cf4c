export interface Prediction {
  readonly truth: string;
  readonly label: string;
  readonly confidence: number;
  /** Sent to review for too little label evidence, whatever the confidence (Classification.unfamiliar). */
  readonly unfamiliar?: boolean;
}

export interface ClassificationMetrics {
  readonly count: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perLabelF1: Record<string, number>;
  /** Expected calibration error over 10 confidence bins. */
  readonly ece: number;
  /** The ECE a perfectly calibrated model would show at these confidences (see eceIfCalibrated). */
  readonly eceIfCalibrated: number;
  readonly confusion: Record<string, Record<string, number>>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** ECE's 10 confidence bins: the bin a confidence falls in. */
const eceBin = (confidence: number) => Math.min(9, Math.max(0, Math.floor(confidence * 10)));

/** Past this many documents in a bin the right answers' count is normal enough (and the exact law quadratic). */
const exactBinLimit = 1000;

/**
 * E|k − Σc| for k the number right among documents each right with its confidence c: the exact Poisson binomial
 * law up to exactBinLimit documents, its normal approximation (σ·√(2/π)) beyond, equal to 4 decimals there.
 */
function expectedDistanceFromMean(confidences: readonly number[]): number {
  const expectedRight = confidences.reduce((a, b) => a + b, 0);
  if (confidences.length > exactBinLimit) {
    const variance = confidences.reduce((sum, c) => sum + c * (1 - c), 0);
    return Math.sqrt((2 * variance) / Math.PI);
  }
  // rightCount[k]: the probability that k of the documents so far are right.
  let rightCount = [1];
  for (const c of confidences) {
    const next = new Array<number>(rightCount.length + 1).fill(0);
    rightCount.forEach((p, k) => {
      next[k] = (next[k] ?? 0) + p * (1 - c);
      next[k + 1] = (next[k + 1] ?? 0) + p * c;
    });
    rightCount = next;
  }
  return rightCount.reduce((sum, p, k) => sum + p * Math.abs(k - expectedRight), 0);
}

/**
 * The ECE a perfectly calibrated model would show, on average, on documents of these confidences: each is
 * right with probability equal to its confidence, so a bin's right answers follow a Poisson binomial law,
 * computed exactly (no sampling; normal beyond a thousand documents a bin). ECE is biased upwards on small
 * sets — with 80 documents a perfect model shows about 0.09 — so a measured ECE is read against this figure,
 * not against zero.
 */
export function eceIfCalibrated(confidences: readonly number[]): number {
  const bins = Array.from({ length: 10 }, () => [] as number[]);
  for (const c of confidences) bins[eceBin(c)]?.push(c);
  let expectedGap = 0;
  for (const bin of bins) expectedGap += expectedDistanceFromMean(bin);
  return round(expectedGap / Math.max(1, confidences.length));
}

export function classificationMetrics(
  predictions: readonly Prediction[],
  labels: readonly string[],
): ClassificationMetrics {
  const confusion: Record<string, Record<string, number>> = {};
  for (const truth of labels) confusion[truth] = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const p of predictions) {
    const row = confusion[p.truth];
    if (row) row[p.label] = (row[p.label] ?? 0) + 1;
  }
  const perLabelF1: Record<string, number> = {};
  for (const label of labels) {
    const tp = predictions.filter((p) => p.truth === label && p.label === label).length;
    const fp = predictions.filter((p) => p.truth !== label && p.label === label).length;
    const fn = predictions.filter((p) => p.truth === label && p.label !== label).length;
    if (tp + fn === 0) continue; // not in this test set
    perLabelF1[label] = round(tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }
  const f1s = Object.values(perLabelF1);
  const bins = Array.from({ length: 10 }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const p of predictions) {
    const bin = bins[eceBin(p.confidence)];
    if (!bin) continue;
    bin.count += 1;
    bin.confidence += p.confidence;
    bin.correct += p.label === p.truth ? 1 : 0;
  }
  const n = predictions.length || 1;
  const ece = bins.reduce(
    (sum, b) =>
      b.count ? sum + (b.count / n) * Math.abs(b.correct / b.count - b.confidence / b.count) : sum,
    0,
  );
  return {
    count: predictions.length,
    accuracy: round(predictions.filter((p) => p.label === p.truth).length / n),
    macroF1: round(f1s.reduce((a, b) => a + b, 0) / (f1s.length || 1)),
    perLabelF1,
    ece: round(ece),
    eceIfCalibrated: eceIfCalibrated(predictions.map((p) => p.confidence)),
    confusion,
  };
}
