import type {
  ClassificationFeedback,
  DocumentClassified,
  DocumentFailed,
  TopicCatalog,
} from '@docsort/contracts';
import { classifiedResult, failedResult, type ResultStore } from '@docsort/document-results';
import { DeletionMarkers, type ObjectStore, objectKeys } from '@docsort/object-store';
import { type Stage, topicBinding } from '@docsort/stream-runtime';
import { analyticsOutput } from './analytics-output.ts';

export interface SinkStageOptions {
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly results: ResultStore;
}

const maxDocumentBytes = 512 * 1024 * 1024;

/**
 * documents.classified → results/<documentId>.json, a JSON line for analytics under the day it was classified
 * (written in bulk, see `analyticsOutput`), and the original object tagged with its label and industry.
 * Idempotent: a redelivered record rewrites the same content; an older model's result never replaces a
 * newer one's.
 */
export function createResultSinkStage(options: SinkStageOptions): Stage<DocumentClassified> {
  return {
    name: 'sink-results',
    input: topicBinding(options.catalog.classified),
    outputs: {},
    bulkOutputs: { analytics: analyticsOutput(options.store) },
    async process({ value }) {
      if (!(await options.results.write(classifiedResult(value)))) return [];
      // Originals produced directly or dropped into the inbox live under other keys: no tag for them.
      await options.store.tag(options.store.config.bucket, objectKeys.document(value.documentId), {
        'docsort-label': value.label,
        'docsort-industry': value.industry,
        'docsort-needs-review': String(value.needsReview),
      });
      return [{ to: 'analytics', key: value.documentId, value }];
    },
  };
}

/**
 * documents.dlq → results/<documentId>.json with status `failed`, the stage and the reason — unless the
 * document has a classification (a resubmission made it). Failures with no documentId (undecodable input)
 * stay in the DLQ topic only: there is no document to answer for.
 */
export function createFailureSinkStage(options: SinkStageOptions): Stage<DocumentFailed> {
  return {
    name: 'sink-failures',
    input: topicBinding(options.catalog.dlq),
    outputs: {},
    async process({ value }) {
      if (value.documentId) await options.results.write(failedResult(value.documentId, value));
      return [];
    },
  };
}

/**
 * documents.feedback → training/<correctLabel>/…-feedback-<documentId>: the corrected document becomes a
 * labelled example that the next `docsort train` learns from. A second correction of the same document moves
 * it: `training-feedback/<documentId>` remembers where the copy is.
 */
export function createFeedbackSinkStage(options: SinkStageOptions): Stage<ClassificationFeedback> {
  const { store } = options;
  const exampleKey = objectKeys.feedbackExample;
  const markers = new DeletionMarkers(store);
  return {
    name: 'sink-feedback',
    input: topicBinding(options.catalog.feedback),
    outputs: {},
    async process({ value }) {
      const bucket = store.config.bucket;
      // A document that is gone (retention) fails as OBJECT_MISSING, to the DLQ.
      const document = await store.read(bucket, objectKeys.document(value.documentId), maxDocumentBytes);
      const indexKey = objectKeys.feedbackLabel(value.documentId);
      const previous = (await store.readIfExists(bucket, indexKey, 1024))?.toString('utf8');
      if (previous !== undefined && previous !== value.correctLabel) {
        await store.remove(bucket, exampleKey(previous, value.documentId));
      }
      await store.write(bucket, exampleKey(value.correctLabel, value.documentId), document, {
        'x-amz-meta-docsort-reviewer': value.reviewer,
      });
      await store.write(bucket, indexKey, Buffer.from(value.correctLabel));
      // Erased while this ran (or a replay of feedback for an erased document): no copy stays behind.
      await markers.removeIfDeleted(value.documentId, [
        exampleKey(value.correctLabel, value.documentId),
        indexKey,
      ]);
      return [];
    },
  };
}
