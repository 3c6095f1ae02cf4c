// The extract service: documents.incoming → documents.extracted. Wiring only; the logic is in packages/.
import {
  createExtractStage,
  ExtractionPool,
  extractRecordTimeoutMs,
  loadExtractConfig,
  ocrReadiness,
} from '@docsort/extract-stage';
import { extractionObserver } from '@docsort/pipeline-metrics';
import {
  createServiceContext,
  runService,
  serveOperationsEndpoints,
  stageRuntime,
} from '@docsort/service-bootstrap';
import { runUntilSignal } from '@docsort/stream-runtime';

await runService('extract', async (logger) => {
  const context = await createServiceContext('extract', logger);
  const extract = loadExtractConfig();
  const { client, store, metrics } = context;
  await store.ensureBucket(store.config.bucket);
  const pool = new ExtractionPool({
    threads: extract.threads,
    deadlineMs: extract.deadlineMs,
    maxHeapMb: extract.maxHeapMb,
  });
  await pool.warmUp();
  const runtime = stageRuntime(
    context,
    createExtractStage({ catalog: client.topics, store, pool, ...extract }),
    {
      observers: [extractionObserver(metrics.registry, { output: 'extracted' })],
      runtime: { recordTimeoutMs: extractRecordTimeoutMs(extract) },
    },
  );
  const ocr = ocrReadiness(extract.limits.ocrSettings);
  if (ocr.fellBack) {
    logger.warn(
      'native Tesseract not found on PATH: OCR falls back to tesseract.js (slower, no 90° rotation)',
    );
  }
  if (ocr.missing.length) {
    logger.warn({ missing: ocr.missing }, 'no OCR model for some DOCSORT_OCR_LANGUAGES: they are skipped');
  }
  logger.info(
    { threads: pool.threads, input: client.topics.incoming.name, ocr, deadlineMs: extract.deadlineMs },
    'extract service starting',
  );
  const endpoints = await serveOperationsEndpoints(context, { defaultPort: 9101, runtimes: [runtime] });
  await runUntilSignal(runtime);
  await endpoints.close();
  await pool.close();
});
