// From the probabilities of a document's windows to the document's: temperature, weighted mean, unread text.
import { applyTemperature } from './temperature-scaling.ts';
import { discountUnread } from './unread-text.ts';

/** What the model said of one document before calibration: each window's probabilities at temperature 1. */
export interface DocumentWindows {
  readonly windows: readonly Float32Array[];
  /** Share of the document's words in the vocabulary (Tokenizer.read). */
  readonly knownShare: number;
}

/**
 * The document's probabilities as served: each window under the temperature, the windows combined
 * (combineWindows), then lowered for text the vocabulary mostly does not know (discountUnread). The
 * temperature is fitted through this same function (held-out calibration), so that what it was fitted on
 * is what users see.
 */
export function documentProbabilities(
  document: DocumentWindows,
  temperature: number,
  otherIndex: number,
): { probabilities: Float32Array; windowWeights: number[] } {
  const tempered = document.windows.map((row) => applyTemperature(row, temperature));
  const weights = windowWeights(tempered, otherIndex);
  return {
    probabilities: discountUnread(combineWindows(tempered, otherIndex, weights), document.knownShare),
    windowWeights: weights,
  };
}

/**
 * One document's probabilities from those of its windows: their mean, each window weighted by how much it
 * reads as a business document (1 − its `other` probability). A cover letter or a page of general terms says
 * little, the page with the transactions says what the document is; a document whose every window reads as
 * none of the labels stays `other`. Parts that disagree lower the confidence. (Measured on the real-dev set
 * with the same model and 4 windows: plain mean macro-F1 0.630, ECE 0.118; weighted 0.642, 0.085.)
 */
export function combineWindows(
  windows: readonly Float32Array[],
  otherIndex: number,
  weights: readonly number[] = windowWeights(windows, otherIndex),
): Float32Array {
  const [only] = windows;
  if (windows.length === 1 && only) return only;
  const total = weights.reduce((a, b) => a + b, 0);
  const combined = new Float32Array(windows[0]?.length ?? 0);
  windows.forEach((row, w) => {
    const share = (weights[w] ?? 0) / total;
    row.forEach((p, j) => {
      combined[j] = (combined[j] ?? 0) + p * share;
    });
  });
  return combined;
}

/** How much each window counts in combineWindows (and in the label evidence): by how little it says `other`. */
function windowWeights(windows: readonly Float32Array[], otherIndex: number): number[] {
  return windows.map((row) => 1 - (row[otherIndex] ?? 0) + 1e-3);
}
