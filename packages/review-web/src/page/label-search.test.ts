import { describe, expect, it } from 'vitest';
import { matchingLabels } from './label-search.ts';

const labels = ['bank_statement', 'invoice', 'receipt', 'tax_form', 'credit_note', 'other'];

describe('matchingLabels', () => {
  it('lists every label for an empty search, in their order', () => {
    expect(matchingLabels(labels, '  ')).toEqual(labels);
  });

  it('puts labels starting with the search first, then a word starting with it, then the rest containing it', () => {
    expect(matchingLabels(labels, 're')).toEqual(['receipt', 'credit_note']);
    expect(matchingLabels(labels, 'no')).toEqual(['credit_note']);
    expect(matchingLabels(labels, 'T')).toEqual([
      'tax_form',
      'bank_statement',
      'receipt',
      'credit_note',
      'other',
    ]);
  });

  it('reads underscores as spaces', () => {
    expect(matchingLabels(labels, 'bank st')).toEqual(['bank_statement']);
    expect(matchingLabels(labels, 'tax_f')).toEqual(['tax_form']);
  });
});
