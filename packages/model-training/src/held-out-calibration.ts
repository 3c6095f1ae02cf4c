// Confidence a user can trust, fitted on layouts the trained model never saw: the out-of-template documents.
import { otherLabel } from '@docsort/taxonomy';
import {
  documentProbabilities,
  fitEvidenceFloor,
  fitTemperature,
  type TextClassifier,
} from '@docsort/text-classifier';
import type { DocumentLabeller } from './model-evaluation.ts';
import type { TestDocument } from './training-data.ts';

/**
 * Share of held-out in-taxonomy documents, auto-accepted by confidence, that the evidence floor sends to
 * review as well: the price in review work of catching confident answers about unfamiliar documents.
 */
export const evidenceFloorShare = 0.05;

export interface HeldOutCalibration {
  /** Temperature scaling's one number (temperature-scaling.ts in text-classifier). */
  readonly temperature: number;
  /** The label evidence below which a document goes to review (ModelManifest.evidenceFloor), and from what. */
  readonly evidenceFloor?: { readonly floor: number; readonly share: number; readonly documents: number };
}

/**
 * The temperature that makes the model's confidence honest on `heldOut`, as it rates them uncalibrated; then,
 * with that temperature, the evidence floor (label-evidence.ts in text-classifier) under which lie
 * `evidenceFloorShare` of the in-taxonomy documents that confidence alone would auto-accept.
 */
export async function heldOutCalibration(
  uncalibrated: TextClassifier,
  heldOut: readonly TestDocument[],
  reviewThreshold: number,
): Promise<HeldOutCalibration> {
  const labels = uncalibrated.labels;
  const windows = await uncalibrated.windowProbabilities(heldOut);
  const otherIndex = labels.indexOf(otherLabel);
  const temperature = fitTemperature(
    heldOut.map((d) => labels.indexOf(d.label)),
    (t) => windows.map((document) => documentProbabilities(document, t, otherIndex).probabilities),
  );
  const tempered = uncalibrated.withManifest({ ...uncalibrated.manifest, temperature });
  const answers = await tempered.classify(heldOut.filter((d) => d.label !== otherLabel));
  const evidence = answers
    .filter((a) => a.label !== otherLabel && a.confidence >= reviewThreshold && a.evidence !== undefined)
    .map((a) => a.evidence as number);
  const floor = fitEvidenceFloor(evidence, evidenceFloorShare);
  return {
    temperature,
    ...(floor === undefined
      ? {}
      : { evidenceFloor: { floor, share: evidenceFloorShare, documents: evidence.length } }),
  };
}

/** The model under its calibration. */
export function calibratedClassifier(
  uncalibrated: TextClassifier,
  calibration: HeldOutCalibration,
): TextClassifier {
  const { evidenceFloor } = calibration;
  return uncalibrated.withManifest({
    ...uncalibrated.manifest,
    temperature: calibration.temperature,
    ...(evidenceFloor ? { evidenceFloor: evidenceFloor.floor } : {}),
  });
}

/**
 * A labeller for the report: each document of a fold is rated under the calibration fitted on the other folds,
 * so the held-out figures (ECE, routing, open-set rejection) score calibration on documents it was not fitted
 * on; a document of no fold is rated by `calibrated`, the model as shipped.
 */
export async function crossFittedLabeller(
  uncalibrated: TextClassifier,
  folds: ReadonlyArray<readonly TestDocument[]>,
  reviewThreshold: number,
  calibrated: TextClassifier,
): Promise<DocumentLabeller> {
  const raters = new Map<number, TextClassifier>();
  for (let k = 0; k < folds.length; k++) {
    const others = folds.filter((_, j) => j !== k).flat();
    raters.set(
      k,
      calibratedClassifier(uncalibrated, await heldOutCalibration(uncalibrated, others, reviewThreshold)),
    );
  }
  const foldOf = new Map(folds.flatMap((fold, k) => fold.map((d) => [d.id, k] as const)));
  return async (documents) => {
    const raterOf = documents.map((d) => raters.get(foldOf.get(d.id ?? '') ?? -1) ?? calibrated);
    const answers: Awaited<ReturnType<DocumentLabeller>>[number][] = [];
    for (const rater of new Set(raterOf)) {
      const mine = documents.flatMap((d, i) => (raterOf[i] === rater ? [{ d, i }] : []));
      const rated = await rater.classify(mine.map(({ d }) => d));
      mine.forEach(({ i }, n) => {
        answers[i] = rated[n] as (typeof answers)[number];
      });
    }
    return answers;
  };
}
