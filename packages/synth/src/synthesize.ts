import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { otherLabel, type Taxonomy } from '@docsort/taxonomy';
import { base, en, Faker } from '@faker-js/faker';
import { badFilename } from './bad-filenames.ts';
import { type EmailStyle, wrapInEmail } from './email-wrapper.ts';
import { addOcrNoise } from './ocr-noise.ts';
import { loadPageFurniture, sometimesFurnished } from './page-furniture.ts';
import { type RenderedDocument, renderTemplate } from './template-renderer.ts';

export const defaultTemplatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

const emailStyles: readonly EmailStyle[] = ['pasted', 'forwarded', 'quoted'];

export type Split = 'train' | 'test' | 'test-out-of-template' | 'set-aside';

export interface Sample extends RenderedDocument {
  readonly id: string;
  readonly label: string;
  readonly industry: string;
  readonly template: string;
  readonly split: Split;
  readonly format: string;
  readonly filename: string;
  readonly misleadingFilename: boolean;
}

export interface SynthesizeOptions {
  readonly taxonomy: Taxonomy;
  readonly seed: number;
  /** In-template documents per label; out-of-template ones are added on top (a third as many). */
  readonly perLabel: number;
  /** In-template documents of `other` (default: perLabel): out-of-taxonomy is a wide class. */
  readonly perOther?: number;
  readonly formats: readonly string[];
  readonly templatesDir?: string;
  /**
   * Share of documents that come as the text of an e-mail carrying them — pasted in the body, forwarded, or
   * quoted in a reply (see wrapInEmail); 0 by default.
   */
  readonly inEmail?: number;
  /**
   * Share of `other` documents cut to a few consecutive lines: the scraps real traffic holds (a page corner,
   * a test file, a table torn from a report), which read as none of the labels; 0 by default.
   */
  readonly otherFragments?: number;
  /**
   * Share of documents given page furniture — a page number, print or fax header, scanner-app mark or registry
   * footer in the template's language (see page-furniture.ts); 0 by default.
   */
  readonly pageFurniture?: number;
  /** Include out-of-taxonomy documents as label `other`. */
  readonly includeOther?: boolean;
  /**
   * Set training templates aside — the last two for labels with at least six, the last one for labels with
   * three to five: their documents form the `set-aside` split, none of them in the in-template test split.
   * (Once the calibration templates of probe runs; `docsort train` still trains on all of their documents,
   * so that its data — and the default model — stay what they were: see TrainingData.train.)
   */
  readonly setAsideTemplates?: boolean;
}

interface Template {
  readonly id: string;
  readonly text: string;
  readonly holdout: boolean;
}

function templatesOf(dir: string, label: string): Template[] {
  let files: string[];
  try {
    files = readdirSync(join(dir, label))
      .filter((f) => f.endsWith('.txt'))
      .sort();
  } catch {
    return [];
  }
  return files.map((file) => ({
    id: `${label}/${file.replace(/\.txt$/, '')}`,
    text: readFileSync(join(dir, label, file), 'utf8'),
    holdout: file.includes('holdout'),
  }));
}

/** A few consecutive lines of a document (2–8). */
function fragmentOf(lines: readonly string[], f: Faker): string[] {
  const length = f.number.int({ min: 2, max: 8 });
  const start = f.number.int({ min: 0, max: Math.max(0, lines.length - length) });
  return lines.slice(start, start + length);
}

/** A number from a string, for seeding each document on its own (so one document changes nothing else). */
function hashSeed(...parts: Array<string | number>): number {
  let h = 2_166_136_261;
  for (const char of parts.join('/')) h = Math.imul(h ^ char.charCodeAt(0), 16_777_619);
  return h >>> 0;
}

/**
 * Synthetic documents for every label that has templates: seeded, so `seed` reproduces them exactly.
 * Holdout templates (`*-holdout.txt`) are never in `train`: they make the out-of-template test split.
 * With `setAsideTemplates`, one or two of a label's training templates make the `set-aside` split instead.
 */
export function* synthesize(options: SynthesizeOptions): Generator<Sample> {
  const dir = options.templatesDir ?? defaultTemplatesDir;
  const labels = options.taxonomy.labels.map((l) => ({ name: l.name, industry: l.industry }));
  if (options.includeOther ?? true) labels.push({ name: otherLabel, industry: otherLabel });
  const names = labels.map((l) => l.name);
  const furniture = options.pageFurniture
    ? { share: options.pageFurniture, byLanguage: loadPageFurniture() }
    : undefined;
  for (const { name: label, industry } of labels) {
    const templates = templatesOf(dir, label);
    const seen = templates.filter((t) => !t.holdout);
    const held = templates.filter((t) => t.holdout);
    const setAside = new Set(
      options.setAsideTemplates
        ? seen.slice(seen.length >= 6 ? -2 : seen.length >= 3 ? -1 : seen.length)
        : [],
    );
    if (!seen.length) continue;
    const perLabel = label === otherLabel ? (options.perOther ?? options.perLabel) : options.perLabel;
    const count = perLabel + (held.length ? Math.ceil(perLabel / 3) : 0);
    for (let i = 0; i < count; i++) {
      const f = new Faker({ locale: [en, base] });
      f.seed(hashSeed(options.seed, label, i));
      const outOfTemplate = i >= perLabel;
      const template = f.helpers.arrayElement(outOfTemplate ? held : seen);
      const format = f.helpers.arrayElement([...options.formats]);
      const rendered = renderTemplate(template.text, f);
      const noisy = format !== 'png' && format !== 'scan' && f.number.float() < 0.15;
      // Drawn only when asked for: without e-mails, every other document stays as it was.
      const emailStyle =
        options.inEmail && f.number.float() < options.inEmail
          ? f.helpers.arrayElement(emailStyles)
          : undefined;
      const wrongLabel = f.helpers.arrayElement(names.filter((n) => n !== label && n !== otherLabel));
      const { filename, misleading } = badFilename(f, format, wrongLabel);
      const whole = noisy ? addOcrNoise(rendered.lines, f) : rendered.lines;
      const fragment =
        label === otherLabel && !!options.otherFragments && f.number.float() < options.otherFragments;
      // Furniture draws from its own seed: with it or without, every other draw stays as it was.
      const lines = fragment
        ? fragmentOf(whole, f)
        : furniture
          ? sometimesFurnished(whole, {
              ...furniture,
              seed: hashSeed(options.seed, label, i, 'furniture'),
              templateId: template.id,
            })
          : whole;
      yield {
        id: `${label}-${String(i).padStart(4, '0')}`,
        label,
        industry,
        template: template.id,
        split: outOfTemplate
          ? 'test-out-of-template'
          : setAside.has(template)
            ? 'set-aside'
            : i % 5 === 0
              ? 'test'
              : 'train',
        format,
        filename,
        misleadingFilename: misleading,
        lines: emailStyle ? wrapInEmail(lines, f, emailStyle) : lines,
        tables: rendered.tables,
      };
    }
  }
}
