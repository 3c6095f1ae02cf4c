export { childDocumentId } from '@docsort/contracts';
export { type ExtractConfig, extractRecordTimeoutMs, loadExtractConfig } from './extract-config.ts';
export { createExtractStage, type ExtractStageOptions } from './extract-stage.ts';
export { ExtractionPool, type ExtractionPoolOptions } from './extraction-pool.ts';
export { type OcrReadiness, ocrReadiness } from './ocr-readiness.ts';
