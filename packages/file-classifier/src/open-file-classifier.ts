import { loadClassifyConfig, loadServingModel } from '@docsort/classify-stage';
import { loadExtractConfig } from '@docsort/extract-stage';
import { loadTaxonomy } from '@docsort/taxonomy';
import { FileClassifier } from './file-classifier.ts';
import { FileTextExtractor } from './file-text-extractor.ts';
import { modelDirectory } from './model-source.ts';

export interface OpenFileClassifierOptions {
  /** A model directory or name@version; the shipped default model when absent. */
  readonly model?: string;
  readonly taxonomyFile?: string;
  /** Overrides DOCSORT_REVIEW_THRESHOLD. */
  readonly reviewThreshold?: number;
  /** Classify from the first N pages' text only (see FileClassifierOptions.firstPages). */
  readonly firstPages?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (message: string) => void;
}

/**
 * A FileClassifier configured as the services are: the extract service's DOCSORT_EXTRACT_* settings, the
 * classify service's DOCSORT_CLASSIFY_THREADS, DOCSORT_REVIEW_THRESHOLD and model cache, both validated.
 */
export async function openFileClassifier(options: OpenFileClassifierOptions = {}): Promise<FileClassifier> {
  const env = options.env ?? process.env;
  const classify = loadClassifyConfig(env);
  const extract = loadExtractConfig(env);
  const taxonomy = loadTaxonomy(options.taxonomyFile);
  const dir = await modelDirectory(options.model, classify.modelCacheDir);
  const model = await loadServingModel(dir, classify.threads, options.log);
  const classifier = new FileClassifier({
    model,
    taxonomy,
    defaultReviewThreshold: options.reviewThreshold ?? classify.defaultReviewThreshold,
    extract,
    ...(options.firstPages ? { firstPages: options.firstPages } : {}),
  });
  await classifier.warmUp();
  return classifier;
}

/** A FileTextExtractor configured as the extract service is (DOCSORT_EXTRACT_*, validated), started. */
export async function openTextExtractor(env: NodeJS.ProcessEnv = process.env): Promise<FileTextExtractor> {
  const extractor = new FileTextExtractor(loadExtractConfig(env));
  await extractor.warmUp();
  return extractor;
}
