// One measured pass of an extraction engine over a set of documents: throughput, latency and CPU.
import { readdirSync, readFileSync } from 'node:fs';

export interface BenchDocument {
  readonly bytes: Buffer;
  /** What the breakdown groups by: a format, or a real-mix kind (scanned-pdf, phone-photo, …). */
  readonly kind: string;
  /** Pages as docsort counts them: what an engine that reports none is credited with. */
  readonly pages: number;
}

export interface Extracted {
  readonly characters: number;
  /** The extraction result's page count; the document's own when the engine reports none. */
  readonly pages?: number;
}

export interface Measurement {
  readonly documents: number;
  readonly failed: number;
  readonly pages: number;
  readonly docsPerSecond: number;
  readonly pagesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMsPerDocument: number;
  readonly characters: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** Child pids of `pid` (from every thread's children list); none where /proc cannot tell. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU time (user + system, all threads) a process and its descendants have used so far, in ms; NaN where it
 * cannot be read. Descendants count because Tika's server is a watchdog that parses in a child JVM, and
 * docsort reads pages in native Tesseract processes: running ones are summed, finished ones are in the
 * parent's cutime/cstime.
 */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime + cutime + cstime
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    const own = (ticks * 1000) / ticksPerSecond;
    return childrenOf(pid).reduce((sum, child) => sum + (processCpuMs(child) || 0), own);
  } catch {
    return Number.NaN;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * Runs `extract` over `docs` with `concurrency` in flight. CPU is the engine process's (`pid`) over the pass,
 * per document. A document the engine fails on counts as done (it took its time) and as failed.
 */
export async function measure(
  docs: readonly BenchDocument[],
  extract: (doc: Buffer) => Promise<Extracted>,
  options: { concurrency: number; pid: number },
): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  let characters = 0;
  let pages = 0;
  let failed = 0;
  const cpuBefore = processCpuMs(options.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < docs.length) {
        const doc = docs[next++] as BenchDocument;
        const t = performance.now();
        try {
          const result = await extract(doc.bytes);
          characters += result.characters;
          pages += result.pages ?? doc.pages;
          latencies.push(performance.now() - t);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = processCpuMs(options.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    documents: docs.length,
    failed,
    pages,
    docsPerSecond: oneDecimal(docs.length / seconds),
    pagesPerSecond: oneDecimal(pages / seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerDocument: Math.round(cpuMs / Math.max(1, docs.length)),
    characters,
  };
}
