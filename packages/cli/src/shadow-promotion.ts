import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReviewedDocuments } from '@docsort/document-results';
import { type ModelRegistry, ModelUnavailableError } from '@docsort/model-registry';
import {
  type DocumentLabeller,
  type PromotionDecision,
  promotionDecision,
  renderShadowEvaluation,
  type ShadowComparison,
  shadowDefaults,
  shadowEvaluation,
  shadowMetrics,
} from '@docsort/model-training';
import { TextClassifier } from '@docsort/text-classifier';

export interface ShadowPromotionOptions {
  readonly registry: ModelRegistry;
  readonly name: string;
  /** An uploaded version (`ModelRegistry.upload`). */
  readonly version: string;
  /** Promote even when the candidate is worse than the live model. */
  readonly force: boolean;
  /** The most recently reviewed documents to compare on; default 200. */
  readonly documents?: number;
  readonly minDocuments?: number;
  readonly toleranceDocuments?: number;
}

export type ShadowPromotion =
  | { readonly outcome: 'already-live' }
  | {
      readonly outcome: 'promoted' | 'refused';
      readonly comparison: ShadowComparison;
      readonly decision: PromotionDecision;
      readonly published?: Awaited<ReturnType<ModelRegistry['promote']>>;
    };

/**
 * Shadow-evaluates an uploaded candidate beside the live (LATEST) model on the most recently reviewed
 * documents, records the comparison in the candidate's manifest and report, and moves LATEST to it only
 * when it is not worse (or `force`). Both models are loaded from the store into a directory of their own,
 * removed afterwards.
 */
export async function promoteIfNotWorse(options: ShadowPromotionOptions): Promise<ShadowPromotion> {
  const { registry, name, version } = options;
  const liveVersion = await registry.resolve(name, 'latest').catch((error: unknown) => {
    if (error instanceof ModelUnavailableError) return undefined;
    throw error;
  });
  if (liveVersion === version) return { outcome: 'already-live' };
  const cacheDir = mkdtempSync(join(tmpdir(), 'docsort-shadow-'));
  const loaded: TextClassifier[] = [];
  const load = async (v: string) => {
    const classifier = await TextClassifier.load((await registry.fetch(name, v, cacheDir)).dir);
    loaded.push(classifier);
    const labeller: DocumentLabeller = (documents) => classifier.classify(documents);
    return { version: v, labeller };
  };
  try {
    const candidate = await load(version);
    const live = liveVersion === undefined ? undefined : await load(liveVersion);
    const reviewed = await readReviewedDocuments(
      registry.options.store,
      options.documents ?? shadowDefaults.documents,
    );
    const comparison = await shadowEvaluation(candidate, live, reviewed, {
      ...(options.minDocuments === undefined ? {} : { minDocuments: options.minDocuments }),
      ...(options.toleranceDocuments === undefined ? {} : { toleranceDocuments: options.toleranceDocuments }),
    });
    const decision = promotionDecision(comparison, options.force);
    await registry.annotate(name, version, {
      metrics: shadowMetrics(comparison),
      reportSection: renderShadowEvaluation(comparison, decision, new Date()),
    });
    if (!decision.promote) return { outcome: 'refused', comparison, decision };
    const published = await registry.promote(name, version);
    return { outcome: 'promoted', comparison, decision, published };
  } finally {
    await Promise.all(loaded.map((classifier) => classifier.dispose()));
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** What the command prints: the comparison, then the decision. */
export function describeShadowPromotion(name: string, version: string, result: ShadowPromotion): string[] {
  if (result.outcome === 'already-live') return [`${name} ${version} is already the live model`];
  const { comparison, decision } = result;
  const line = (role: string, s: ShadowComparison['candidate']) =>
    `  ${role.padEnd(9)} ${s.version.padEnd(20)} ${s.correct}/${comparison.documents} right  accuracy ${s.accuracy}  macro-F1 ${s.macroF1}`;
  return [
    `shadow evaluation on the ${comparison.documents} most recently reviewed documents:`,
    line('candidate', comparison.candidate),
    ...(comparison.live ? [line('live', comparison.live)] : []),
    result.outcome === 'promoted'
      ? `promoted ${name} ${version} (${decision.reason}) and announced it`
      : `not promoted: ${decision.reason}`,
  ];
}
