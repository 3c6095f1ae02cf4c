export { childDocumentId } from './child-document-id.ts';
export { type ExtractConfig, loadExtractConfig } from './extract-config.ts';
export { createExtractStage, documentKey, type ExtractStageOptions, fullTextKey } from './extract-stage.ts';
export { ExtractionPool, type ExtractionPoolOptions } from './extraction-pool.ts';
