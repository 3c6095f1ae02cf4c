import { availableParallelism } from 'node:os';
import { envFlag as flag, parseEnv, envPositiveInt as positiveInt } from '@docsort/client-config';
import { defaultExtractionLimits, type ExtractionLimits } from '@docsort/extractors';
import { z } from 'zod';

const extractEnvSchema = z.object({
  DOCSORT_EXTRACT_THREADS: positiveInt(availableParallelism()),
  DOCSORT_EXTRACT_JOB_TIMEOUT_MS: positiveInt(60_000),
  DOCSORT_EXTRACT_MAX_HEAP_MB: positiveInt(512),
  DOCSORT_EXTRACT_MAX_BYTES: positiveInt(defaultExtractionLimits.maxInputBytes),
  DOCSORT_EXTRACT_MAX_PAGES: positiveInt(defaultExtractionLimits.maxPages),
  DOCSORT_EXTRACT_INLINE_TEXT_CHARS: positiveInt(100_000),
  DOCSORT_EXTRACT_MAX_DEPTH: positiveInt(2),
  DOCSORT_EXTRACT_OCR: flag('true'),
});

export interface ExtractConfig {
  readonly threads: number;
  readonly jobTimeoutMs: number;
  readonly maxHeapMb: number;
  readonly limits: ExtractionLimits;
  readonly inlineTextChars: number;
  readonly maxDepth: number;
}

export function loadExtractConfig(env: NodeJS.ProcessEnv = process.env): ExtractConfig {
  const e = parseEnv(extractEnvSchema, env);
  return {
    threads: e.DOCSORT_EXTRACT_THREADS,
    jobTimeoutMs: e.DOCSORT_EXTRACT_JOB_TIMEOUT_MS,
    maxHeapMb: e.DOCSORT_EXTRACT_MAX_HEAP_MB,
    limits: {
      ...defaultExtractionLimits,
      maxInputBytes: e.DOCSORT_EXTRACT_MAX_BYTES,
      maxPages: e.DOCSORT_EXTRACT_MAX_PAGES,
      ocr: e.DOCSORT_EXTRACT_OCR,
    },
    inlineTextChars: e.DOCSORT_EXTRACT_INLINE_TEXT_CHARS,
    maxDepth: e.DOCSORT_EXTRACT_MAX_DEPTH,
  };
}
