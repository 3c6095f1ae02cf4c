import { validateTaxonomy } from '@docsort/taxonomy';
import { describe, expect, it } from 'vitest';
import { reviewRouting } from './review-routing.ts';

const taxonomy = validateTaxonomy({
  industries: [{ name: 'finance', description: 'money' }],
  labels: [
    { name: 'invoice', industry: 'finance', description: 'a bill' },
    { name: 'bank_statement', industry: 'finance', description: 'an account', reviewThreshold: 0.9 },
  ],
});

describe('review routing', () => {
  const route = reviewRouting(taxonomy, 0.6);

  it('sends a document below its label threshold to review, the label’s own or the default', () => {
    expect(route('invoice', 0.59)).toMatchObject({
      industry: 'finance',
      threshold: 0.6,
      needsReview: true,
      reviewReason: 'low_confidence',
    });
    expect(route('invoice', 0.6)).toMatchObject({ needsReview: false, reviewReason: null });
    expect(route('bank_statement', 0.85)).toMatchObject({ threshold: 0.9, needsReview: true });
    expect(route('other', 0.7)).toMatchObject({ industry: 'other', needsReview: false });
  });

  it('sends an unfamiliar document to review however confident', () => {
    expect(route('invoice', 0.99, true)).toMatchObject({ needsReview: true, reviewReason: 'unfamiliar' });
    expect(route('invoice', 0.99, false)).toMatchObject({ needsReview: false, reviewReason: null });
    // Both reasons: the one a reviewer can act on is that no label fits.
    expect(route('invoice', 0.3, true)).toMatchObject({ needsReview: true, reviewReason: 'unfamiliar' });
  });
});
