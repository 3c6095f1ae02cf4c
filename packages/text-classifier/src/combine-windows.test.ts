import { describe, expect, it } from 'vitest';
import { combineWindows } from './text-classifier.ts';

const row = (...values: number[]) => Float32Array.from(values);

describe('combineWindows', () => {
  it('lets the window that reads as a business document speak loudest', () => {
    // [other, bank_statement]: a cover page (mostly other) and the transactions page. Weights 0.201 and 0.901.
    const [other, statement] = combineWindows([row(0.8, 0.2), row(0.1, 0.9)], 0);
    expect(statement).toBeCloseTo((0.2 * 0.201 + 0.9 * 0.901) / 1.102, 5);
    expect(other).toBeCloseTo((0.8 * 0.201 + 0.1 * 0.901) / 1.102, 5);
  });

  it('keeps a document whose every window is out of the taxonomy as other, and one window as it is', () => {
    const [other = 0, label = 0] = combineWindows([row(0.9, 0.1), row(0.7, 0.3)], 0);
    expect(other).toBeGreaterThan(label);
    expect(other + label).toBeCloseTo(1, 5);
    const single = row(0.3, 0.7);
    expect(combineWindows([single], 0)).toBe(single);
  });
});
