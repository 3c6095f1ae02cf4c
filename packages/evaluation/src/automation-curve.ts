/** One labelled document's answer, as the curve needs it. */
export interface ScoredAnswer {
  readonly correct: boolean;
  /** The model's confidence; 0 for a document that could not be read (it is never auto-accepted). */
  readonly confidence: number;
  /** Sent to review at every threshold: the model found too little evidence for any label. */
  readonly unfamiliar?: boolean;
}

export interface AutomationPoint {
  /** Documents at or above this confidence are auto-accepted; the rest go to a person. */
  readonly threshold: number;
  /** Share of all documents auto-accepted. */
  readonly automated: number;
  /** Share of the auto-accepted documents that are wrong (0 when none are accepted). */
  readonly errorRate: number;
  readonly accepted: number;
  readonly errors: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The automation curve at every threshold of `thresholds`: what a review threshold buys and costs. */
export function automationCurve(
  answers: readonly ScoredAnswer[],
  thresholds: readonly number[] = gridThresholds(0.01),
): AutomationPoint[] {
  return thresholds.map((threshold) => {
    const accepted = answers.filter((a) => a.confidence > 0 && !a.unfamiliar && a.confidence >= threshold);
    const errors = accepted.filter((a) => !a.correct).length;
    return {
      threshold,
      automated: round(accepted.length / Math.max(1, answers.length)),
      errorRate: round(accepted.length ? errors / accepted.length : 0),
      accepted: accepted.length,
      errors,
    };
  });
}

/** 0, step, 2·step … 1, without float drift (0.07 must be 0.07, not 0.07000000000000001). */
export function gridThresholds(step: number): number[] {
  const count = Math.round(1 / step);
  return Array.from({ length: count + 1 }, (_, i) => round(i * step));
}

/**
 * The threshold that automates the most while the auto-accepted error rate stays at or below `targetError`:
 * the lowest such threshold on the curve, as automation only falls when the threshold rises. Undefined when
 * no threshold with anything accepted meets the target.
 */
export function thresholdForTargetError(
  curve: readonly AutomationPoint[],
  targetError: number,
): AutomationPoint | undefined {
  return [...curve]
    .sort((a, b) => a.threshold - b.threshold)
    .find((p) => p.accepted > 0 && p.errorRate <= targetError);
}
