import type {
  ClassificationFeedback,
  DocumentClassified,
  DocumentFailed,
  TopicCatalog,
} from '@docsort/contracts';
import {
  classifiedResult,
  failedResult,
  type ResultStore,
  readCorrection,
  writeCorrection,
  writeReviewedDocument,
} from '@docsort/document-results';
import { DeletionMarkers, type ObjectStore, objectKeys } from '@docsort/object-store';
import { type Stage, topicBinding } from '@docsort/stream-runtime';
import { analyticsOutput } from './analytics-output.ts';

export interface SinkStageOptions {
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly results: ResultStore;
}

const maxDocumentBytes = 512 * 1024 * 1024;
const maxTextBytes = 50 * 1024 * 1024;

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
 * stay in the DLQ topic only: there is no document to answer for. A DLQ record it cannot record (e.g. a
 * corrupt stored result) goes to documents.dlq.parked, with the DLQ record as its original and the reason —
 * not back to documents.dlq, where it would come back to this stage forever.
 */
export function createFailureSinkStage(options: SinkStageOptions): Stage<DocumentFailed> {
  return {
    name: 'sink-failures',
    input: topicBinding(options.catalog.dlq),
    outputs: {},
    deadLetter: topicBinding(options.catalog.dlqParked),
    async process({ value }) {
      if (value.documentId) await options.results.write(failedResult(value.documentId, value));
      return [];
    },
  };
}

/**
 * documents.feedback → training/<correctLabel>/…-feedback-<documentId>: the corrected document becomes a
 * labelled example that the next `docsort train` learns from. A tenant's document goes under
 * tenants/<tenant>/ instead, so it never trains what other tenants' documents go through. A second correction
 * of the same document moves it: the stored correction (objectKeys.correction) remembers the label.
 */
export function createFeedbackSinkStage(options: SinkStageOptions): Stage<ClassificationFeedback> {
  const { store } = options;
  const exampleKey = (feedback: ClassificationFeedback, label: string) =>
    feedback.tenant
      ? objectKeys.tenantTrainingExample(
          feedback.tenant,
          label,
          feedback.documentId,
          `feedback-${feedback.documentId}`,
        )
      : objectKeys.trainingExample(label, feedback.documentId, `feedback-${feedback.documentId}`);
  const markers = new DeletionMarkers(store);
  /**
   * reviewed/<documentId>.json: the label with the text the pipeline extracted, which shadow evaluation
   * classifies. The text is the one stored beside the original (a long document's, or one the classify stage
   * sent to review); a document corrected without either has no text to keep and is left out of the set.
   */
  const keepForShadowEvaluation = async (feedback: ClassificationFeedback) => {
    const { bucket } = store.config;
    const text = await store.readIfExists(bucket, objectKeys.fullText(feedback.documentId), maxTextBytes);
    if (!text) return;
    const result = await options.results.read(feedback.documentId);
    await writeReviewedDocument(store, {
      documentId: feedback.documentId,
      tenant: feedback.tenant,
      label: feedback.correctLabel,
      reviewer: feedback.reviewer,
      at: feedback.at,
      filename: result?.status === 'classified' ? result.classification.filename : '',
      text: text.toString('utf8'),
    });
  };
  return {
    name: 'sink-feedback',
    input: topicBinding(options.catalog.feedback),
    outputs: {},
    async process({ value }) {
      const bucket = store.config.bucket;
      // A document that is gone (retention) fails as OBJECT_MISSING, to the DLQ.
      const document = await store.read(bucket, objectKeys.document(value.documentId), maxDocumentBytes);
      const previous = await readCorrection(store, value.documentId);
      if (previous !== undefined && previous.label !== value.correctLabel) {
        await store.remove(bucket, exampleKey(value, previous.label));
      }
      await store.write(bucket, exampleKey(value, value.correctLabel), document, {
        'x-amz-meta-docsort-reviewer': value.reviewer,
      });
      await writeCorrection(store, value.documentId, {
        label: value.correctLabel,
        reviewer: value.reviewer,
        at: value.at,
      });
      await keepForShadowEvaluation(value);
      // Erased while this ran (or a replay of feedback for an erased document): no copy stays behind.
      await markers.removeIfDeleted(value.documentId, [
        exampleKey(value, value.correctLabel),
        objectKeys.correction(value.documentId),
        objectKeys.reviewed(value.documentId),
      ]);
      return [];
    },
  };
}
