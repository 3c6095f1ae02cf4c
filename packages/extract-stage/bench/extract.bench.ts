// pnpm bench:extract — documents per second and latency per format on a fixed generated corpus (1–3 page
// documents), docsort's extraction pool side by side with Apache Tika server on the same files, same
// concurrency, same run. Writes JSON and a Markdown table with the ratios.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { defaultExtractionLimits } from '@docsort/extractors';
import * as fixtures from '@docsort/extractors/testing';
import {
  findJavaRuntime,
  findRepoRoot,
  loadStackConfig,
  waitUntil,
  writeBenchResults,
} from '@docsort/local-stack';
import { ExtractionPool } from '../src/extraction-pool.ts';

const tikaVersion = '3.3.2';
const perFormat = Number(process.env.BENCH_DOCS_PER_FORMAT ?? 40);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? availableParallelism() * 2);
const repoRoot = findRepoRoot();
const cacheDir = loadStackConfig(repoRoot).cacheDir;

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

async function corpus(): Promise<Record<string, Buffer[]>> {
  const docs: Record<string, Buffer[]> = { pdf: [], docx: [], xlsx: [], html: [], text: [] };
  for (let i = 0; i < perFormat; i++) {
    const pages = Array.from({ length: 1 + (i % 3) }, page);
    docs.pdf?.push(await fixtures.pdf([], { pages }));
    docs.docx?.push(await fixtures.docx(pages.flat()));
    docs.xlsx?.push(
      await fixtures.xlsx({
        Sheet1: pages.flat().map((line, n) => [n, line, Math.round(random() * 1e5) / 100]),
      }),
    );
    docs.html?.push(fixtures.html(`Document ${i}`, pages.flat()));
    docs.text?.push(Buffer.from(pages.map((p) => p.join('\n')).join('\n\f\n')));
  }
  return docs;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

/** Runs `extract` over `docs` with `concurrency` in flight; docs/s and per-document latency. */
async function measure(docs: Buffer[], extract: (doc: Buffer) => Promise<number>) {
  const latencies: number[] = [];
  let next = 0;
  let characters = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs.length) {
        const doc = docs[next++] as Buffer;
        const t = performance.now();
        characters += await extract(doc);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    docsPerSecond: Math.round((docs.length / seconds) * 10) / 10,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    characters,
  };
}

async function startTika(): Promise<{ url: string; stop: () => void }> {
  const jar = join(cacheDir, 'tika', `tika-server-standard-${tikaVersion}.jar`);
  if (!existsSync(jar)) {
    process.stderr.write(
      `fetching org.apache.tika:tika-server-standard:${tikaVersion} from Maven Central…\n`,
    );
    execFileSync(
      'mvn',
      [
        '-B',
        '-q',
        `-Dmaven.repo.local=${join(cacheDir, 'm2')}`,
        'dependency:copy',
        `-Dartifact=org.apache.tika:tika-server-standard:${tikaVersion}`,
        `-DoutputDirectory=${join(cacheDir, 'tika')}`,
      ],
      { stdio: 'inherit' },
    );
  }
  const port = 9998 + Math.floor(random() * 500);
  const java = findJavaRuntime(17).javaBin;
  const tika = spawn(java, ['-Xmx1g', '-jar', jar, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/tika`).catch(() => undefined))?.ok === true, {
    timeoutMs: 120_000,
    description: 'Tika server to answer',
  });
  return { url, stop: () => tika.kill('SIGTERM') };
}

const docs = await corpus();
process.stderr.write(`corpus: ${perFormat} documents per format, concurrency ${concurrency}\n`);
const pool = new ExtractionPool({ threads: availableParallelism(), jobTimeoutMs: 60_000, maxHeapMb: 512 });
await pool.warmUp();
const tika = await startTika();
const extractWithDocsort = async (doc: Buffer) =>
  (await pool.extract(doc, { ...defaultExtractionLimits, ocr: false })).text.length;
const extractWithTika = async (doc: Buffer) => {
  const response = await fetch(`${tika.url}/tika`, {
    method: 'PUT',
    body: doc,
    headers: { accept: 'text/plain' },
  });
  if (!response.ok) throw new Error(`Tika answered ${response.status}`);
  return (await response.text()).length;
};

const results: Record<
  string,
  { docsort: Awaited<ReturnType<typeof measure>>; tika: Awaited<ReturnType<typeof measure>>; ratio: number }
> = {};
for (const [format, list] of Object.entries(docs)) {
  // Warm-up: a full pass each, so Tika's JVM has compiled its hot paths and the worker threads theirs.
  await measure(list, extractWithDocsort);
  await measure(list, extractWithTika);
  const docsort = await measure(list, extractWithDocsort);
  const tikaResult = await measure(list, extractWithTika);
  results[format] = {
    docsort,
    tika: tikaResult,
    ratio: Math.round((docsort.docsPerSecond / tikaResult.docsPerSecond) * 100) / 100,
  };
  process.stderr.write(`${format}: docsort ${docsort.docsPerSecond}/s, Tika ${tikaResult.docsPerSecond}/s\n`);
}
tika.stop();
await pool.close();

const report = {
  benchmark: 'extract',
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
writeBenchResults('extract', report, markdown);
console.log(markdown);
process.exit(0);
