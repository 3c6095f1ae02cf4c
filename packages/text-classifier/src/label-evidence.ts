/**
 * Open-set detection beyond the softmax. A document's label evidence is its strongest logit among the
 * taxonomy's labels (`other` left out): the maximum logit score of Vaze et al. (2022, "Open-set recognition:
 * a good closed-set classifier is all you need"). Softmax confidence is relative — a document unlike any in
 * training can still give one label most of the probability — while its logits stay low.
 *
 * Measured with model 2026.12.05.4 (AUROC of out-of-taxonomy against in-taxonomy documents; real-dev 23 / 58,
 * real-dev-extra 11 / 23, synthetic out-of-template 134 / 816): maximum logit 0.788 / 0.668 / 0.898, maximum
 * softmax 0.615 / 0.692 / 0.758, energy (log-sum-exp of the logits) 0.602 / 0.490 / 0.645, cosine to the
 * nearest class centroid of the penultimate features 0.712 / 0.565 / 0.914.
 */
export function labelEvidence(
  windowLogits: readonly Float32Array[],
  windowWeights: readonly number[],
  otherIndex: number,
): number {
  let total = 0;
  let weighted = 0;
  windowLogits.forEach((logits, w) => {
    let strongest = Number.NEGATIVE_INFINITY;
    logits.forEach((z, j) => {
      if (j !== otherIndex && z > strongest) strongest = z;
    });
    const weight = windowWeights[w] ?? 0;
    weighted += weight * strongest;
    total += weight;
  });
  return total > 0 ? weighted / total : Number.NEGATIVE_INFINITY;
}

/**
 * The evidence floor: the label evidence below which `share` of the given documents lie. Fitted on held-out
 * in-taxonomy documents that confidence alone would auto-accept, so that `share` of them go to review in
 * addition; undefined when there are none.
 */
export function fitEvidenceFloor(evidence: readonly number[], share: number): number | undefined {
  if (!evidence.length) return undefined;
  const sorted = [...evidence].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}
