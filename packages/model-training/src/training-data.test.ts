import { synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { describe, expect, it } from 'vitest';
import { trainingData } from './training-data.ts';

describe('trainingData calibration folds', () => {
  const taxonomy = loadTaxonomy();
  const options = { taxonomy, seed: 5, perLabel: 40 };
  const data = trainingData(options);
  const templateOf = new Map(
    [...synthesize({ ...options, formats: ['txt'], calibrationTemplates: true })].map((s) => [
      s.id,
      s.template,
    ]),
  );

  it('splits the set-aside documents into folds of one template per label, together all of them', () => {
    expect(data.calibrationFolds.length).toBe(2);
    expect(
      data.calibrationFolds
        .flat()
        .map((d) => d.id)
        .sort(),
    ).toEqual(data.calibration.map((d) => d.id).sort());
    for (const fold of data.calibrationFolds) {
      const templates = new Map<string, Set<string | undefined>>();
      for (const d of fold)
        templates.set(d.label, (templates.get(d.label) ?? new Set()).add(templateOf.get(d.id)));
      expect([...templates.values()].every((t) => t.size === 1)).toBe(true);
    }
  });

  it("puts each label's two set-aside templates in different folds", () => {
    const [first = [], second = []] = data.calibrationFolds;
    const templatesIn = (fold: typeof first) => new Set(fold.map((d) => templateOf.get(d.id)));
    const inBoth = [...templatesIn(first)].filter((t) => templatesIn(second).has(t));
    expect(inBoth).toEqual([]);
    expect(new Set(second.map((d) => d.label)).size).toBeGreaterThan(20);
  });

  it('has no folds when nothing is set aside', () => {
    expect(trainingData({ ...options, calibrate: false }).calibrationFolds).toEqual([]);
  });
});
