import { describe, expect, it } from 'vitest';
import { classificationMetrics, eceIfCalibrated } from './classification-metrics.ts';

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

describe('eceIfCalibrated', () => {
  it('is 0 when every outcome is certain, and |k − expected| averaged over the chances otherwise', () => {
    expect(eceIfCalibrated([1, 0, 1])).toBe(0);
    expect(eceIfCalibrated([0.55])).toBe(0.495); // right (0.55): off by 0.45; wrong (0.45): off by 0.55
    // two at 0.55 in one bin: none, one or both right with 0.2025, 0.495, 0.3025 → E|k − 1.1| / 2
    expect(eceIfCalibrated([0.55, 0.55])).toBeCloseTo((0.2025 * 1.1 + 0.495 * 0.1 + 0.3025 * 0.9) / 2, 4);
  });

  it('falls as documents are added: a small set inflates ECE', () => {
    const few = eceIfCalibrated(Array(10).fill(0.75));
    const many = eceIfCalibrated(Array(1000).fill(0.75));
    expect(few).toBeGreaterThan(0.1);
    expect(many).toBeLessThan(0.02);
  });

  it('approximates a bin of more than a thousand documents, continuous at the limit', () => {
    const exact = eceIfCalibrated(Array(1000).fill(0.75));
    const approximated = eceIfCalibrated(Array(1001).fill(0.75));
    expect(Math.abs(exact - approximated)).toBeLessThan(0.0002);
    expect(eceIfCalibrated(Array(200_000).fill(0.75))).toBeCloseTo(
      Math.sqrt((0.75 * 0.25 * 2) / Math.PI / 200_000),
      4,
    );
  });

  it('is what classificationMetrics measures on average when each answer is right with its confidence', () => {
    let state = 7;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const confidences = Array.from({ length: 60 }, (_, i) => 0.3 + (i % 14) * 0.05);
    const draws = 3000;
    let sum = 0;
    for (let draw = 0; draw < draws; draw++) {
      const predictions = confidences.map((confidence) => ({
        truth: 'a',
        label: random() < confidence ? 'a' : 'b',
        confidence,
      }));
      sum += classificationMetrics(predictions, ['a', 'b']).ece;
    }
    expect(eceIfCalibrated(confidences)).toBeCloseTo(sum / draws, 2);
  });
});
