import { availableParallelism } from 'node:os';
import { envFlag as flag, parseEnv, envPositiveInt as positiveInt } from '@docsort/client-config';
import {
  defaultExtractionLimits,
  defaultOcrSettings,
  type ExtractionLimits,
  ocrLanguageCodes,
} from '@docsort/extractors';
import { z } from 'zod';

const ocrLanguages = z
  .string()
  .default(defaultOcrSettings.languages.join(','))
  .transform((value) => value.split(',').map((code) => code.trim()))
  .pipe(z.array(z.enum(ocrLanguageCodes)).min(1));

const extractEnvSchema = z.object({
  DOCSORT_EXTRACT_THREADS: positiveInt(availableParallelism()),
  DOCSORT_EXTRACT_DEADLINE_MS: positiveInt(60_000),
  DOCSORT_EXTRACT_MAX_HEAP_MB: positiveInt(512),
  DOCSORT_EXTRACT_MAX_BYTES: positiveInt(defaultExtractionLimits.maxInputBytes),
  DOCSORT_EXTRACT_MAX_PAGES: positiveInt(defaultExtractionLimits.maxPages),
  DOCSORT_EXTRACT_MAX_OCR_PAGES: positiveInt(defaultExtractionLimits.maxOcrPages),
  DOCSORT_EXTRACT_INLINE_TEXT_CHARS: positiveInt(100_000),
  DOCSORT_EXTRACT_MAX_DEPTH: positiveInt(2),
  DOCSORT_EXTRACT_OCR: flag('true'),
  DOCSORT_OCR_ENGINE: z.enum(['auto', 'tesseract', 'tesseract.js']).default(defaultOcrSettings.engine),
  DOCSORT_OCR_LANGUAGES: ocrLanguages,
  DOCSORT_OCR_LANGUAGE_MODE: z.enum(['detect', 'combined']).default(defaultOcrSettings.languageMode),
});

export interface ExtractConfig {
  readonly threads: number;
  /** One document's whole time budget, OCR included; the stream runtime's record deadline follows it. */
  readonly deadlineMs: number;
  readonly maxHeapMb: number;
  readonly limits: ExtractionLimits;
  readonly inlineTextChars: number;
  readonly maxDepth: number;
}

export function loadExtractConfig(env: NodeJS.ProcessEnv = process.env): ExtractConfig {
  const e = parseEnv(extractEnvSchema, env);
  return {
    threads: e.DOCSORT_EXTRACT_THREADS,
    deadlineMs: e.DOCSORT_EXTRACT_DEADLINE_MS,
    maxHeapMb: e.DOCSORT_EXTRACT_MAX_HEAP_MB,
    limits: {
      ...defaultExtractionLimits,
      maxInputBytes: e.DOCSORT_EXTRACT_MAX_BYTES,
      maxPages: e.DOCSORT_EXTRACT_MAX_PAGES,
      maxOcrPages: e.DOCSORT_EXTRACT_MAX_OCR_PAGES,
      ocr: e.DOCSORT_EXTRACT_OCR,
      ocrSettings: {
        engine: e.DOCSORT_OCR_ENGINE,
        languages: e.DOCSORT_OCR_LANGUAGES,
        languageMode: e.DOCSORT_OCR_LANGUAGE_MODE,
      },
    },
    inlineTextChars: e.DOCSORT_EXTRACT_INLINE_TEXT_CHARS,
    maxDepth: e.DOCSORT_EXTRACT_MAX_DEPTH,
  };
}

/**
 * The stream runtime's record deadline for the extract stage: the document's budget and a margin, so the
 * pool's own deadline fires first and the document is dead-lettered TIMEOUT once instead of being retried.
 */
export function extractRecordTimeoutMs(config: ExtractConfig): number {
  return config.deadlineMs + 5_000;
}
