import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDirectory } from '@docsort/test-harness';
import { describe, expect, it } from 'vitest';
import {
  addLabel,
  defaultTaxonomyFile,
  industryOf,
  loadTaxonomy,
  TaxonomyError,
  validateTaxonomy,
} from './taxonomy.ts';

describe('the taxonomy', () => {
  it('ships 24 labels in 8 industries', () => {
    const taxonomy = loadTaxonomy(defaultTaxonomyFile);
    expect(taxonomy.labels).toHaveLength(24);
    expect(taxonomy.industries).toHaveLength(8);
    expect(industryOf(taxonomy, 'mortgage_statement')).toBe('real_estate');
  });

  it('takes a new label and a new industry as data', () => {
    const file = join(createTestDirectory('taxonomy'), 'taxonomy.json');
    copyFileSync(defaultTaxonomyFile, file);
    addLabel(
      file,
      { name: 'customs_declaration', industry: 'trade', description: 'Goods declared at a border' },
      'Cross-border trade',
    );
    const taxonomy = loadTaxonomy(file);
    expect(taxonomy.labels.at(-1)?.name).toBe('customs_declaration');
    expect(industryOf(taxonomy, 'customs_declaration')).toBe('trade');
  });

  it('refuses duplicates, unknown industries and the reserved label', () => {
    const base = { industries: [{ name: 'finance', description: 'x' }] };
    const label = { name: 'invoice', industry: 'finance', description: 'x' };
    expect(() => validateTaxonomy({ ...base, labels: [label, label] })).toThrow(/defined twice/);
    expect(() => validateTaxonomy({ ...base, labels: [{ ...label, industry: 'space' }] })).toThrow(
      /unknown industry/,
    );
    expect(() => validateTaxonomy({ ...base, labels: [{ ...label, name: 'other' }] })).toThrow(TaxonomyError);
    expect(() => validateTaxonomy({ ...base, labels: [{ ...label, name: 'Bad Name' }] })).toThrow(
      /lowercase/,
    );
  });
});
