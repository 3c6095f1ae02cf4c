import { createHash } from 'node:crypto';
import { synthesize } from '@docsort/synth';
import { loadTaxonomy } from '@docsort/taxonomy';
import { describe, expect, it, vi } from 'vitest';
import { otherExamplesFactor, trainingData } from './training-data.ts';

describe('trainingData out-of-template folds', () => {
  const taxonomy = loadTaxonomy();
  const options = { taxonomy, seed: 5, perLabel: 60 };
  const data = trainingData(options);
  const templateOf = new Map(
    [...synthesize({ ...options, perOther: options.perLabel * otherExamplesFactor, formats: ['txt'] })].map(
      (s) => [s.id, s.template],
    ),
  );
  const templatesIn = (fold: readonly { id: string }[]) => new Set(fold.map((d) => templateOf.get(d.id)));

  it('splits the out-of-template documents into two folds, together all of them', () => {
    expect(data.outOfTemplateFolds.length).toBe(2);
    expect(
      data.outOfTemplateFolds
        .flat()
        .map((d) => d.id)
        .sort(),
    ).toEqual(data.outOfTemplate.map((d) => d.id).sort());
  });

  it("puts each label's held-out templates in different folds, so that each fold has every label", () => {
    const [first = [], second = []] = data.outOfTemplateFolds;
    expect([...templatesIn(first)].filter((t) => templatesIn(second).has(t))).toEqual([]);
    const labelsOf = (fold: typeof first) => new Set(fold.map((d) => d.label));
    expect(labelsOf(first)).toEqual(new Set(data.labels));
    expect(labelsOf(second)).toEqual(new Set(data.labels));
  });

  it('never trains on a held-out template', () => {
    const trained = templatesIn(data.train);
    expect([...templatesIn(data.outOfTemplate)].filter((t) => trained.has(t))).toEqual([]);
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
