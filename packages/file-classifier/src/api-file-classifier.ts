import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FailureReason } from '@docsort/contracts';
import { awaitOutcomes, submitDocuments } from '@docsort/demo-batch';
import type { FileOutcome } from './file-classifier.ts';

export interface ApiClassifyOptions {
  /** How long to wait for the last result after the last upload. */
  readonly timeoutMs: number;
  readonly onProgress?: (phase: 'uploaded' | 'classified', done: number) => void;
}

/**
 * Classifies files through a running pipeline's HTTP API — upload each, then poll for its result — and answers
 * in the offline classifier's terms, so `docsort eval --api` and offline evaluation give comparable reports.
 * `ms` is the pipeline's own latency, submitted → classified.
 */
export async function classifyThroughApi(
  apiUrl: string,
  paths: readonly string[],
  options: ApiClassifyOptions,
): Promise<FileOutcome[]> {
  const base = apiUrl.replace(/\/+$/, '');
  const ids = new Map<string, string>();
  const refused = new Map<string, string>();
  for (const path of paths) {
    try {
      const [submitted] = await submitDocuments(base, [
        { filename: basename(path), bytes: await readFile(path) },
      ]);
      if (submitted) ids.set(path, submitted.documentId);
    } catch (error) {
      // An upload the API refuses (too large, …) is that file's answer; the others go on.
      refused.set(path, (error as Error).message);
    }
    options.onProgress?.('uploaded', ids.size + refused.size);
  }
  const outcomes = await awaitOutcomes(base, [...ids.values()], {
    timeoutMs: options.timeoutMs,
    onProgress: (done) => options.onProgress?.('classified', done),
  });
  return paths.map((path): FileOutcome => {
    const unknown = { path, format: null, pageCount: null, language: null };
    const id = ids.get(path);
    const outcome = id ? outcomes.get(id) : undefined;
    if (!id || !outcome)
      return {
        ...unknown,
        ms: 0,
        failure: { reason: 'INTERNAL', message: refused.get(path) ?? 'not uploaded' },
      };
    if (outcome.status === 'pending') {
      return {
        ...unknown,
        ms: options.timeoutMs,
        failure: { reason: 'TIMEOUT', message: `no result for ${id} in time` },
      };
    }
    if (outcome.status === 'failed') {
      return {
        ...unknown,
        ms: 0,
        failure: { reason: (outcome.reason ?? 'INTERNAL') as FailureReason, message: `document ${id}` },
      };
    }
    return {
      ...unknown,
      language: outcome.language ?? null,
      ms: outcome.latencyMs ?? 0,
      classification: {
        label: outcome.label ?? '?',
        industry: outcome.industry ?? '?',
        confidence: outcome.confidence ?? 0,
        needsReview: outcome.needsReview ?? false,
        topK: outcome.topK ?? [],
      },
    };
  });
}
