import { describe, expect, it } from 'vitest';
import { combineWindows, documentProbabilities } from './combine-windows.ts';
import { applyTemperature, fitTemperature } from './temperature-scaling.ts';

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

describe('documentProbabilities', () => {
  // [other, invoice, receipt]: documents of two windows, a third of their words unknown, right 4 times in 5.
  const documents = Array.from({ length: 40 }, () => ({
    windows: [row(0.1, 0.6, 0.3), row(0.2, 0.5, 0.3)],
    knownShare: 0.3,
  }));
  const truth = documents.map((_, i) => (i % 5 === 0 ? 2 : 1));
  const served = (temperature: number) =>
    documents.map((d) => documentProbabilities(d, temperature, 0).probabilities);
  const nll = (temperature: number) =>
    served(temperature).reduce((sum, p, i) => sum - Math.log(p[truth[i] ?? 0] ?? 0), 0);

  it('tempers each window, then combines them, then discounts unread text', () => {
    const [document] = documents;
    if (!document) throw new Error('no document');
    const tempered = document.windows.map((w) => applyTemperature(w, 0.5));
    const combined = combineWindows(tempered, 0);
    const read = 0.3 / 0.5;
    const { probabilities } = documentProbabilities(document, 0.5, 0);
    probabilities.forEach((p, j) => {
      expect(p).toBeCloseTo(read * (combined[j] ?? 0) + (1 - read) / 3, 5);
    });
  });

  it('is what the temperature is fitted through: likelier as served than one fitted on the combined result', () => {
    const fitted = fitTemperature(truth, served);
    const combined = served(1);
    const fittedOnResult = fitTemperature(truth, (t) => combined.map((p) => applyTemperature(p, t)));
    expect(fitted).not.toBe(fittedOnResult);
    expect(nll(fitted)).toBeLessThan(nll(fittedOnResult));
    expect(nll(fitted)).toBeLessThanOrEqual(nll(fitted * 1.06));
    expect(nll(fitted)).toBeLessThanOrEqual(nll(fitted / 1.06));
  });
});
