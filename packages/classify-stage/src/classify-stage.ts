import {
  type DocumentClassified,
  type DocumentExtracted,
  PermanentError,
  RetriableError,
  type TopicCatalog,
} from '@docsort/contracts';
import { DeletionMarkers, type ObjectStore, objectKeys } from '@docsort/object-store';
import { type InputRecord, type Stage, type StageOutput, topicBinding } from '@docsort/stream-runtime';
import type { Taxonomy } from '@docsort/taxonomy';
import type { Classification, ServingModel } from '@docsort/text-classifier';
import type { LiveModel } from './live-model.ts';
import { reviewRouting } from './review-routing.ts';

export interface ClassifyStageOptions {
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly model: LiveModel;
  readonly taxonomy: Taxonomy;
  /** Below this confidence a document needs review, unless its label sets its own threshold. */
  readonly defaultReviewThreshold: number;
  readonly topK?: number;
}

interface Prepared {
  readonly classification: Classification;
  readonly classifier: ServingModel;
}

const maxFullTextBytes = 50 * 1024 * 1024;

/**
 * documents.extracted → documents.classified, and documents.review for those below their label's threshold.
 * Inference runs in bulk in `prefetch` (one batch per run of records of a partition); `process` only shapes
 * each record's result, so retries and the DLQ stay per record.
 */
export function createClassifyStage(options: ClassifyStageOptions): Stage<DocumentExtracted> {
  const { catalog, store, model, taxonomy } = options;
  const route = reviewRouting(taxonomy, options.defaultReviewThreshold);
  // Per partition, the results of its latest prefetch: a new prefetch replaces them, so this stays small.
  const prepared = new Map<number, Map<string, Prepared>>();
  const markers = new DeletionMarkers(store);

  /** The model reads the start of a document; a record may carry only a reference to a long text. */
  async function textOf(extracted: DocumentExtracted, signal?: AbortSignal): Promise<string> {
    if (extracted.text.trim() || !extracted.fullText) return extracted.text;
    signal?.throwIfAborted();
    const { bucket, key } = extracted.fullText;
    return (await store.read(bucket, key, maxFullTextBytes)).toString('utf8');
  }

  /**
   * A document routed to review keeps its text beside its original (objectKeys.fullText, where a long one's
   * already is): the review page shows it, and once a reviewer labels it the feedback sink keeps it for
   * shadow evaluation. Only these few documents: storing every document's text would cost a write each.
   */
  async function keepTextForReview(extracted: DocumentExtracted): Promise<void> {
    if (extracted.fullText || !extracted.text.trim()) return;
    const key = objectKeys.fullText(extracted.documentId);
    await store.write(store.config.bucket, key, Buffer.from(extracted.text), {
      'content-type': 'text/plain; charset=utf-8',
    });
    // Erased while this ran: the text goes again (see DeletionMarkers).
    await markers.removeIfDeleted(extracted.documentId, [key]);
  }

  function classifierNow(): ServingModel {
    const classifier = model.current;
    // Not the record's fault: retried (with backoff) until a model is there, never dead-lettered.
    if (!classifier) throw new RetriableError(`no model to classify with: ${model.notReadyReason}`);
    return classifier;
  }

  async function classifyAll(
    records: readonly InputRecord<DocumentExtracted>[],
    signal?: AbortSignal,
  ): Promise<Prepared[]> {
    const classifier = classifierNow();
    const documents = await Promise.all(
      records.map(async (r) => ({ text: await textOf(r.value, signal), filename: r.value.filename })),
    );
    const results = await classifier.classify(documents, options.topK ?? 3);
    return results.map((classification) => ({ classification, classifier }));
  }

  return {
    name: 'classify',
    input: topicBinding(catalog.extracted),
    outputs: { classified: topicBinding(catalog.classified), review: topicBinding(catalog.review) },

    async prefetch(records, { signal }) {
      const results = await classifyAll(records, signal);
      const partition = records[0]?.partition ?? 0;
      prepared.set(partition, new Map(records.map((r, i) => [r.offset, results[i] as Prepared])));
    },

    async process(record, { signal }) {
      const ofPartition = prepared.get(record.partition);
      const ready = ofPartition?.get(record.offset);
      ofPartition?.delete(record.offset);
      const { classification, classifier } = ready ?? ((await classifyAll([record], signal))[0] as Prepared);
      const extracted = record.value;
      const label = classification.label;
      if (!label) throw new PermanentError('INTERNAL', 'the model returned no label');
      const { industry, needsReview, reviewReason } = route(
        label,
        classification.confidence,
        classification.unfamiliar,
      );
      const result: DocumentClassified = {
        documentId: extracted.documentId,
        correlationId: extracted.correlationId,
        label,
        industry,
        confidence: classification.confidence,
        topK: classification.topK.map((s) => ({ label: s.label, score: s.score })),
        model: { name: classifier.manifest.name, version: classifier.manifest.version },
        needsReview,
        filename: extracted.filename,
        tenant: extracted.tenant,
        submittedAt: extracted.submittedAt,
        extractedAt: extracted.extractedAt,
        classifiedAt: Date.now(),
        language: extracted.language,
        format: extracted.detectedFormat,
        pageCount: extracted.pageCount,
        reviewReason,
      };
      const outputs: StageOutput[] = [{ to: 'classified', key: extracted.documentId, value: result }];
      if (result.needsReview) {
        await keepTextForReview(extracted);
        outputs.push({ to: 'review', key: extracted.documentId, value: result });
      }
      return outputs;
    },
  };
}
