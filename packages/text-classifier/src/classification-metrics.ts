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
  readonly confusion: Record<string, Record<string, number>>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

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
    const bin = bins[Math.min(9, Math.floor(p.confidence * 10))];
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
    confusion,
  };
}
