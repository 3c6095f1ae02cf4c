import { readFile, stat } from 'node:fs/promises';
import { PermanentError } from '@docsort/contracts';
import { type ExtractConfig, ExtractionPool } from '@docsort/extract-stage';
import type { FileOutcome } from './file-classifier.ts';

export interface ExtractedFile {
  readonly path: string;
  /** Time spent reading and extracting. */
  readonly ms: number;
  readonly text?: string;
  readonly format: string | null;
  readonly pageCount: number | null;
  readonly language: string | null;
  readonly failure?: FileOutcome['failure'];
}

/**
 * Reads files on disk as the extract stage would: in its worker pool, with its limits, down to the text the
 * classify stage reads (the record's inline start, or the first N pages' text).
 */
export class FileTextExtractor {
  readonly #pool: ExtractionPool;

  constructor(
    readonly config: ExtractConfig,
    readonly firstPages?: number,
  ) {
    this.#pool = new ExtractionPool({
      threads: config.threads,
      deadlineMs: config.deadlineMs,
      maxHeapMb: config.maxHeapMb,
    });
  }

  /** Starts every extraction thread (parsers loaded), so the first files' times are not start-up. */
  warmUp(): Promise<void> {
    return this.#pool.warmUp();
  }

  /** Every file extracted, `batchSize` at a time in the pool, each batch yielded in the order of `paths`. */
  async *extractBatches(paths: readonly string[], batchSize = 32): AsyncGenerator<ExtractedFile[]> {
    for (let start = 0; start < paths.length; start += batchSize) {
      yield await Promise.all(paths.slice(start, start + batchSize).map((p) => this.extract(p)));
    }
  }

  /** The text the classify stage would read of the file at `path`, or why it cannot be read. */
  async extract(path: string): Promise<ExtractedFile> {
    const started = performance.now();
    const { limits, inlineTextChars } = this.config;
    try {
      const { size } = await stat(path);
      if (size > limits.maxInputBytes) {
        throw new PermanentError(
          'TOO_LARGE',
          `the file has ${size} bytes, more than ${limits.maxInputBytes}`,
        );
      }
      const result = await this.#pool.extract(await readFile(path), limits);
      const { firstPages } = this;
      const pagesEnd = firstPages ? result.pages?.[firstPages - 1]?.end : undefined;
      // The classify stage reads the start a record carries inline (DOCSORT_EXTRACT_INLINE_TEXT_CHARS).
      const text = result.text.slice(0, Math.min(pagesEnd ?? Number.POSITIVE_INFINITY, inlineTextChars));
      return {
        path,
        ms: performance.now() - started,
        text,
        format: result.format,
        pageCount: result.pageCount,
        language: result.language,
      };
    } catch (error) {
      // A file that cannot be opened is what the pipeline calls a missing object.
      const failure: FileOutcome['failure'] =
        error instanceof PermanentError
          ? { reason: error.reason, message: error.message }
          : { reason: 'OBJECT_MISSING', message: (error as Error).message };
      return {
        path,
        ms: performance.now() - started,
        format: null,
        pageCount: null,
        language: null,
        failure,
      };
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
