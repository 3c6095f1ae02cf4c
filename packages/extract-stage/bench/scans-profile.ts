// The `scans` profile: OCR on page images with known text — each supported language under each capture
// condition (upright at 300 and 150 dpi, turned 90/180/270°, skewed 3° and 7°, photo-like) — read by docsort
// (native Tesseract, both language modes), by docsort as it was before native Tesseract (tesseract.js,
// English only, the image as it came), and by Apache Tika with its Tesseract OCR parser (same native
// Tesseract, same languages, one combined pass). Character error rate per condition and per language, pages/s
// and CPU ms per page, in one run.
import { cpus } from 'node:os';
import { distance } from 'fastest-levenshtein';
import { type ProfileResult, ratio } from './engines.ts';
import { processCpuMs } from './measure.ts';
import { conditions, type OcrPage } from './ocr-pages.ts';
import { tikaVersion } from './tika-server.ts';

/** An engine that returns the text it read. */
export interface ReadingEngine {
  readonly name: string;
  readonly pid: number;
  readonly read: (image: Buffer) => Promise<string>;
}

interface Reading {
  readonly engine: string;
  readonly pagesPerSecond: number;
  readonly cpuMsPerPage: number;
  readonly failed: number;
  /** Mean CER over all pages, per condition, per language. */
  readonly cer: number;
  readonly cerByCondition: Record<string, number>;
  readonly cerByLanguage: Record<string, number>;
}

const oneLine = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Character error rate: edits from what was read to the truth, per character of the truth (capped at 1). */
export function characterErrorRate(read: string, truth: string): number {
  const expected = oneLine(truth);
  return Math.min(1, distance(oneLine(read), expected) / Math.max(1, expected.length));
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function meanBy(pages: readonly OcrPage[], cers: readonly number[], key: (page: OcrPage) => string) {
  const groups: Record<string, number[]> = {};
  pages.forEach((page, i) => {
    const group = key(page);
    groups[group] ??= [];
    groups[group].push(cers[i] as number);
  });
  return Object.fromEntries(Object.entries(groups).map(([group, values]) => [group, round3(mean(values))]));
}

async function readAll(
  engine: ReadingEngine,
  pages: readonly OcrPage[],
  concurrency: number,
): Promise<Reading> {
  const texts: string[] = new Array(pages.length).fill('');
  let next = 0;
  let failed = 0;
  const cpuBefore = processCpuMs(engine.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pages.length) {
        const i = next++;
        try {
          texts[i] = await engine.read((pages[i] as OcrPage).image);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = processCpuMs(engine.pid) - cpuBefore;
  const cers = pages.map((page, i) => characterErrorRate(texts[i] as string, page.truth));
  process.stderr.write(
    `${engine.name}: ${(pages.length / seconds).toFixed(2)} pages/s, CER ${mean(cers).toFixed(3)}\n`,
  );
  return {
    engine: engine.name,
    pagesPerSecond: Math.round((pages.length / seconds) * 100) / 100,
    cpuMsPerPage: Math.round(cpuMs / pages.length),
    failed,
    cer: round3(mean(cers)),
    cerByCondition: meanBy(pages, cers, (page) => page.condition),
    cerByLanguage: meanBy(pages, cers, (page) => page.language),
  };
}

export async function runScansProfile(
  engines: readonly ReadingEngine[],
  pages: readonly OcrPage[],
  options: { readonly concurrency: number; readonly docsort: string; readonly tika: string },
): Promise<ProfileResult> {
  // Warm-up: a few pages each, so the JVM and the worker threads have loaded their models.
  for (const engine of engines) await readAll(engine, pages.slice(0, 4), options.concurrency);
  const readings: Reading[] = [];
  for (const engine of engines) readings.push(await readAll(engine, pages, options.concurrency));
  const docsort = readings.find((r) => r.engine === options.docsort) as Reading;
  const tika = readings.find((r) => r.engine === options.tika) as Reading;
  const speedRatio = ratio(docsort.pagesPerSecond, tika.pagesPerSecond);
  const languages = Object.keys(docsort.cerByLanguage);
  const header = (first: string) => [
    `| ${first} | ${readings.map((r) => r.engine).join(' | ')} |`,
    `| --- |${readings.map(() => ' ---: |').join('')}`,
  ];
  const markdown = [
    `# OCR on scans and photos: docsort vs Apache Tika ${tikaVersion} (${pages.length} pages: ${languages.length} languages × ${conditions.length} conditions, concurrency ${options.concurrency}, ${cpus().length} cores)`,
    '',
    '| engine | pages/s | CPU ms/page | CER (mean) | failed |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...readings.map(
      (r) => `| ${r.engine} | ${r.pagesPerSecond} | ${r.cpuMsPerPage} | ${r.cer} | ${r.failed} |`,
    ),
    '',
    `${options.docsort} / ${options.tika}: **${speedRatio}×** pages/s, CER ${docsort.cer} vs ${tika.cer}. Target ≥ 1.5× at a CER no worse than Tika's: ${speedRatio >= 1.5 && docsort.cer <= tika.cer ? 'met' : 'NOT met'}.`,
    '',
    '## Character error rate by condition (mean over languages)',
    '',
    ...header('condition'),
    ...conditions.map((c) => `| ${c} | ${readings.map((r) => r.cerByCondition[c]).join(' | ')} |`),
    '',
    '## Character error rate by language (mean over conditions)',
    '',
    ...header('language'),
    ...languages.map((l) => `| ${l} | ${readings.map((r) => r.cerByLanguage[l]).join(' | ')} |`),
    '',
  ].join('\n');
  return {
    name: 'extract-scans',
    report: {
      pages: pages.length,
      concurrency: options.concurrency,
      cores: cpus().length,
      tika: tikaVersion,
      speedRatio,
      readings,
    },
    markdown,
  };
}
