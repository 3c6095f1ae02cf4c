export { childDocumentId } from './child-document-id.ts';
export { type ExtractConfig, loadExtractConfig } from './extract-config.ts';
export { createExtractStage, type ExtractStageOptions } from './extract-stage.ts';
export { ExtractionPool, type ExtractionPoolOptions } from './extraction-pool.ts';
