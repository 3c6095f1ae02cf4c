// The mix of documents a classification pipeline really receives, as a seeded corpus for benchmarks:
// mostly scans and phone photos (OCR dominates the cost), born-digital PDFs of very different lengths,
// office files and e-mails. The text is synthesize()'s business documents of every label, so every page
// reads like a real invoice, contract or payslip; the files are made by @docsort/document-writers.
import * as writers from '@docsort/document-writers';
import { loadTaxonomy, type Taxonomy } from '@docsort/taxonomy';
import { base, en, Faker } from '@faker-js/faker';
import { badFilename } from './bad-filenames.ts';
import { sampleFile } from './sample-files.ts';
import { type Sample, synthesize } from './synthesize.ts';

export type RealMixKind = 'scanned-pdf' | 'phone-photo' | 'digital-pdf' | 'office' | 'email' | 'web-text';
export type RealMixFormat = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx' | 'eml' | 'html' | 'txt';

/** Page counts from `min` to `max` (uniform within) for `share` of a kind's documents. */
export interface PageRange {
  readonly min: number;
  readonly max: number;
  readonly share: number;
}

export interface MixPart {
  readonly kind: RealMixKind;
  /** Share of all documents. */
  readonly share: number;
  /** Shares of the kind's documents by file format. */
  readonly formats: Readonly<Partial<Record<RealMixFormat, number>>>;
  /** Shares of the kind's documents by page count. */
  readonly pages: readonly PageRange[];
}

export type RealMixProfile = readonly MixPart[];

const onePage: readonly PageRange[] = [{ min: 1, max: 1, share: 1 }];

/**
 * The proportions, in one place. Scans 40 % (scanned PDFs of 1–2 pages 25 %, phone photos 15 %),
 * born-digital PDFs 30 % (1–3 pages 60 %, 4–10 30 %, 11–40 10 %), office files 15 %, e-mails 10 %,
 * HTML and plain text 5 %.
 */
export const realMixProfile: RealMixProfile = [
  {
    kind: 'scanned-pdf',
    share: 0.25,
    formats: { pdf: 1 },
    pages: [
      { min: 1, max: 1, share: 0.6 },
      { min: 2, max: 2, share: 0.4 },
    ],
  },
  // PNG for what scanner apps and screenshots save; a noisy picture makes it a large file.
  { kind: 'phone-photo', share: 0.15, formats: { jpeg: 0.8, png: 0.2 }, pages: onePage },
  {
    kind: 'digital-pdf',
    share: 0.3,
    formats: { pdf: 1 },
    pages: [
      { min: 1, max: 3, share: 0.6 },
      { min: 4, max: 10, share: 0.3 },
      { min: 11, max: 40, share: 0.1 },
    ],
  },
  { kind: 'office', share: 0.15, formats: { docx: 0.6, xlsx: 0.4 }, pages: onePage },
  { kind: 'email', share: 0.1, formats: { eml: 1 }, pages: onePage },
  { kind: 'web-text', share: 0.05, formats: { html: 0.6, txt: 0.4 }, pages: onePage },
];

export interface RealMixOptions {
  readonly seed: number;
  readonly count: number;
  readonly profile?: RealMixProfile;
  readonly taxonomy?: Taxonomy;
}

/** One document of the mix before its file is written: what it is and the text of each page. */
export interface PlannedDocument {
  readonly kind: RealMixKind;
  readonly format: RealMixFormat;
  readonly filename: string;
  readonly label: string;
  /** The text, page by page: as many entries as the document has pages. */
  readonly pages: readonly (readonly string[])[];
  /** The sample the text starts with (its tables go into spreadsheets). */
  readonly sample: Sample;
  /** For scans and photos: which way and how far the page is turned, and the noise's seed. */
  readonly capture: { readonly seed: number; readonly angleDegrees: number };
}

export interface RealMixDocument {
  readonly filename: string;
  readonly bytes: Buffer;
  readonly format: RealMixFormat;
  readonly kind: RealMixKind;
  /** Pages as the extractors count them: a PDF's pages, 1 for everything else. */
  readonly pages: number;
  readonly label: string;
}

/** `count` split by `shares` in whole numbers that add up to `count` (largest remainders rounded up). */
export function apportion(count: number, shares: readonly number[]): number[] {
  const total = shares.reduce((sum, share) => sum + share, 0);
  const exact = shares.map((share) => (count * share) / total);
  const whole = exact.map(Math.floor);
  // Remainders rounded, so that ties are ties (10 × 0.15 is 1.5000000000000002) and go to the earlier share.
  const byRemainder = exact.map((value, i) => ({ i, rest: Math.round((value - Math.floor(value)) * 1e9) }));
  byRemainder.sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder.slice(0, count - whole.reduce((sum, n) => sum + n, 0)))
    whole[i] = (whole[i] as number) + 1;
  return whole;
}

// Pages in 11 pt, as business documents are set (the writers' 14 pt default leaves pages half empty, and a
// sparse page OCRs faster than a real one). What a page holds, with room to spare, so that a document
// planned with n pages is written with exactly n: the writer's A4 text box is 451 × 698 pt, Helvetica's
// line 1.156 em high, a line of these documents' characters ~0.5 em wide on average (0.62 leaves room for
// capitals, digits and word wrap; 2 578 pages of 660 PDFs written with these figures all came out exact).
const fontSize = 11;
const rowsPerPage = Math.floor((698 / (fontSize * 1.156)) * 0.92);
const charsPerRow = Math.floor(451 / (fontSize * 0.62));

/** Lines cut into `pageCount` pages (or fewer when the lines run out); long lines take several rows. */
function paginate(lines: Iterable<string>, pageCount: number): string[][] {
  const pages: string[][] = [[]];
  let rows = 0;
  for (const line of lines) {
    const height = Math.max(1, Math.ceil(line.length / charsPerRow));
    if (rows + height > rowsPerPage) {
      if (pages.length === pageCount) break;
      pages.push([]);
      rows = 0;
    }
    // A paragraph longer than a whole page is cut to fit.
    (pages.at(-1) as string[]).push(line.slice(0, rowsPerPage * charsPerRow));
    rows += Math.min(height, rowsPerPage);
  }
  return pages;
}

/** The lines of `first`, then of the other samples of its label in turn, round and round: a long document. */
function* textFrom(first: Sample, sameLabel: readonly Sample[]): Generator<string> {
  yield* first.lines;
  for (let i = sameLabel.indexOf(first) + 1; ; i++) yield* (sameLabel[i % sameLabel.length] as Sample).lines;
}

/**
 * Which documents the mix has — kinds, formats and page counts in exactly the profile's proportions (whole
 * numbers by largest remainder), shuffled — and their text. Cheap: no file is written.
 */
export function planRealMix(options: RealMixOptions): PlannedDocument[] {
  const profile = options.profile ?? realMixProfile;
  const taxonomy = options.taxonomy ?? loadTaxonomy();
  const f = new Faker({ locale: [en, base] });
  f.seed(options.seed);

  // Text: enough samples that documents rarely share their first one. Formats ['scan'] so that synthesize
  // adds no OCR noise: the scans get theirs from OCR itself, born-digital files have none.
  const perLabel = Math.max(2, Math.ceil(options.count / (taxonomy.labels.length + 1)));
  const samples = f.helpers.shuffle([
    ...synthesize({ taxonomy, seed: options.seed, perLabel, formats: ['scan'] }),
  ]);
  const byLabel = Map.groupBy(samples, (sample) => sample.label);
  const labels = samples.map((sample) => sample.label);

  const slots: Array<{ part: MixPart; format: RealMixFormat; range: PageRange }> = [];
  const kindCounts = apportion(
    options.count,
    profile.map((part) => part.share),
  );
  profile.forEach((part, k) => {
    const leaves = Object.entries(part.formats).flatMap(([format, formatShare]) =>
      part.pages.map((range) => ({
        format: format as RealMixFormat,
        range,
        share: (formatShare ?? 0) * range.share,
      })),
    );
    apportion(
      kindCounts[k] as number,
      leaves.map((leaf) => leaf.share),
    ).forEach((n, i) => {
      const leaf = leaves[i] as (typeof leaves)[number];
      for (let j = 0; j < n; j++) slots.push({ part, format: leaf.format, range: leaf.range });
    });
  });

  return f.helpers.shuffle(slots).map(({ part, format, range }, i) => {
    const sample = samples[i % samples.length] as Sample;
    const pageCount = f.number.int({ min: range.min, max: range.max });
    const wrongLabel = f.helpers.arrayElement(labels.filter((label) => label !== sample.label));
    const n = f.string.numeric(4);
    const filename =
      format === 'jpeg'
        ? `IMG_${n}.jpg`
        : badFilename(f, part.kind === 'scanned-pdf' ? 'scan' : format, wrongLabel).filename;
    // A phone is held a few degrees off either way; a scanner's glass keeps pages within a degree.
    const tilt =
      part.kind === 'phone-photo' ? f.number.float({ min: 1.5, max: 6 }) : f.number.float({ max: 1 });
    return {
      kind: part.kind,
      format,
      filename,
      label: sample.label,
      pages: paginate(textFrom(sample, byLabel.get(sample.label) ?? [sample]), pageCount),
      sample,
      capture: { seed: f.number.int({ max: 2 ** 31 }), angleDegrees: f.helpers.arrayElement([-1, 1]) * tilt },
    };
  });
}

/** The planned document as a file. */
async function fileOf(doc: PlannedDocument): Promise<Buffer> {
  switch (doc.kind) {
    case 'scanned-pdf':
      return writers.scannedPdf([], { pages: doc.pages, fontSize, scanner: doc.capture });
    case 'phone-photo':
      return writers.photo(doc.pages[0] ?? [], {
        fontSize,
        look: { ...doc.capture, format: doc.format === 'png' ? 'png' : 'jpeg' },
      });
    case 'digital-pdf':
      return writers.pdf([], { pages: doc.pages, fontSize });
    default:
      return sampleFile({ ...doc.sample, format: doc.format, lines: doc.pages.flat() });
  }
}

/**
 * A seeded corpus of `count` documents in the proportions of `profile` (default `realMixProfile`): the same
 * seed and count give the same documents (byte for byte, but for the creation times the PDF, DOCX and XLSX
 * writers stamp). Written one at a time: scans and photos take a second or so each.
 */
export async function* realMixCorpus(options: RealMixOptions): AsyncGenerator<RealMixDocument> {
  for (const doc of planRealMix(options)) {
    yield {
      filename: doc.filename,
      bytes: await fileOf(doc),
      format: doc.format,
      kind: doc.kind,
      pages: doc.format === 'pdf' ? doc.pages.length : 1,
      label: doc.label,
    };
  }
}
