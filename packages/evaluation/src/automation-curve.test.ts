import { describe, expect, it } from 'vitest';
import { automationCurve, gridThresholds, thresholdForTargetError } from './automation-curve.ts';

// Five answers, worked out by hand below.
const answers = [
  { confidence: 0.95, correct: true },
  { confidence: 0.9, correct: false },
  { confidence: 0.8, correct: true },
  { confidence: 0.5, correct: true },
  { confidence: 0.3, correct: false },
];

describe('automation curve', () => {
  it('gives the auto-accepted share and their error rate at each threshold', () => {
    const curve = automationCurve(answers, [0, 0.3, 0.5, 0.8, 0.9, 0.95, 1]);
    expect(curve.map((p) => [p.threshold, p.automated, p.errorRate])).toEqual([
      [0, 1, 0.4],
      [0.3, 1, 0.4],
      [0.5, 0.8, 0.25],
      [0.8, 0.6, 0.3333],
      [0.9, 0.4, 0.5],
      [0.95, 0.2, 0],
      [1, 0, 0],
    ]);
  });

  it('never auto-accepts an unfamiliar answer, at any threshold', () => {
    const curve = automationCurve(
      [...answers, { confidence: 0.99, correct: false, unfamiliar: true }],
      [0, 0.5, 0.95],
    );
    expect(curve.map((p) => [p.threshold, p.accepted, p.errors])).toEqual([
      [0, 5, 2],
      [0.5, 4, 1],
      [0.95, 1, 0],
    ]);
  });

  it('finds the lowest threshold that meets the target error, and none when nothing does', () => {
    const curve = automationCurve(answers);
    expect(thresholdForTargetError(curve, 0.3)).toMatchObject({
      threshold: 0.31,
      automated: 0.8,
      errorRate: 0.25,
    });
    expect(thresholdForTargetError(curve, 0.02)).toMatchObject({
      threshold: 0.91,
      automated: 0.2,
      errorRate: 0,
    });
    const allWrong = automationCurve([{ confidence: 0.99, correct: false }]);
    expect(thresholdForTargetError(allWrong, 0.02)).toBeUndefined();
  });

  it('never auto-accepts a document that failed (confidence 0)', () => {
    expect(automationCurve([{ confidence: 0, correct: false }], [0])[0]).toMatchObject({
      accepted: 0,
      automated: 0,
    });
  });

  it('steps through thresholds without float drift', () => {
    const grid = gridThresholds(0.01);
    expect(grid).toHaveLength(101);
    expect(grid[7]).toBe(0.07);
    expect(grid.at(-1)).toBe(1);
  });
});
