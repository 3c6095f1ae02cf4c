// pnpm bench:extract — docsort's extraction pool side by side with Apache Tika server on the same files, same
// concurrency, same run; JSON and a Markdown table with the ratios. Profiles:
//   (default) `--profile formats` — text-born documents of 1–3 pages, per format, OCR off: the parsers alone;
//   `--profile real-mix` — @docsort/synth's real-mix corpus (40 % scans and photos, PDFs of 1–40 pages,
//     office files, e-mails), OCR on: docs/s, pages/s, latency and CPU per document, overall and per kind;
//   `--corpus DIR` — the same report for every file under DIR;
//   `--profile scans` — OCR alone on page images with known text (7 languages × 8 capture conditions):
//     pages/s, CPU ms per page and character error rate of docsort, of docsort before native Tesseract, and of
//     Tika's Tesseract OCR parser.
// `BENCH_PROFILE` and `BENCH_CORPUS` do what the flags do.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  defaultExtractionLimits,
  defaultOcrSettings,
  type ExtractionLimits,
  type OcrLanguageMode,
} from '@docsort/extractors';
import { findRepoRoot, loadStackConfig, writeBenchResults } from '@docsort/local-stack';
import { findFreePorts } from '@docsort/test-harness';
import { ExtractionPool } from '../src/extraction-pool.ts';
import { englishTesseractJs } from './before-engine.ts';
import type { Engine, ProfileResult } from './engines.ts';
import { runFormatsProfile } from './formats-profile.ts';
import { folderDocuments, realMixDocuments, runMixedProfile } from './mixed-profile.ts';
import { ocrPages } from './ocr-pages.ts';
import { type ReadingEngine, runScansProfile } from './scans-profile.ts';
import { startTika } from './tika-server.ts';

const { values: args } = parseArgs({
  // `pnpm bench:extract -- --profile real-mix` hands the script its own `--`.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { profile: { type: 'string' }, corpus: { type: 'string' } },
});
const corpusDir = args.corpus ?? process.env.BENCH_CORPUS;
const profile = corpusDir ? 'corpus' : (args.profile ?? process.env.BENCH_PROFILE ?? 'formats');
if (!['formats', 'real-mix', 'scans', 'corpus'].includes(profile)) {
  throw new Error(`unknown profile ${profile}: formats (the default), real-mix, scans, or --corpus DIR`);
}
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? availableParallelism() * 2);

const pool = new ExtractionPool({ threads: availableParallelism(), deadlineMs: 60_000, maxHeapMb: 512 });
const docsortWith = (limits: ExtractionLimits): Engine => ({
  pid: process.pid,
  extract: async (doc) => {
    const result = await pool.extract(doc, limits);
    return { characters: result.text.length, pages: result.pageCount ?? 1 };
  },
});

// The corpus first: generating scans and photos takes a while, and Tika need not idle meanwhile.
let docs: Awaited<ReturnType<typeof realMixDocuments>> = [];
if (profile === 'real-mix') {
  const count = Number(process.env.BENCH_DOCUMENTS ?? 100);
  process.stderr.write(`generating the real-mix corpus (${count} documents)…\n`);
  docs = await realMixDocuments(Number(process.env.BENCH_SEED ?? 42), count);
}
await pool.warmUp();
if (profile === 'corpus') {
  docs = await folderDocuments(corpusDir as string, (bytes) =>
    pool.extract(bytes, { ...defaultExtractionLimits, ocr: false }),
  );
}

const [tikaPort] = await findFreePorts(1);
const tika = await startTika(loadStackConfig(findRepoRoot()).cacheDir, tikaPort as number);
const tikaEngine: Engine = {
  pid: tika.pid,
  extract: async (doc) => ({ characters: await tika.extract(doc) }),
};
let result: ProfileResult;
try {
  result =
    profile === 'scans'
      ? await scansProfile()
      : profile === 'formats'
        ? await runFormatsProfile(
            {
              docsort: docsortWith({ ...defaultExtractionLimits, ocr: false }),
              tika: tikaEngine,
              concurrency,
            },
            Number(process.env.BENCH_DOCS_PER_FORMAT ?? 40),
          )
        : await runMixedProfile(
            { docsort: docsortWith(defaultExtractionLimits), tika: tikaEngine, concurrency },
            docs,
            {
              name: profile,
              title: profile === 'real-mix' ? 'real mix' : `the files under ${corpusDir}`,
              warmUpPerKind: pool.threads,
            },
          );
} finally {
  tika.stop();
  await pool.close();
}

async function scansProfile(): Promise<ProfileResult> {
  process.stderr.write('rendering the OCR pages…\n');
  const pages = await ocrPages();
  const languages = defaultOcrSettings.languages;
  const docsortReading = (languageMode: OcrLanguageMode): ReadingEngine => ({
    name: `docsort (tesseract, ${languageMode})`,
    pid: process.pid,
    read: async (image) =>
      (
        await pool.extract(image, {
          ...defaultExtractionLimits,
          ocrSettings: { ...defaultOcrSettings, engine: 'tesseract', languageMode },
        })
      ).text,
  });
  const before = await englishTesseractJs(pool.threads);
  try {
    return await runScansProfile(
      [
        before,
        docsortReading('detect'),
        docsortReading('combined'),
        {
          name: 'Tika (tesseract, combined)',
          pid: tika.pid,
          read: (image) => tika.read(image, languages.join('+')),
        },
      ],
      pages,
      {
        concurrency,
        docsort: `docsort (tesseract, ${defaultOcrSettings.languageMode})`,
        tika: 'Tika (tesseract, combined)',
      },
    );
  } finally {
    await before.close();
  }
}
writeBenchResults(result.name, result.report, result.markdown);
console.log(result.markdown);
process.exit(0);
