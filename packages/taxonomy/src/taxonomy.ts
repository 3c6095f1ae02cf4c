import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and underscores');

const taxonomySchema = z.object({
  industries: z.array(z.object({ name: identifier, description: z.string().min(1) })).min(1),
  labels: z
    .array(
      z.object({
        name: identifier,
        industry: identifier,
        description: z.string().min(1),
        /** Below this confidence a document of this label is routed to review (else the global default). */
        reviewThreshold: z.number().min(0).max(1).optional(),
      }),
    )
    .min(1),
});

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type LabelDefinition = Taxonomy['labels'][number];

/** The label for documents outside the taxonomy; the model learns it, the taxonomy never lists it. */
export const otherLabel = 'other';

/** The taxonomy shipped with docsort: DOCSORT_TAXONOMY_FILE points elsewhere. */
export const defaultTaxonomyFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'taxonomy.json');

export class TaxonomyError extends Error {
  override readonly name = 'TaxonomyError';
}

/** Checks what a schema cannot: unique names, known industries, and no label called `other`. */
export function validateTaxonomy(value: unknown, source = 'taxonomy'): Taxonomy {
  const parsed = taxonomySchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new TaxonomyError(`${source} is invalid:\n  ${issues.join('\n  ')}`);
  }
  const taxonomy = parsed.data;
  const industries = new Set(taxonomy.industries.map((i) => i.name));
  const seen = new Set<string>();
  for (const label of taxonomy.labels) {
    if (label.name === otherLabel)
      throw new TaxonomyError(`${source}: "${otherLabel}" is reserved for out-of-taxonomy documents`);
    if (seen.has(label.name)) throw new TaxonomyError(`${source}: label ${label.name} is defined twice`);
    if (!industries.has(label.industry)) {
      throw new TaxonomyError(`${source}: label ${label.name} names an unknown industry ${label.industry}`);
    }
    seen.add(label.name);
  }
  return taxonomy;
}

export function loadTaxonomy(file = process.env.DOCSORT_TAXONOMY_FILE ?? defaultTaxonomyFile): Taxonomy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TaxonomyError(`cannot read the taxonomy ${file}: ${(error as Error).message}`);
  }
  return validateTaxonomy(raw, file);
}

/** Adds a label (and its industry, when new) and writes the file back: no code change needed. */
export function addLabel(file: string, label: LabelDefinition, industryDescription?: string): Taxonomy {
  const taxonomy = loadTaxonomy(file);
  const industries = taxonomy.industries.some((i) => i.name === label.industry)
    ? taxonomy.industries
    : [...taxonomy.industries, { name: label.industry, description: industryDescription ?? label.industry }];
  const updated = validateTaxonomy({ industries, labels: [...taxonomy.labels, label] }, file);
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
  return updated;
}

/** Every label a model predicts: the taxonomy's, then `other` for what lies outside it. */
export function labelNames(taxonomy: Taxonomy): string[] {
  return [...taxonomy.labels.map((l) => l.name), otherLabel];
}

export function industryOf(taxonomy: Taxonomy, label: string): string {
  return taxonomy.labels.find((l) => l.name === label)?.industry ?? otherLabel;
}
