import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature } from './temperature-scaling.ts';

const row = (...p: number[]) => Float32Array.from(p);

describe('temperature scaling', () => {
  it('sharpens or softens without changing the winner', () => {
    const p = row(0.5, 0.3, 0.2);
    const sharp = applyTemperature(p, 0.5);
    const soft = applyTemperature(p, 2);
    expect(sharp[0]).toBeGreaterThan(0.5);
    expect(soft[0]).toBeLessThan(0.5);
    for (const q of [sharp, soft]) {
      expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(q.indexOf(Math.max(...q))).toBe(0);
    }
  });

  it('fits T < 1 for an underconfident model that is always right, T > 1 for an overconfident one that errs', () => {
    const underconfident = Array.from({ length: 50 }, () => row(0.4, 0.3, 0.3));
    const at = (rows: Float32Array[]) => (t: number) => rows.map((r) => applyTemperature(r, t));
    expect(
      fitTemperature(
        underconfident.map(() => 0),
        at(underconfident),
      ),
    ).toBeLessThan(0.5);
    const overconfident = Array.from({ length: 50 }, () => row(0.98, 0.01, 0.01));
    const truth = overconfident.map((_, i) => (i % 2 === 0 ? 0 : 1)); // right only half the time
    expect(fitTemperature(truth, at(overconfident))).toBeGreaterThan(1.5);
  });
});
