import { createHash } from 'node:crypto';
import { synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { describe, expect, it, vi } from 'vitest';
import { otherExamplesFactor, trainingData } from './training-data.ts';

describe('trainingData calibration folds', () => {
  const taxonomy = loadTaxonomy();
  // Enough documents that every label's set-aside templates (two of 20-odd) get some.
  const options = { taxonomy, seed: 5, perLabel: 100 };
  const data = trainingData(options);
  const templateOf = new Map(
    [
      ...synthesize({
        ...options,
        perOther: options.perLabel * otherExamplesFactor,
        formats: ['txt'],
        calibrationTemplates: true,
      }),
    ].map((s) => [s.id, s.template]),
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

describe('trainingData', () => {
  it('depends on the repository and the seed only: the same on every machine, `other` included', () => {
    const taxonomy = loadTaxonomy();
    const hash = (seed: number) =>
      createHash('sha256')
        .update(JSON.stringify(trainingData({ taxonomy, seed, perLabel: 10 })))
        .digest('hex');
    expect(hash(3)).toBe(hash(3));
    expect(hash(3)).not.toBe(hash(4));
    const data = trainingData({ taxonomy, seed: 3, perLabel: 10 });
    const others = data.train.filter((d) => d.label === 'other');
    const invoices = data.train.filter((d) => d.label === 'invoice');
    expect(others.length).toBeGreaterThanOrEqual(invoices.length * 3);
    expect(data.outOfTemplate.some((d) => d.label === 'other')).toBe(true);
  });

  it('does not depend on the day it is made (dates in the documents are drawn around a fixed day)', () => {
    const taxonomy = loadTaxonomy();
    const hashOn = (day: string) => {
      vi.useFakeTimers({ now: new Date(day) });
      try {
        return createHash('sha256')
          .update(JSON.stringify(trainingData({ taxonomy, seed: 3, perLabel: 10 })))
          .digest('hex');
      } finally {
        vi.useRealTimers();
      }
    };
    expect(hashOn('2026-12-05T07:00:00Z')).toBe(hashOn('2027-08-19T18:30:00Z'));
  });
});
