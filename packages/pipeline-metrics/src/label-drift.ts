/** The model's view of normal traffic, from its manifest. */
export interface DriftBaseline {
  /** Share of each label in the training data. */
  readonly trainingDistribution: Readonly<Record<string, number>>;
  /** Mean confidence on held-out data at training time, when the manifest records it. */
  readonly referenceConfidence?: number;
}

export interface DriftReading {
  /** Total variation distance between recent labels and the training distribution: 0 same, 1 disjoint. */
  readonly labelDistance: number;
  readonly recentMeanConfidence: number;
  readonly documents: number;
}

/**
 * The last `window` classifications, compared with the training distribution. Total variation distance
 * (half the L1 distance of the two distributions) reads directly as "the share of traffic that would have
 * to change label to look like training", which makes a threshold easy to pick.
 */
export class LabelDriftWindow {
  readonly #labels: string[] = [];
  readonly #confidences: number[] = [];
  #next = 0;

  constructor(readonly window = 500) {
    if (!Number.isInteger(window) || window < 1) throw new Error(`drift window must be ≥ 1, got ${window}`);
  }

  add(label: string, confidence: number): void {
    if (this.#labels.length < this.window) {
      this.#labels.push(label);
      this.#confidences.push(confidence);
      return;
    }
    this.#labels[this.#next] = label;
    this.#confidences[this.#next] = confidence;
    this.#next = (this.#next + 1) % this.window;
  }

  read(baseline: DriftBaseline): DriftReading | undefined {
    const documents = this.#labels.length;
    if (documents === 0) return undefined;
    const counts = new Map<string, number>();
    for (const label of this.#labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    const labels = new Set([...counts.keys(), ...Object.keys(baseline.trainingDistribution)]);
    let l1 = 0;
    for (const label of labels) {
      l1 += Math.abs((counts.get(label) ?? 0) / documents - (baseline.trainingDistribution[label] ?? 0));
    }
    const confidence = this.#confidences.reduce((sum, c) => sum + c, 0) / documents;
    return { labelDistance: Math.min(1, l1 / 2), recentMeanConfidence: confidence, documents };
  }
}
