/**
 * Temperature scaling (Guo et al., 2017): one number T that softens (T > 1) or sharpens (T < 1) the
 * model's probabilities, fitted on held-out documents so that confidence matches accuracy. It never changes
 * which label wins. On probabilities, p_i^(1/T) renormalised equals softmax(logits / T).
 */
export function applyTemperature(probabilities: Float32Array, temperature: number): Float32Array {
  if (temperature === 1) return probabilities;
  const scaled = probabilities.map((p) => Math.max(p, 1e-12) ** (1 / temperature));
  const sum = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((p) => p / sum);
}

/**
 * The temperature that minimises the mean negative log-likelihood of the true labels (a log-spaced grid),
 * where `probabilitiesAt(T)` gives the documents' probabilities as served under T — the temperature acts
 * on each window before windows are combined and unread text is discounted, so it must be fitted through
 * the same steps (documentProbabilities), not on their result.
 */
export function fitTemperature(
  truth: readonly number[],
  probabilitiesAt: (temperature: number) => readonly Float32Array[],
): number {
  if (!truth.length) return 1;
  let best = { temperature: 1, loss: Number.POSITIVE_INFINITY };
  for (let step = -60; step <= 60; step++) {
    const temperature = 10 ** (step / 40); // 0.03 … 31.6
    let loss = 0;
    probabilitiesAt(temperature).forEach((row, i) => {
      loss -= Math.log(Math.max(row[truth[i] ?? 0] ?? 0, 1e-12));
    });
    if (loss < best.loss) best = { temperature, loss };
  }
  return Math.round(best.temperature * 1000) / 1000;
}
