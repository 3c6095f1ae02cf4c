import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { recognizeImages } from './ocr.ts';

export async function extractImage(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  if (!limits.ocr) return { text: '', pageCount: 1, warnings: ['NO_TEXT_LAYER'] };
  return { text: await recognizeImages([bytes]), pageCount: 1, warnings: ['OCR'] };
}
