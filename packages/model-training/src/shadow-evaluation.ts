import { classificationMetrics } from '@docsort/text-classifier';
import type { DocumentLabeller } from './model-evaluation.ts';

/** A document with a reviewer's label: the truth both models are measured against. */
export interface ShadowDocument {
  readonly label: string;
  readonly text: string;
  readonly filename: string;
}

export interface ShadowScore {
  readonly version: string;
  /** Documents it labelled as the reviewer did. */
  readonly correct: number;
  readonly accuracy: number;
  readonly macroF1: number;
}

/**
 * - `not-worse`: the candidate labels at least as many of the documents as the live model does, less the
 *   tolerance — it may go live;
 * - `worse`: fewer — it may not (unless forced);
 * - `too-few-documents`: fewer reviewed documents than the minimum; compared, but too few to judge by, so
 *   not blocking;
 * - `no-live-model`: nothing is published yet, nothing to compare with.
 */
export type ShadowVerdict = 'not-worse' | 'worse' | 'too-few-documents' | 'no-live-model';

export interface ShadowComparison {
  readonly documents: number;
  readonly minDocuments: number;
  readonly toleranceDocuments: number;
  readonly candidate: ShadowScore;
  readonly live: ShadowScore | null;
  readonly verdict: ShadowVerdict;
}

export interface ShadowEvaluationOptions {
  /**
   * Below this many reviewed documents a candidate that is not worse is promoted with a note that the evidence
   * is thin; a worse one is refused whatever the count. Default 30.
   */
  readonly minDocuments?: number;
  /** Documents the candidate may get wrong beyond the live model's errors and still count as not worse. Default 0. */
  readonly toleranceDocuments?: number;
}

export const shadowDefaults = { documents: 200, minDocuments: 30, toleranceDocuments: 0 } as const;

/**
 * Classifies the reviewed documents with the candidate and the live model and compares both with the
 * reviewers' labels. "Not worse" counts documents, not rates: on the same documents, the candidate must get
 * at least as many right as the live model (less `toleranceDocuments`). Macro-F1 is reported beside it but
 * decides nothing: over a few hundred documents a rare label's F1 swings with a single document.
 */
export async function shadowEvaluation(
  candidate: { readonly version: string; readonly labeller: DocumentLabeller },
  live: { readonly version: string; readonly labeller: DocumentLabeller } | undefined,
  documents: readonly ShadowDocument[],
  options: ShadowEvaluationOptions = {},
): Promise<ShadowComparison> {
  const minDocuments = options.minDocuments ?? shadowDefaults.minDocuments;
  const toleranceDocuments = options.toleranceDocuments ?? shadowDefaults.toleranceDocuments;
  const candidateScore = await score(candidate.version, candidate.labeller, documents);
  const liveScore = live ? await score(live.version, live.labeller, documents) : null;
  // Worse on the reviewed documents is refused however few they are: thin evidence never lets a model that
  // gets them wrong replace one that gets them right. Too few only qualifies a candidate that is not worse.
  const verdict: ShadowVerdict = !liveScore
    ? 'no-live-model'
    : candidateScore.correct < liveScore.correct - toleranceDocuments
      ? 'worse'
      : documents.length < minDocuments
        ? 'too-few-documents'
        : 'not-worse';
  return {
    documents: documents.length,
    minDocuments,
    toleranceDocuments,
    candidate: candidateScore,
    live: liveScore,
    verdict,
  };
}

async function score(
  version: string,
  labeller: DocumentLabeller,
  documents: readonly ShadowDocument[],
): Promise<ShadowScore> {
  const results = documents.length
    ? await labeller(documents.map((d) => ({ text: d.text, filename: d.filename })))
    : [];
  const predictions = documents.map((d, i) => ({
    truth: d.label,
    label: results[i]?.label ?? '?',
    confidence: results[i]?.confidence ?? 0,
  }));
  const metrics = classificationMetrics(predictions, [...new Set(documents.map((d) => d.label))].sort());
  return {
    version,
    correct: predictions.filter((p) => p.label === p.truth).length,
    accuracy: documents.length ? metrics.accuracy : 0,
    macroF1: metrics.macroF1,
  };
}

export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
}

/** Whether the candidate may go live after `comparison`; `force` lets a worse one through, and says so. */
export function promotionDecision(comparison: ShadowComparison, force: boolean): PromotionDecision {
  const { candidate, live, documents, minDocuments } = comparison;
  const versus = live
    ? `${candidate.version} labelled ${candidate.correct} of ${documents} reviewed documents as the reviewers did, live ${live.version} ${live.correct}`
    : '';
  switch (comparison.verdict) {
    case 'no-live-model':
      return { promote: true, reason: 'no live model to compare with' };
    case 'too-few-documents':
      return {
        promote: true,
        reason: `not worse on the ${documents} reviewed documents there are (fewer than ${minDocuments}: thin evidence); ${versus}`,
      };
    case 'not-worse':
      return { promote: true, reason: `not worse than the live model: ${versus}` };
    case 'worse':
      return force
        ? { promote: true, reason: `worse than the live model, promoted anyway (--force): ${versus}` }
        : { promote: false, reason: `worse than the live model: ${versus}; --force promotes it anyway` };
  }
}

/** The comparison's figures for the manifest's metrics (and so ModelPublished and classify's gauge). */
export function shadowMetrics(comparison: ShadowComparison): Record<string, number> {
  return {
    shadowDocuments: comparison.documents,
    shadowAccuracy: comparison.candidate.accuracy,
    shadowMacroF1: comparison.candidate.macroF1,
    ...(comparison.live
      ? { shadowLiveAccuracy: comparison.live.accuracy, shadowLiveMacroF1: comparison.live.macroF1 }
      : {}),
  };
}

/** The report's section on the comparison. */
export function renderShadowEvaluation(
  comparison: ShadowComparison,
  decision: PromotionDecision,
  evaluatedAt: Date,
): string {
  const row = (role: string, s: ShadowScore) =>
    `| ${role} | ${s.version} | ${s.correct} | ${s.accuracy} | ${s.macroF1} |`;
  return [
    '## Shadow evaluation',
    '',
    `On ${evaluatedAt.toISOString()}, the ${comparison.documents} most recently reviewed documents, against the reviewers' labels ` +
      `(not worse: at least as many right as the live model, less ${comparison.toleranceDocuments}; judged from ${comparison.minDocuments} documents).`,
    '',
    '| model | version | right | accuracy | macro-F1 |',
    '| --- | --- | --- | --- | --- |',
    row('candidate', comparison.candidate),
    ...(comparison.live ? [row('live', comparison.live)] : []),
    '',
    `${decision.promote ? 'Promoted' : 'Not promoted'}: ${decision.reason}.`,
    '',
  ].join('\n');
}
