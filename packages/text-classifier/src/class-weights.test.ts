import { describe, expect, it } from 'vitest';
import { classWeights } from './train-text-cnn.ts';

const examples = (label: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ text: `${label} ${i}`, filename: `${label}-${i}.txt`, label }));

describe('classWeights', () => {
  it('weighs a label by how rare it is, but never down-weights `other`, the class of everything else', () => {
    const train = [...examples('invoice', 10), ...examples('receipt', 30), ...examples('other', 40)];
    const weights = classWeights(train, ['invoice', 'receipt', 'other', 'passport']);
    // 80 examples over 4 labels: 20 a label if balanced.
    expect(weights[0]).toBeCloseTo(2);
    expect(weights[1]).toBeCloseTo(20 / 30);
    expect(weights[2]).toBe(1);
    // A label with no examples has nothing to weigh.
    expect(weights[3]).toBe(1);
  });
});
