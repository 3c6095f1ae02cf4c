import { basename } from 'node:path';
import { reviewRouting } from '@docsort/classify-stage';
import type { FailureReason } from '@docsort/contracts';
import type { ExtractConfig } from '@docsort/extract-stage';
import type { Taxonomy } from '@docsort/taxonomy';
import type { LabelScore, ServingModel } from '@docsort/text-classifier';
import { type ExtractedFile, FileTextExtractor } from './file-text-extractor.ts';

/** What docsort says of one file: its label and routing, or why it could not be read (its DLQ reason). */
export interface FileOutcome {
  readonly path: string;
  /** The detected format (pdf, jpeg, eml…); null when detection failed. */
  readonly format: string | null;
  readonly pageCount: number | null;
  /** The detected language of its text (ISO 639-1), null when unsure or unreadable. */
  readonly language: string | null;
  /** Extraction plus this file's share of its batch's inference. */
  readonly ms: number;
  readonly classification?: {
    readonly label: string;
    readonly industry: string;
    readonly confidence: number;
    readonly needsReview: boolean;
    /** Sent to review for too little label evidence, whatever the confidence (Classification.unfamiliar). */
    readonly unfamiliar?: boolean;
    readonly topK: readonly LabelScore[];
  };
  readonly failure?: { readonly reason: FailureReason; readonly message: string };
}

export interface FileClassifierOptions {
  readonly model: ServingModel;
  readonly taxonomy: Taxonomy;
  readonly defaultReviewThreshold: number;
  /** The extract service's settings (DOCSORT_EXTRACT_*): threads, limits, job timeout, heap. */
  readonly extract: ExtractConfig;
  readonly topK?: number;
  /**
   * Classify from the text of the first N pages only (paged formats): how many pages decide the label, and so
   * how many pages of a scan are worth OCR (DOCSORT_EXTRACT_MAX_OCR_PAGES).
   */
  readonly firstPages?: number;
}

/**
 * Classifies files on disk as the pipeline would, without Kafka or an object store: extraction in the extract
 * service's worker pool with its limits, the text the classify stage would read (the record's inline start),
 * inference in batches, review routing by the classify stage's rule. Files run in batches, so a folder of any
 * size streams through in bounded memory while every core extracts.
 */
export class FileClassifier {
  readonly #extractor: FileTextExtractor;
  readonly #route: ReturnType<typeof reviewRouting>;

  constructor(readonly options: FileClassifierOptions) {
    this.#extractor = new FileTextExtractor(options.extract, options.firstPages);
    this.#route = reviewRouting(options.taxonomy, options.defaultReviewThreshold);
  }

  get model(): ServingModel {
    return this.options.model;
  }

  /** Starts every extraction thread (parsers loaded), so the first files' times are not start-up. */
  warmUp(): Promise<void> {
    return this.#extractor.warmUp();
  }

  /** Outcomes in the order of `paths`, a batch at a time. */
  async *classify(paths: readonly string[], batchSize = 32): AsyncGenerator<FileOutcome> {
    for await (const batch of this.#extractor.extractBatches(paths, batchSize)) {
      yield* await this.#classifyBatch(batch);
    }
  }

  async close(): Promise<void> {
    await this.#extractor.close();
    await this.options.model.dispose();
  }

  async #classifyBatch(batch: readonly ExtractedFile[]): Promise<FileOutcome[]> {
    const readable = batch.filter((e) => e.text !== undefined);
    const inferenceStarted = performance.now();
    const results = await this.options.model.classify(
      readable.map((e) => ({ text: e.text ?? '', filename: basename(e.path) })),
      this.options.topK ?? 3,
    );
    const inferenceShare = (performance.now() - inferenceStarted) / Math.max(1, readable.length);
    const byPath = new Map(readable.map((e, i) => [e, results[i]]));
    return batch.map((e) => {
      const base = { path: e.path, format: e.format, pageCount: e.pageCount, language: e.language };
      const result = byPath.get(e);
      if (!result) {
        return { ...base, ms: Math.round(e.ms), ...(e.failure ? { failure: e.failure } : {}) };
      }
      const { industry, needsReview } = this.#route(result.label, result.confidence, result.unfamiliar);
      return {
        ...base,
        ms: Math.round(e.ms + inferenceShare),
        classification: {
          label: result.label,
          industry,
          confidence: result.confidence,
          needsReview,
          ...(result.unfamiliar ? { unfamiliar: true } : {}),
          topK: result.topK,
        },
      };
    });
  }
}
