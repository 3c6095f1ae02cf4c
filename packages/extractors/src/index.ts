export { type DetectedFormat, detectFormat } from './detect-format.ts';
export { extractDocument } from './extract-document.ts';
export { defaultExtractionLimits, type ExtractionLimits } from './extraction-limits.ts';
export type { ChildDocument, ExtractionResult } from './extraction-result.ts';
export { terminateOcr } from './formats/ocr.ts';
export { normalizeText } from './normalize-text.ts';
