import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics.ts';

describe('classificationMetrics', () => {
  it('computes accuracy, per-label and macro F1', () => {
    const m = classificationMetrics(
      [
        { truth: 'a', label: 'a', confidence: 0.9 },
        { truth: 'a', label: 'b', confidence: 0.6 },
        { truth: 'b', label: 'b', confidence: 0.8 },
        { truth: 'b', label: 'b', confidence: 0.7 },
      ],
      ['a', 'b'],
    );
    expect(m.accuracy).toBe(0.75);
    expect(m.perLabelF1).toEqual({ a: 0.6667, b: 0.8 });
    expect(m.macroF1).toBe(0.7333);
    expect(m.confusion).toEqual({ a: { a: 1, b: 1 }, b: { a: 0, b: 2 } });
  });

  it('measures calibration: confident and right is 0, confident and wrong is large', () => {
    const right = classificationMetrics([{ truth: 'a', label: 'a', confidence: 1 }], ['a']);
    const wrong = classificationMetrics([{ truth: 'a', label: 'b', confidence: 0.95 }], ['a', 'b']);
    expect(right.ece).toBe(0);
    expect(wrong.ece).toBeCloseTo(0.95, 2);
  });
});
