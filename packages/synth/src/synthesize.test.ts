import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeOcrEngines, extractDocument } from '@docsort/extractors';
import { loadTaxonomy } from '@docsort/taxonomy';
import { base, en, Faker } from '@faker-js/faker';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleFile, sampleFormats } from './sample-files.ts';
import { defaultTemplatesDir, synthesize } from './synthesize.ts';
import { renderTemplate } from './template-renderer.ts';

const taxonomy = loadTaxonomy();
const all = (seed: number, perLabel = 10) => [...synthesize({ taxonomy, seed, perLabel, formats: ['txt'] })];

afterAll(() => closeOcrEngines());

// These render thousands of documents: seconds on a quiet machine, more beside a training run.
const renderingTimeout = 60_000;

describe('templates', () => {
  it('give every label at least two training templates and one held-out template', () => {
    for (const label of [...taxonomy.labels.map((l) => l.name), 'other']) {
      const files = readdirSync(join(defaultTemplatesDir, label));
      expect(files.filter((f) => !f.includes('holdout')).length, label).toBeGreaterThanOrEqual(2);
      expect(files.filter((f) => f.includes('holdout')).length, label).toBeGreaterThanOrEqual(1);
    }
  });

  it(
    'give every label a training layout in each language beside English, and the generator yields them',
    () => {
      const languages = ['fr', 'de', 'es', 'it', 'nl', 'pl', 'pt'];
      const drawn = new Set(
        [...synthesize({ taxonomy, seed: 8, perLabel: 150, formats: ['txt'] })].map((s) => s.template),
      );
      for (const label of taxonomy.labels.map((l) => l.name)) {
        for (const language of languages) {
          // Held-out layouts never reach training: each language needs one that does.
          const files = readdirSync(join(defaultTemplatesDir, label)).filter(
            (f) => f.startsWith(`${language}-`) && !f.includes('holdout'),
          );
          expect(files.length, `${label} in ${language}`).toBeGreaterThanOrEqual(1);
          expect(
            files.some((f) => drawn.has(`${label}/${f.replace(/\.txt$/, '')}`)),
            `${label} in ${language} generated`,
          ).toBe(true);
        }
      }
    },
    renderingTimeout,
  );

  it('render with every placeholder known', () => {
    for (const label of readdirSync(defaultTemplatesDir)) {
      for (const file of readdirSync(join(defaultTemplatesDir, label))) {
        const f = new Faker({ locale: [en, base] });
        f.seed(1);
        const rendered = renderTemplate(readFileSync(join(defaultTemplatesDir, label, file), 'utf8'), f);
        expect(rendered.lines.join('\n'), `${label}/${file}`).not.toMatch(/\{\{|\}\}|\[\[|\]\]/);
      }
    }
  });
});

describe('synthesize', () => {
  it('is reproducible from its seed, and varies with it', () => {
    expect(all(7)).toEqual(all(7));
    expect(all(7).map((s) => s.lines.join())).not.toEqual(all(8).map((s) => s.lines.join()));
  });

  it('keeps held-out templates out of training, as the out-of-template test split', () => {
    const samples = all(3, 20);
    const holdout = samples.filter((s) => s.template.includes('holdout'));
    expect(holdout.length).toBeGreaterThan(0);
    expect(holdout.every((s) => s.split === 'test-out-of-template')).toBe(true);
    expect(samples.filter((s) => s.split === 'train').every((s) => !s.template.includes('holdout'))).toBe(
      true,
    );
    expect(samples.some((s) => s.split === 'test')).toBe(true);
  });

  it(
    'sets two training templates per label aside as the set-aside split when asked',
    () => {
      // Enough documents that every template of a label (twenty and more, in six languages; other has seventy)
      // is drawn.
      const samples = [
        ...synthesize({
          taxonomy,
          seed: 3,
          perLabel: 150,
          perOther: 600,
          formats: ['txt'],
          setAsideTemplates: true,
        }),
      ];
      const setAside = samples.filter((s) => s.split === 'set-aside');
      const templatesOf = (split: string) =>
        new Set(samples.filter((s) => s.split === split).map((s) => s.template));
      expect(new Set(setAside.map((s) => s.label)).size).toBe(25);
      for (const label of new Set(samples.map((s) => s.label))) {
        const aside = new Set(setAside.filter((s) => s.label === label).map((s) => s.template));
        expect(aside.size, label).toBe(2);
      }
      for (const template of templatesOf('set-aside')) {
        expect(templatesOf('train').has(template)).toBe(false);
        expect(templatesOf('test-out-of-template').has(template)).toBe(false);
      }
      expect(all(3, 20).some((s) => s.split === 'set-aside')).toBe(false);
    },
    renderingTimeout,
  );

  it('covers all 24 labels and other, with bad and misleading filenames', () => {
    const samples = all(5, 20);
    expect(new Set(samples.map((s) => s.label)).size).toBe(25);
    expect(samples.some((s) => s.misleadingFilename)).toBe(true);
    expect(
      samples.every((s) =>
        /^(scan_|IMG_|document \(|[0-9a-f]{12}\.|Untitled|doc\d|[a-z_ ]+[_ ])/.test(s.filename),
      ),
    ).toBe(true);
  });

  it('writes real files that extract back to their text, in every format', async () => {
    const samples = [...synthesize({ taxonomy, seed: 11, perLabel: 1, formats: sampleFormats })].slice(0, 25);
    const byFormat = new Map(samples.map((s) => [s.format, s]));
    for (const format of sampleFormats) {
      const sample = byFormat.get(format) ?? { ...samples[0], format };
      const extracted = await extractDocument(await sampleFile(sample as (typeof samples)[number]));
      // The first words of the document survive the round trip (OCR included).
      const probe =
        sample.lines
          ?.find((l) => l.length > 12)
          ?.split(' ')
          .slice(0, 2)
          .join(' ') ?? '';
      // Case-insensitive: HTML headings come back upper-cased.
      const normalise = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();
      expect(normalise(extracted.text), `${format}: ${probe}`).toContain(normalise(probe));
    }
  }, 60_000);

  it('puts the asked share of documents into e-mails that carry them', () => {
    // Images get no simulated OCR noise, so a document's lines can be compared with and without the e-mail.
    const options = { taxonomy, seed: 4, perLabel: 20, formats: ['png'] };
    const plain = [...synthesize(options)];
    const mailed = [...synthesize({ ...options, inEmail: 0.3 })];
    const plainLines = new Map(plain.map((p) => [p.id, p.lines.join('\n')]));
    const inMail = mailed.filter((s) => s.lines.join('\n') !== plainLines.get(s.id));
    expect(inMail.length / mailed.length).toBeGreaterThan(0.2);
    expect(inMail.length / mailed.length).toBeLessThan(0.4);
    for (const sample of inMail) {
      const original = plain.find((p) => p.id === sample.id);
      const documentLine = original?.lines.find((l) => l.trim().length > 10) ?? '';
      // The document is in the mail, as it is or quoted.
      expect(
        sample.lines.some((l) => l === documentLine || l === `> ${documentLine}`),
        sample.id,
      ).toBe(true);
      expect(sample.lines.slice(0, 3).map((l) => l.split(':')[0])).toEqual(['From', 'To', 'Subject']);
    }
    expect(
      new Set(
        inMail.map((s) => s.lines.find((l) => l.startsWith('----------') || l.startsWith('On ')) ?? 'pasted'),
      ).size,
    ).toBeGreaterThan(1);
    // Asking for none changes nothing: the corpora of benchmarks and tests stay as they were.
    expect([...synthesize({ ...options, inEmail: 0 })]).toEqual(plain);
  });

  it('cuts the asked share of other documents to scraps of a few lines, and no labelled document', () => {
    const options = { taxonomy, seed: 4, perLabel: 20, perOther: 80, formats: ['png'] };
    const whole = new Map([...synthesize(options)].map((s) => [s.id, s.lines]));
    const cut = [...synthesize({ ...options, otherFragments: 0.5 })].filter(
      (s) => s.lines.join('\n') !== whole.get(s.id)?.join('\n'),
    );
    expect(cut.every((s) => s.label === 'other')).toBe(true);
    expect(cut.length).toBeGreaterThan(20);
    for (const sample of cut) {
      expect(sample.lines.length).toBeLessThanOrEqual(8);
      // Consecutive lines of the document it was cut from.
      const original = (whole.get(sample.id) ?? []).join('\n');
      expect(original.includes(sample.lines.join('\n')), sample.id).toBe(true);
    }
  });
});
