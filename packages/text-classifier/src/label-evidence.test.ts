import { describe, expect, it } from 'vitest';
import { fitEvidenceFloor, labelEvidence } from './label-evidence.ts';

const row = (...logits: number[]) => Float32Array.from(logits);

describe('label evidence', () => {
  it('is the strongest logit among the labels, `other` left out', () => {
    // labels: invoice, other, receipt — `other` is the largest logit, yet the evidence is receipt's.
    expect(labelEvidence([row(1, 9, 2.5)], [1], 1)).toBeCloseTo(2.5, 6);
    expect(labelEvidence([row(-1, 9, -3)], [1], 1)).toBeCloseTo(-1, 6);
  });

  it('averages the windows by their weights', () => {
    const windows = [row(4, 0, 1), row(0, 0, 2)];
    expect(labelEvidence(windows, [3, 1], 1)).toBeCloseTo((3 * 4 + 1 * 2) / 4, 6);
    expect(labelEvidence(windows, [0, 1], 1)).toBeCloseTo(2, 6);
  });

  it('is minus infinity when no window counts', () => {
    expect(labelEvidence([], [], 0)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('the evidence floor', () => {
  it('leaves the given share of documents below it', () => {
    const evidence = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    const floor = fitEvidenceFloor(evidence, 0.05);
    expect(floor).toBe(6);
    expect(evidence.filter((e) => e < (floor ?? 0))).toHaveLength(5);
    expect(fitEvidenceFloor(evidence, 0)).toBe(1);
  });

  it('is undefined without documents', () => {
    expect(fitEvidenceFloor([], 0.05)).toBeUndefined();
  });
});
