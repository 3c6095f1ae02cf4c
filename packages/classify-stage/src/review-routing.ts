import type { ReviewReason } from '@docsort/contracts';
import { industryOf, otherLabel, type Taxonomy } from '@docsort/taxonomy';

export interface RoutedLabel {
  readonly industry: string;
  /** The confidence below which this label goes to review: its own threshold, or the default. */
  readonly threshold: number;
  readonly needsReview: boolean;
  /** Null when auto-accepted. An unfamiliar document says so even when its confidence is low too. */
  readonly reviewReason: ReviewReason | null;
}

/**
 * Where a classification goes: auto-accepted, or to a person when its confidence is below its label's review
 * threshold (the taxonomy's per-label `reviewThreshold`, else the default) or the model found it unfamiliar
 * (too little evidence for any label: Classification.unfamiliar). One function for the classify stage and
 * `docsort classify`/`eval`, so offline answers are the pipeline's answers.
 */
export function reviewRouting(
  taxonomy: Taxonomy,
  defaultReviewThreshold: number,
): (label: string, confidence: number, unfamiliar?: boolean) => RoutedLabel {
  const thresholds = new Map(taxonomy.labels.map((l) => [l.name, l.reviewThreshold]));
  return (label, confidence, unfamiliar = false) => {
    const threshold = thresholds.get(label) ?? defaultReviewThreshold;
    const reviewReason = unfamiliar ? 'unfamiliar' : confidence < threshold ? 'low_confidence' : null;
    return {
      industry: label === otherLabel ? otherLabel : industryOf(taxonomy, label),
      threshold,
      needsReview: reviewReason !== null,
      reviewReason,
    };
  };
}
