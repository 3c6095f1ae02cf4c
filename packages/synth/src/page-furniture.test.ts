import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTaxonomy } from '@docsort/taxonomy';
import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import {
  defaultPageFurnitureDir,
  furnitureLanguage,
  loadPageFurniture,
  withPageFurniture,
} from './page-furniture.ts';
import { synthesize } from './synthesize.ts';

const taxonomy = loadTaxonomy();
const furniture = loadPageFurniture();

describe('page furniture', () => {
  it('has header and footer lines for English and each template language, every line a known placement', () => {
    expect([...furniture.keys()]).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt']);
    for (const [language, lines] of furniture) {
      expect(lines.top.length, language).toBeGreaterThan(0);
      expect(lines.bottom.length, language).toBeGreaterThan(0);
    }
    for (const file of readdirSync(defaultPageFurnitureDir).filter((f) => f.endsWith('.txt'))) {
      for (const line of readFileSync(join(defaultPageFurnitureDir, file), 'utf8').split('\n')) {
        if (line) expect(line, file).toMatch(/^(top|bottom): \S/);
      }
    }
  });

  it('renders every line with its placeholders filled and no label named', () => {
    const labelWords = taxonomy.labels.flatMap((l) => l.name.split('_')).filter((w) => w.length > 3);
    for (const [language, { top, bottom }] of furniture) {
      for (const line of [...top, ...bottom]) {
        const f = new Faker({ locale: [en, base] });
        f.seed(3);
        const rendered = withPageFurniture([], f, { top: [line], bottom: [] }).join('\n');
        expect(rendered, `${language}: ${line}`).not.toMatch(/\{\{|\}\}/);
        // Every choice of a pick, not just the one drawn.
        const written = line.replace(/\{\{\w+\}\}/g, ' ').toLowerCase();
        for (const word of labelWords)
          expect(written, `${language}: ${line}`).not.toMatch(new RegExp(`\\b${word}\\b`));
      }
    }
  });

  it('puts a line above the document, below it or both, and keeps the document as it was', () => {
    const document = ['first line', 'second line'];
    const placements = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const f = new Faker({ locale: [en, base] });
      f.seed(seed);
      const furnished = withPageFurniture(document, f, { top: ['TOP'], bottom: ['BOTTOM'] });
      const at = furnished.indexOf('first line');
      expect(furnished.slice(at, at + 2)).toEqual(document);
      placements.add(`${at > 0 ? 'top' : ''}${furnished.length > at + 2 ? 'bottom' : ''}`);
    }
    expect([...placements].sort()).toEqual(['bottom', 'top', 'topbottom']);
  });

  it("follows a template's language prefix, English otherwise", () => {
    expect(furnitureLanguage('invoice/de-a', furniture)).toBe('de');
    expect(furnitureLanguage('receipt/pl-c', furniture)).toBe('pl');
    expect(furnitureLanguage('invoice/k-holdout', furniture)).toBe('en');
    expect(furnitureLanguage('other/zh-a', furniture)).toBe('en');
  });

  it('adds lines to about the asked share of documents and changes nothing else', () => {
    const options = { taxonomy, seed: 5, perLabel: 20, formats: ['txt'], otherFragments: 0.25 } as const;
    const plain = [...synthesize(options)];
    const furnished = [...synthesize({ ...options, pageFurniture: 0.3 })];
    expect(furnished.map((s) => [s.id, s.filename, s.template, s.split])).toEqual(
      plain.map((s) => [s.id, s.filename, s.template, s.split]),
    );
    let changed = 0;
    furnished.forEach((s, i) => {
      const before = (plain[i] as (typeof plain)[number]).lines;
      if (s.lines.join('\n') === before.join('\n')) return;
      changed++;
      // Lines added above or below: the document itself is there whole, in one piece.
      expect(s.lines.join('\n'), s.id).toContain(before.join('\n'));
      expect(s.lines.length, s.id).toBeGreaterThan(before.length);
    });
    expect(changed / plain.length).toBeGreaterThan(0.2);
    expect(changed / plain.length).toBeLessThan(0.4);
  });
});
