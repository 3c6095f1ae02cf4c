import { describe, expect, it } from 'vitest';
import { openSetRejection, routingEffect } from './model-evaluation.ts';

const predictions = [
  { truth: 'other', label: 'other', confidence: 0.9 },
  { truth: 'other', label: 'invoice', confidence: 0.95, unfamiliar: true },
  { truth: 'other', label: 'invoice', confidence: 0.95 },
  { truth: 'other', label: 'receipt', confidence: 0.4 },
  { truth: 'invoice', label: 'invoice', confidence: 0.8 },
  { truth: 'invoice', label: 'receipt', confidence: 0.7, unfamiliar: true },
];

describe('routing figures of a training run', () => {
  it('count out-of-taxonomy documents labelled `other`, below the threshold, or unfamiliar as rejected', () => {
    expect(openSetRejection(predictions, 0.6)).toBe(0.75);
  });

  it('send unfamiliar documents to review with the unsure ones', () => {
    expect(routingEffect(predictions, 0.6)).toEqual({
      threshold: 0.6,
      routedShare: 0.5,
      errorRateAfterRouting: 0.3333,
    });
  });
});
