import type { Classification, DocumentInput } from './text-classifier.ts';
import { TextClassifier } from './text-classifier.ts';

export interface ClassifyJob {
  readonly dir: string;
  readonly documents: readonly DocumentInput[];
  readonly topK: number;
}

// One model per worker thread, loaded on its first job (and again only for another model directory).
let loaded: { dir: string; classifier: Promise<TextClassifier> } | undefined;

export default async function classify(job: ClassifyJob): Promise<Classification[]> {
  if (loaded?.dir !== job.dir) loaded = { dir: job.dir, classifier: TextClassifier.load(job.dir) };
  return (await loaded.classifier).classify(job.documents, job.topK);
}
