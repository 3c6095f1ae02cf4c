// The `real-mix` profile and `--corpus DIR`: a corpus mixed as real traffic is — scans and photos that need OCR
// beside born-digital PDFs of 1–40 pages, office files and e-mails — extracted with OCR on, all kinds
// interleaved in one run (the headline), then each kind on its own (the breakdown: its CPU cannot be told
// apart in a mixed run).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { realMixCorpus, realMixProfile } from '@docsort/synth';
import { type Engines, type ProfileResult, ratio } from './engines.ts';
import { type BenchDocument, type Measurement, measure } from './measure.ts';
import { tikaCanOcr, tikaVersion } from './tika-server.ts';

/** The seeded real-mix corpus of @docsort/synth, kinds and page counts as generated. */
export async function realMixDocuments(seed: number, count: number): Promise<BenchDocument[]> {
  const docs: BenchDocument[] = [];
  for await (const doc of realMixCorpus({ seed, count }))
    docs.push({ bytes: doc.bytes, kind: doc.kind, pages: doc.pages });
  return docs;
}

/** What docsort makes of a document without OCR: its format and pages, or that it has no text layer. */
export type Sniff = (
  bytes: Buffer,
) => Promise<{ format: string; pageCount: number | null; warnings: readonly string[] }>;

/**
 * Every file under `dir` (recursively). Kinds come from a first pass of docsort without OCR: the detected
 * format, or `scanned-pdf` / `image` when there is no text layer; files it cannot read are `unreadable`.
 */
export async function folderDocuments(dir: string, sniff: Sniff): Promise<BenchDocument[]> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const bytes = readFileSync(join(entry.parentPath, entry.name));
      try {
        const result = await sniff(bytes);
        const scanned = result.warnings.includes('NO_TEXT_LAYER');
        const kind = scanned ? (result.format === 'pdf' ? 'scanned-pdf' : 'image') : result.format;
        return { bytes, kind, pages: result.pageCount ?? 1 };
      } catch {
        return { bytes, kind: 'unreadable', pages: 1 };
      }
    }),
  );
}

interface Comparison {
  readonly docsort: Measurement;
  readonly tika: Measurement;
  readonly ratio: number;
}

async function compare(engines: Engines, docs: readonly BenchDocument[]): Promise<Comparison> {
  const { concurrency } = engines;
  const docsort = await measure(docs, engines.docsort.extract, { concurrency, pid: engines.docsort.pid });
  const tika = await measure(docs, engines.tika.extract, { concurrency, pid: engines.tika.pid });
  return { docsort, tika, ratio: ratio(docsort.docsPerSecond, tika.docsPerSecond) };
}

const engineCells = (m: Measurement) =>
  `${m.docsPerSecond} | ${m.pagesPerSecond} | ${m.p50} | ${m.p99} | ${m.cpuMsPerDocument}`;

function row(name: string, c: Comparison): string {
  const failed =
    c.docsort.failed || c.tika.failed ? ` (failed: docsort ${c.docsort.failed}, Tika ${c.tika.failed})` : '';
  const chars = (c.docsort.characters / Math.max(1, c.tika.characters)).toFixed(2);
  return `| ${name} | ${c.docsort.documents}${failed} | ${c.docsort.pages} | ${engineCells(c.docsort)} | ${engineCells(c.tika)} | ${c.ratio}× | ${chars} |`;
}

export async function runMixedProfile(
  engines: Engines,
  docs: readonly BenchDocument[],
  options: { readonly name: string; readonly title: string; readonly warmUpPerKind: number },
): Promise<ProfileResult> {
  // Kinds in the profile's order, then any others (a folder's) by name.
  const order = realMixProfile.map((part) => part.kind as string);
  const kinds = [...new Set(docs.map((doc) => doc.kind))].sort(
    (a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const ofKind = (kind: string) => docs.filter((doc) => doc.kind === kind);
  process.stderr.write(
    `corpus: ${docs.length} documents (${kinds.map((k) => `${k} ${ofKind(k).length}`).join(', ')}), concurrency ${engines.concurrency}\n`,
  );

  // Warm-up: a few documents of each kind through both engines — every parser loaded, Tesseract started in
  // the worker threads, Tika's JVM past its first compilations — without a whole extra pass of slow OCR.
  await compare(
    engines,
    kinds.flatMap((kind) => ofKind(kind).slice(0, options.warmUpPerKind)),
  );
  const overall = await compare(engines, docs);
  process.stderr.write(
    `all: docsort ${overall.docsort.docsPerSecond}/s, Tika ${overall.tika.docsPerSecond}/s\n`,
  );
  const byKind: Record<string, Comparison> = {};
  for (const kind of kinds) {
    byKind[kind] = await compare(engines, ofKind(kind));
    process.stderr.write(
      `${kind}: docsort ${byKind[kind].docsort.docsPerSecond}/s, Tika ${byKind[kind].tika.docsPerSecond}/s\n`,
    );
  }

  const tikaOcr = tikaCanOcr();
  const report = {
    benchmark: 'extract',
    profile: options.name,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    documents: docs.length,
    concurrency: engines.concurrency,
    ocr: { docsort: true, tika: tikaOcr },
    tika: tikaVersion,
    overall,
    byKind,
  };
  const markdown = [
    `# Extraction, ${options.title}: docsort vs Apache Tika ${tikaVersion} (${docs.length} documents, OCR on, concurrency ${engines.concurrency}, ${cpus().length} cores)`,
    '',
    '| kind | docs | pages | docsort docs/s | pages/s | p50 ms | p99 ms | CPU ms/doc | Tika docs/s | pages/s | p50 ms | p99 ms | CPU ms/doc | docsort / Tika | text chars docsort / Tika |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('**all, interleaved**', overall),
    ...kinds.map((kind) => row(kind, byKind[kind] as Comparison)),
    '',
    'The first row is one run of every document, the kinds interleaved; each kind below ran on its own. Pages: as the',
    "extraction result counts them (1 when it has no pages); Tika is credited with docsort's count. CPU: the",
    "engines' processes over the run, per document (docsort: this process and its worker threads; Tika: its",
    'watchdog and the JVM it parses in).',
    tikaOcr
      ? 'Tika OCRs with the `tesseract` program found on the PATH.'
      : 'Tika OCRs only with a `tesseract` program on the PATH, and none is here: it returned no text for scans and photos (see the text chars), so its figures for those kinds compare no OCR with OCR.',
    '',
  ].join('\n');
  return { name: options.name === 'real-mix' ? 'extract-real-mix' : 'extract-corpus', report, markdown };
}
