import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envPositiveInt, parseEnv } from '@docsort/client-config';
import { z } from 'zod';

const classifyEnvSchema = z.object({
  DOCSORT_MODEL_NAME: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"')
    .default('docsort-text-cnn'),
  DOCSORT_MODEL_VERSION: z
    .string()
    .regex(/^[\w.-]+$/, '"latest" or a published version')
    .default('latest'),
  DOCSORT_MODEL_CACHE_DIR: z.string().min(1).default(join(tmpdir(), 'docsort-models')),
  DOCSORT_CLASSIFY_THREADS: envPositiveInt(1),
  DOCSORT_REVIEW_THRESHOLD: z.coerce
    .number({ message: 'a confidence between 0 and 1' })
    .min(0, 'a confidence between 0 and 1')
    .max(1, 'a confidence between 0 and 1')
    .default(0.6),
  DOCSORT_DRIFT_WINDOW: envPositiveInt(500),
});

export interface ClassifyConfig {
  readonly modelName: string;
  /** `latest` (follow publications, hot-swap) or a pinned version. */
  readonly modelVersion: string;
  readonly modelCacheDir: string;
  readonly defaultReviewThreshold: number;
  /** Inference threads (a pool when above 1): the wasm backend computes on one core per thread. */
  readonly threads: number;
  /** Recent classifications the drift gauges compare with the model's training distribution. */
  readonly driftWindow: number;
}

export function loadClassifyConfig(env: NodeJS.ProcessEnv = process.env): ClassifyConfig {
  const e = parseEnv(classifyEnvSchema, env);
  return {
    modelName: e.DOCSORT_MODEL_NAME,
    modelVersion: e.DOCSORT_MODEL_VERSION,
    modelCacheDir: e.DOCSORT_MODEL_CACHE_DIR,
    defaultReviewThreshold: e.DOCSORT_REVIEW_THRESHOLD,
    threads: e.DOCSORT_CLASSIFY_THREADS,
    driftWindow: e.DOCSORT_DRIFT_WINDOW,
  };
}
