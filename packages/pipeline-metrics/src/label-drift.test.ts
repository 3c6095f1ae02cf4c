import { describe, expect, it } from 'vitest';
import { LabelDriftWindow } from './label-drift.ts';

const uniform = { trainingDistribution: { invoice: 0.5, receipt: 0.5 } };

describe('LabelDriftWindow', () => {
  it('reads 0 when recent traffic looks like training, 1 when it shares no label', () => {
    const window = new LabelDriftWindow(4);
    for (const label of ['invoice', 'receipt', 'invoice', 'receipt']) window.add(label, 0.9);
    expect(window.read(uniform)?.labelDistance).toBeCloseTo(0);
    for (let i = 0; i < 4; i++) window.add('passport', 0.5);
    expect(window.read(uniform)).toEqual({ labelDistance: 1, recentMeanConfidence: 0.5, documents: 4 });
  });

  it('forgets the oldest documents once the window is full', () => {
    const window = new LabelDriftWindow(2);
    window.add('passport', 0.1);
    window.add('invoice', 0.9);
    window.add('receipt', 0.7);
    const reading = window.read(uniform);
    expect(reading?.labelDistance).toBeCloseTo(0);
    expect(reading?.recentMeanConfidence).toBeCloseTo(0.8);
    expect(reading?.documents).toBe(2);
  });

  it('has no reading before the first document, and refuses an empty window', () => {
    expect(new LabelDriftWindow().read(uniform)).toBeUndefined();
    expect(() => new LabelDriftWindow(0)).toThrow(/≥ 1/);
  });
});
