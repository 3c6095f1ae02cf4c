import { badFilename } from '@docsort/synth';
import { otherLabel } from '@docsort/taxonomy';
import { type ClassificationMetrics, classificationMetrics, type Prediction } from '@docsort/text-classifier';
import { base, en, Faker } from '@faker-js/faker';
import type { TestDocument } from './training-data.ts';

/**
 * Anything that labels documents: the CNN, the TF-IDF baseline, the filename rules. Test documents come with
 * their id (see crossFittedLabeller); real ones need not.
 */
export type DocumentLabeller = (
  documents: ReadonlyArray<{ id?: string; text: string; filename: string }>,
) => Promise<ReadonlyArray<{ label: string; confidence: number; unfamiliar?: boolean }>>;

export interface TestSetMetrics {
  readonly inTemplate: ClassificationMetrics;
  readonly outOfTemplate: ClassificationMetrics;
  readonly inTemplateMisleadingNames: ClassificationMetrics;
  readonly outOfTemplateMisleadingNames: ClassificationMetrics;
}

/** A name that lies: the name of another label, as a misfiled scan would carry. */
export function misleadingName(document: TestDocument, labels: readonly string[]): string {
  const f = new Faker({ locale: [en, base] });
  f.seed([...document.id].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261));
  const wrong = f.helpers.arrayElement(labels.filter((l) => l !== document.label && l !== otherLabel));
  return badFilename(f, 'pdf', wrong).misleading ? `${wrong}_0001.pdf` : `${wrong} final.pdf`;
}

export async function predictions(
  labeller: DocumentLabeller,
  set: readonly TestDocument[],
  labels: readonly string[],
  lie: boolean,
): Promise<Prediction[]> {
  const results = await labeller(
    set.map((d) => ({ id: d.id, text: d.text, filename: lie ? misleadingName(d, labels) : d.filename })),
  );
  return set.map((d, i) => ({
    truth: d.label,
    label: results[i]?.label ?? '?',
    confidence: results[i]?.confidence ?? 0,
    ...(results[i]?.unfamiliar ? { unfamiliar: true } : {}),
  }));
}

/** The same four test sets for every labeller, so the report compares like with like. */
export async function evaluateOnTestSets(
  labeller: DocumentLabeller,
  sets: { inTemplate: readonly TestDocument[]; outOfTemplate: readonly TestDocument[] },
  labels: readonly string[],
): Promise<TestSetMetrics> {
  const metrics = async (set: readonly TestDocument[], lie: boolean) =>
    classificationMetrics(await predictions(labeller, set, labels, lie), labels);
  return {
    inTemplate: await metrics(sets.inTemplate, false),
    outOfTemplate: await metrics(sets.outOfTemplate, false),
    inTemplateMisleadingNames: await metrics(sets.inTemplate, true),
    outOfTemplateMisleadingNames: await metrics(sets.outOfTemplate, true),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Whether a prediction goes to review (the classify stage's reviewRouting at one threshold for every label). */
function sentToReview(p: Prediction, threshold: number): boolean {
  return p.confidence < threshold || p.unfamiliar === true;
}

/** Share of out-of-taxonomy documents that come out as `other` or go to review. */
export function openSetRejection(all: readonly Prediction[], threshold: number): number {
  const outside = all.filter((p) => p.truth === otherLabel);
  const rejected = outside.filter((p) => p.label === otherLabel || sentToReview(p, threshold));
  return round(rejected.length / Math.max(1, outside.length));
}

/** What routing to review buys: the share routed, and the error rate of what is left. */
export function routingEffect(
  all: readonly Prediction[],
  threshold: number,
): { threshold: number; routedShare: number; errorRateAfterRouting: number } {
  const kept = all.filter((p) => !sentToReview(p, threshold));
  return {
    threshold,
    routedShare: round((all.length - kept.length) / Math.max(1, all.length)),
    errorRateAfterRouting: round(kept.filter((p) => p.label !== p.truth).length / Math.max(1, kept.length)),
  };
}
