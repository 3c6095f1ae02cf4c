export { type DetectedFormat, detectFormat } from './detect-format.ts';
export { detectLanguage } from './detect-language.ts';
export { extractDocument } from './extract-document.ts';
export { type ExtractionContext, unboundedContext } from './extraction-context.ts';
export { defaultExtractionLimits, type ExtractionLimits } from './extraction-limits.ts';
export type { ChildDocument, ExtractionResult, PageSource, PageSpan } from './extraction-result.ts';
export { normalizeText } from './normalize-text.ts';
export { closeOcrEngines, ocrEngine } from './ocr/choose-engine.ts';
export { type OcrEngine, ocrReadingRevision } from './ocr/ocr-engine.ts';
export {
  defaultOcrSettings,
  type OcrEngineChoice,
  type OcrLanguageCode,
  type OcrLanguageMode,
  type OcrSettings,
  ocrLanguageCodes,
} from './ocr/ocr-settings.ts';
export { OcrSlots } from './ocr/ocr-slots.ts';
export { type PageImage, renderPageImage } from './page-image.ts';
