// The `formats` profile: text-born documents of 1–3 pages, one format at a time, OCR off — how fast each
// parser is, against Tika's, on the same files.
import { cpus } from 'node:os';
import * as fixtures from '@docsort/extractors/testing';
import { type Engines, type ProfileResult, ratio } from './engines.ts';
import { type BenchDocument, measure } from './measure.ts';
import { tikaVersion } from './tika-server.ts';

// A seeded generator, so that every run extracts the same corpus.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const words =
  'invoice payment total amount due account statement balance contract party agreement term policy claim insurance shipment carrier consignee order quantity price tax employee salary period date reference number customer supplier address delivery'.split(
    ' ',
  );
const sentence = () =>
  Array.from(
    { length: 8 + Math.floor(random() * 10) },
    () => words[Math.floor(random() * words.length)],
  ).join(' ');
const page = () => Array.from({ length: 25 }, sentence);

async function corpus(perFormat: number): Promise<Record<string, BenchDocument[]>> {
  const docs: Record<string, BenchDocument[]> = { pdf: [], docx: [], xlsx: [], html: [], text: [] };
  const add = (kind: string, bytes: Buffer, pages: number) => docs[kind]?.push({ kind, bytes, pages });
  for (let i = 0; i < perFormat; i++) {
    const pages = Array.from({ length: 1 + (i % 3) }, page);
    add('pdf', await fixtures.pdf([], { pages }), pages.length);
    add('docx', await fixtures.docx(pages.flat()), 1);
    add(
      'xlsx',
      await fixtures.xlsx({
        Sheet1: pages.flat().map((line, n) => [n, line, Math.round(random() * 1e5) / 100]),
      }),
      1,
    );
    add('html', fixtures.html(`Document ${i}`, pages.flat()), 1);
    add('text', Buffer.from(pages.map((p) => p.join('\n')).join('\n\f\n')), 1);
  }
  return docs;
}

export async function runFormatsProfile(engines: Engines, perFormat: number): Promise<ProfileResult> {
  const docs = await corpus(perFormat);
  process.stderr.write(`corpus: ${perFormat} documents per format, concurrency ${engines.concurrency}\n`);
  const { concurrency } = engines;
  const results: Record<
    string,
    {
      docsort: Awaited<ReturnType<typeof measure>>;
      tika: Awaited<ReturnType<typeof measure>>;
      ratio: number;
    }
  > = {};
  for (const [format, list] of Object.entries(docs)) {
    // Warm-up: a full pass each, so Tika's JVM has compiled its hot paths and the worker threads theirs.
    await measure(list, engines.docsort.extract, { concurrency, pid: engines.docsort.pid });
    await measure(list, engines.tika.extract, { concurrency, pid: engines.tika.pid });
    const docsort = await measure(list, engines.docsort.extract, { concurrency, pid: engines.docsort.pid });
    const tika = await measure(list, engines.tika.extract, { concurrency, pid: engines.tika.pid });
    results[format] = { docsort, tika, ratio: ratio(docsort.docsPerSecond, tika.docsPerSecond) };
    process.stderr.write(`${format}: docsort ${docsort.docsPerSecond}/s, Tika ${tika.docsPerSecond}/s\n`);
  }

  const report = {
    benchmark: 'extract',
    profile: 'formats',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    documentsPerFormat: perFormat,
    concurrency,
    tika: tikaVersion,
    results,
    targetMet: Object.values(results).every((r) => r.ratio >= 1),
  };
  const rows = Object.entries(results).map(
    ([format, r]) =>
      `| ${format} | ${r.docsort.docsPerSecond} | ${r.docsort.p50} | ${r.docsort.p99} | ${r.tika.docsPerSecond} | ${r.tika.p50} | ${r.tika.p99} | ${r.ratio}× | ${(r.docsort.characters / Math.max(1, r.tika.characters)).toFixed(2)} |`,
  );
  const markdown = [
    `# Extraction throughput: docsort vs Apache Tika ${tikaVersion} (${perFormat} docs of 1–3 pages per format, concurrency ${concurrency}, ${cpus().length} cores)`,
    '',
    '| format | docsort docs/s | p50 ms | p99 ms | Tika docs/s | p50 ms | p99 ms | docsort / Tika | text chars docsort / Tika |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Target (at least Tika's throughput on every format): ${report.targetMet ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
  return { name: 'extract', report, markdown };
}
