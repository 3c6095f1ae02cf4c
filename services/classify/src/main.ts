// The classify service: documents.extracted → documents.classified (+ documents.review). Wiring only; the
// logic is in packages/.
import {
  createClassifyStage,
  LiveModel,
  loadClassifyConfig,
  ModelWatcher,
  shadowEvaluationGauges,
} from '@docsort/classify-stage';
import { ModelRegistry } from '@docsort/model-registry';
import { classificationObserver } from '@docsort/pipeline-metrics';
import {
  createServiceContext,
  runService,
  serveOperationsEndpoints,
  stageRuntime,
} from '@docsort/service-bootstrap';
import { runUntilSignal } from '@docsort/stream-runtime';
import { industryOf, labelNames, loadTaxonomy } from '@docsort/taxonomy';

await runService('classify', async (logger) => {
  const context = await createServiceContext('classify', logger);
  const { client, store, metrics } = context;
  const config = loadClassifyConfig();
  const model = new LiveModel();
  const watcher = new ModelWatcher({
    registry: new ModelRegistry({ store, bucket: store.config.bucket }),
    name: config.modelName,
    version: config.modelVersion,
    cacheDir: config.modelCacheDir,
    model,
    logger,
    threads: config.threads,
  });
  await watcher.start(context.kafka, client.topics.modelPublished);
  const taxonomy = loadTaxonomy();
  const stage = createClassifyStage({
    catalog: client.topics,
    store,
    model,
    taxonomy,
    defaultReviewThreshold: config.defaultReviewThreshold,
  });
  shadowEvaluationGauges(metrics.registry, () => model.current?.manifest);
  const runtime = stageRuntime(context, stage, {
    observers: [
      classificationObserver(metrics.registry, {
        output: 'classified',
        driftWindow: config.driftWindow,
        labels: labelNames(taxonomy).map((label) => ({ label, industry: industryOf(taxonomy, label) })),
        servedModel: () => {
          const serving = model.current;
          return serving && { ...serving.manifest, backend: serving.backend };
        },
      }),
    ],
  });
  logger.info(
    {
      input: client.topics.extracted.name,
      model: config.modelName,
      version: config.modelVersion,
      ready: model.ready,
      ...(model.ready ? {} : { notReady: model.notReadyReason }),
    },
    'classify service starting',
  );
  const endpoints = await serveOperationsEndpoints(context, {
    defaultPort: 9102,
    runtimes: [runtime],
    checks: {
      model: async () =>
        model.ready ? { ok: true } : { ok: false, reason: model.notReadyReason ?? 'no model' },
    },
  });
  await runUntilSignal(runtime);
  await endpoints.close();
  await watcher.stop();
});
