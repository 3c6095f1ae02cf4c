import { normalizeText } from '@docsort/extractors';
import { type Sample, synthesize } from '@docsort/synth';
import { labelNames, type Taxonomy } from '@docsort/taxonomy';
import type { LabelledText } from '@docsort/text-classifier';
import type { LabelledExample } from './training-examples.ts';

export type TestDocument = LabelledText & { readonly id: string };

export interface TrainingData {
  readonly labels: readonly string[];
  /**
   * What the model learns from: the training split, then every document of the set-aside templates (see
   * synthesize's `setAsideTemplates`). Those were probe runs' calibration templates until calibration moved
   * to the out-of-template documents; left as they were (set aside when calibrating, not with
   * `--no-calibrate`), because dropping them — 20 % of their documents then go to the in-template test
   * split — changed models by data alone: the default one's real-dev accuracy 0.630 → 0.568.
   */
  readonly train: readonly TestDocument[];
  /** Half the in-template test split: the final run's validation. */
  readonly validation: readonly TestDocument[];
  readonly inTemplate: readonly TestDocument[];
  /** Documents of the held-out templates (`*-holdout.txt`): layouts the model never trains on. */
  readonly outOfTemplate: readonly TestDocument[];
  /**
   * The same documents in two folds, each label's held-out templates alternating between them (so each fold
   * has every label): calibration fitted on one fold is measured on the other (see crossFittedLabeller).
   */
  readonly outOfTemplateFolds: ReadonlyArray<readonly TestDocument[]>;
  /** Labels that were learnt from stored examples only (no synthetic templates). */
  readonly exampleOnlyLabels: readonly string[];
}

export interface TrainingDataOptions {
  readonly taxonomy: Taxonomy;
  readonly seed: number;
  readonly perLabel: number;
  readonly templatesDir?: string;
  /** Real labelled documents (`docsort examples add`); all of them are trained on. */
  readonly examples?: readonly LabelledExample[];
  /** Set two templates per label aside (see `train`); on by default. */
  readonly setAsideTemplates?: boolean;
  /** Share of synthetic documents with page furniture (synthesize's pageFurniture); 0 by default. */
  readonly pageFurniture?: number;
}

/** `other` documents per label's documents. */
export const otherExamplesFactor = 4;

/**
 * Share of synthetic documents that come inside an e-mail (pasted, forwarded, quoted): what a mailbox
 * drop delivers, where the document is the body of the mail.
 */
export const emailShare = 0.06;

/** Share of `other` documents that are scraps of a few lines (see synthesize's otherFragments). */
export const otherFragmentShare = 0.25;

const textOf = (sample: Sample) => normalizeText(sample.lines.join('\n'));

/**
 * The data of one training run: synthetic documents of every label with templates (as plain text — the
 * extractors' output for every format is text, and extraction is tested on its own), the generator's
 * out-of-taxonomy documents as `other` (hard negatives: reports, datasheets, manuals, articles, cards, other
 * forms), and the stored examples. Nothing read from the machine: the same seed gives the same data anywhere.
 */
export function trainingData(options: TrainingDataOptions): TrainingData {
  const labels = labelNames(options.taxonomy);
  type SplitDocument = TestDocument & { readonly split: string; readonly template?: string };
  const synthetic: SplitDocument[] = [
    ...synthesize({
      taxonomy: options.taxonomy,
      seed: options.seed,
      perLabel: options.perLabel,
      // `other` is every document that is none of the labels: a wide class, so it gets more examples.
      perOther: options.perLabel * otherExamplesFactor,
      formats: ['txt'],
      setAsideTemplates: options.setAsideTemplates ?? true,
      inEmail: emailShare,
      otherFragments: otherFragmentShare,
      ...(options.pageFurniture ? { pageFurniture: options.pageFurniture } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    }),
  ].map((s) => ({
    id: s.id,
    text: textOf(s),
    filename: s.filename,
    label: s.label,
    split: s.split,
    template: s.template,
  }));
  const examples = (options.examples ?? []).map((e): SplitDocument => ({ ...e, split: 'train' }));
  const all = [...synthetic, ...examples];
  const strip = ({ split: _, template: __, ...rest }: SplitDocument): TestDocument => rest;
  const heldOut = all.filter((e) => e.split === 'test-out-of-template');
  const inTemplate = all.filter((e) => e.split === 'test').map(strip);
  const synthesized = new Set(synthetic.map((s) => s.label));
  return {
    labels,
    train: [...all.filter((e) => e.split === 'train'), ...all.filter((e) => e.split === 'set-aside')].map(
      strip,
    ),
    validation: inTemplate.filter((_, i) => i % 2 === 0),
    inTemplate,
    outOfTemplate: heldOut.map(strip),
    outOfTemplateFolds: foldsByTemplate(heldOut, 2).map((fold) => fold.map(strip)),
    exampleOnlyLabels: labels.filter((l) => !synthesized.has(l) && examples.some((e) => e.label === l)),
  };
}

/** Fold k holds each label's k-th, (k + count)-th, … template (in template order). */
function foldsByTemplate<T extends { label: string; template?: string }>(
  documents: readonly T[],
  count: number,
): T[][] {
  const templatesOf = new Map<string, string[]>();
  for (const { label, template = '' } of documents) {
    const templates = templatesOf.get(label) ?? [];
    if (!templates.includes(template)) templatesOf.set(label, [...templates, template].sort());
  }
  const foldOf = (d: T) => (templatesOf.get(d.label)?.indexOf(d.template ?? '') ?? 0) % count;
  return Array.from({ length: count }, (_, k) => documents.filter((d) => foldOf(d) === k));
}
