// The sink service: documents.classified, documents.dlq, documents.feedback and documents.review → the
// object store. Wiring only; the logic is in packages/.
import { ResultStore } from '@docsort/document-results';
import { deadLetterObserver } from '@docsort/pipeline-metrics';
import { createReviewFilingStage, ReviewQueue } from '@docsort/review-queue';
import {
  createServiceContext,
  runService,
  serveOperationsEndpoints,
  stageRuntime,
} from '@docsort/service-bootstrap';
import { createFailureSinkStage, createFeedbackSinkStage, createResultSinkStage } from '@docsort/sink-stage';
import { runUntilSignal } from '@docsort/stream-runtime';

await runService('sink', async (logger) => {
  const context = await createServiceContext('sink', logger);
  const { client, store, metrics } = context;
  await store.ensureBucket(store.config.bucket);
  const options = { catalog: client.topics, store, results: new ResultStore(store) };
  // One runtime (and consumer group) per input topic: each keeps its own offsets, retries and DLQ.
  const runtimes = [
    stageRuntime(context, createResultSinkStage(options)),
    stageRuntime(context, createFailureSinkStage(options), {
      observers: [deadLetterObserver(metrics.registry)],
    }),
    stageRuntime(context, createFeedbackSinkStage(options)),
    stageRuntime(
      context,
      createReviewFilingStage({ catalog: client.topics, store, queue: new ReviewQueue(store) }),
    ),
  ];
  logger.info({ bucket: store.config.bucket }, 'sink service starting');
  const endpoints = await serveOperationsEndpoints(context, { defaultPort: 9103, runtimes });
  await runUntilSignal(...runtimes);
  await endpoints.close();
});
