import { availableParallelism } from 'node:os';
import { type FailureReason, PermanentError } from '@docsort/contracts';
import {
  defaultExtractionLimits,
  type ExtractionLimits,
  type ExtractionResult,
  OcrSlots,
} from '@docsort/extractors';
import { Piscina } from 'piscina';
import type { ExtractionJob, ExtractionOutcome } from './extraction-worker.ts';

export interface ExtractionPoolOptions {
  /** Worker threads; default: one per core. */
  readonly threads?: number;
  /**
   * A document's time budget: its OCR is stopped at the deadline, a job still running is abandoned (its thread
   * terminated) and the document fails as TIMEOUT.
   */
  readonly deadlineMs: number;
  /** Pages read by OCR at once, across all threads; default: one per thread. */
  readonly ocrSlots?: number;
  /** Heap of each worker; a document that needs more fails as TOO_LARGE and takes only its worker down. */
  readonly maxHeapMb: number;
  /** Module run in the threads: the extractor by default; tests swap in one that misbehaves on purpose. */
  readonly workerFile?: URL;
}

/**
 * Extraction in worker threads: parsers are CPU-bound and some misbehave on hostile files, so each job runs
 * off the event loop with a deadline and a memory cap, and a parser that hangs or crashes costs one thread.
 */
export class ExtractionPool {
  readonly #pool: Piscina;
  readonly #timeoutMs: number;
  readonly #threads: number;
  readonly #ocrSlots: OcrSlots;

  constructor(options: ExtractionPoolOptions) {
    const threads = options.threads ?? availableParallelism();
    this.#timeoutMs = options.deadlineMs;
    this.#threads = threads;
    this.#ocrSlots = OcrSlots.create(options.ocrSlots ?? threads);
    this.#pool = new Piscina({
      filename: (options.workerFile ?? new URL('./extraction-worker.ts', import.meta.url)).href,
      // All threads start at once and are replaced as soon as one is stopped: a thread's start-up (loading the
      // parsers, about a second) must not count against a document's deadline.
      minThreads: threads,
      maxThreads: threads,
      // Workers run TypeScript, like the rest of the service.
      execArgv: ['--import', 'tsx'],
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
      idleTimeout: 60_000,
    });
  }

  /** The pool's OCR slots, shared by its threads (`peak`: the most pages read at once). */
  get ocrSlots(): OcrSlots {
    return this.#ocrSlots;
  }

  get threads(): number {
    return this.#pool.threads.length;
  }

  /** Resolves when every thread has loaded the extractors (a trivial job on each). */
  async warmUp(): Promise<void> {
    const job: ExtractionJob = {
      bytes: new Uint8Array(Buffer.from('warm-up')),
      limits: defaultExtractionLimits,
      deadlineAt: Date.now() + this.#timeoutMs,
      ocrSlots: this.#ocrSlots.shared,
    };
    await Promise.all(Array.from({ length: this.#threads }, () => this.#pool.run(job)));
  }

  /**
   * The document's text, within the pool's deadline. When `signal` aborts first (the stream runtime's record
   * deadline, or shutdown), the job is stopped too: a slow document is never still running while it is retried.
   */
  async extract(bytes: Buffer, limits: ExtractionLimits, signal?: AbortSignal): Promise<ExtractionResult> {
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const job: ExtractionJob = {
      bytes: new Uint8Array(bytes),
      limits,
      deadlineAt: Date.now() + this.#timeoutMs,
      ocrSlots: this.#ocrSlots.shared,
    };
    let outcome: ExtractionOutcome;
    try {
      outcome = await this.#pool.run(job, {
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
    } catch (error) {
      const e = error as Error & { code?: string };
      if (signal?.aborted && !deadline.aborted) throw signal.reason ?? error;
      if (e.name === 'AbortError' || e.name === 'TimeoutError') {
        throw new PermanentError(
          'TIMEOUT',
          `extraction took longer than ${this.#timeoutMs} ms and was stopped`,
        );
      }
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new PermanentError(
          'TOO_LARGE',
          `extraction needed more memory than its worker may use: ${e.message}`,
        );
      }
      throw new PermanentError('INTERNAL', `the extraction worker failed: ${e.message}`, { cause: error });
    }
    if (outcome.ok) {
      // Buffers arrive from the worker as plain Uint8Arrays (structured clone): make them Buffers again.
      const children = outcome.result.children.map((child) => ({
        ...child,
        content: Buffer.from(child.content.buffer, child.content.byteOffset, child.content.byteLength),
      }));
      return { ...outcome.result, children };
    }
    if (outcome.reason) throw new PermanentError(outcome.reason as FailureReason, outcome.message);
    throw new PermanentError('CORRUPT', `${outcome.name}: ${outcome.message}`);
  }

  async close(): Promise<void> {
    await this.#pool.close({ force: true });
  }
}
