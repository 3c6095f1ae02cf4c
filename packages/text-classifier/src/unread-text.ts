/**
 * A text the model cannot read — another script (Chinese, Japanese, Cyrillic), a language it never learnt,
 * OCR garbage from a photo or handwriting, a PDF whose fonts extract as gibberish — still gets a softmax
 * that sums to one, often peaked on whichever label its few known tokens suggest. How much of the text is
 * in the model's vocabulary says how much it read: below `fullyReadShare`, its probabilities are mixed with
 * the uniform distribution in proportion, so the confidence says "not read" and the document goes to review.
 * Same winner, honest confidence. (Real documents of the eight trained languages read at 0.7–0.95; the ones
 * below 0.5 in the dev sets were nearly all wrong.)
 */
export const fullyReadShare = 0.5;

/** Even a text with no known word keeps a trace of the model's ranking: the winner stays the winner. */
const minWeight = 0.05;

/** Probabilities mixed with the uniform distribution by how much of the text was read (1: untouched). */
export function discountUnread(probabilities: Float32Array, knownShare: number): Float32Array {
  const read = Math.min(1, Math.max(minWeight, knownShare / fullyReadShare));
  if (read >= 1) return probabilities;
  const uniform = 1 / probabilities.length;
  return probabilities.map((p) => read * p + (1 - read) * uniform);
}
