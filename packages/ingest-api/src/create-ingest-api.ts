import type { ConfluentAvroSerde } from '@docsort/avro-serde';
import {
  type ClassificationFeedback,
  type DocumentIncoming,
  messageSchema,
  type TopicCatalog,
} from '@docsort/contracts';
import { ResultStore } from '@docsort/document-results';
import type { ObjectStore } from '@docsort/object-store';
import { type ReviewConfig, ReviewQueue, reviewMetrics } from '@docsort/review-queue';
import { recordPublisher } from '@docsort/stream-runtime';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { deleteDocument, documentDeletionDeps } from './document-deletion.ts';
import { DocumentSubmitter } from './document-submitter.ts';
import { buildIngestApi, type IngestApiDeps } from './http-api.ts';
import type { IngestConfig } from './ingest-config.ts';

/**
 * The API wired to its topics and store: uploads to documents.incoming, feedback (and reviewers' labels) to
 * documents.feedback, erasures to documents.deleted; the review queue in the store.
 */
export async function createIngestApi(deps: {
  readonly config: IngestConfig;
  readonly catalog: TopicCatalog;
  readonly store: ObjectStore;
  readonly producer: Producer;
  readonly serde: ConfluentAvroSerde;
  /** The labels feedback may name (labelNames(taxonomy)). */
  readonly labels: readonly string[];
  readonly isProducerReady: () => boolean;
  readonly onExchange?: IngestApiDeps['onExchange'];
  readonly metrics?: IngestApiDeps['metrics'];
  readonly readinessChecks?: IngestApiDeps['readinessChecks'];
  readonly logger?: IngestApiDeps['logger'];
  /** The review queue's settings (default: defaultReviewConfig). */
  readonly review?: ReviewConfig;
  /** Where the review metrics go (the service's registry, served by `metrics`); none if unset. */
  readonly registry?: Parameters<typeof reviewMetrics>[0];
}): Promise<FastifyInstance> {
  const { config, catalog, store, producer, serde } = deps;
  const submitter = new DocumentSubmitter({
    store,
    producer,
    serializer: await serde.serializer<DocumentIncoming>(
      catalog.incoming.subject,
      messageSchema('DocumentIncoming'),
    ),
    topic: catalog.incoming.name,
    maxUploadBytes: config.maxUploadBytes,
    deduplicate: config.deduplicate,
    inlineMaxBytes: config.inlineMaxBytes,
  });
  const deletion = await documentDeletionDeps({ store, producer, serde, catalog });
  const reviewQueue = new ReviewQueue(store, deps.review ? { config: deps.review } : {});
  return buildIngestApi({
    config,
    submitter,
    store,
    isProducerReady: deps.isProducerReady,
    results: new ResultStore(store),
    sendFeedback: recordPublisher(
      producer,
      await serde.serializer<ClassificationFeedback>(
        catalog.feedback.subject,
        messageSchema('ClassificationFeedback'),
      ),
      catalog.feedback.name,
      (feedback) => feedback.documentId,
    ),
    labels: deps.labels,
    onExchange: deps.onExchange,
    metrics: deps.metrics,
    readinessChecks: deps.readinessChecks,
    logger: deps.logger,
    eraseDocument: (documentId, requestedBy) => deleteDocument(deletion, documentId, requestedBy),
    review: {
      queue: reviewQueue,
      ...(deps.registry
        ? { onReviewed: reviewMetrics(deps.registry, reviewQueue, { labels: deps.labels }) }
        : {}),
    },
  });
}
