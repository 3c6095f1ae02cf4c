import type { ExtractionContext } from '../extraction-context.ts';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { readPages } from '../ocr/read-pages.ts';

export async function extractImage(
  bytes: Buffer,
  limits: ExtractionLimits,
  context: ExtractionContext,
): Promise<FormatExtraction> {
  if (!limits.ocr) return { text: '', pageCount: 1, warnings: ['NO_TEXT_LAYER'] };
  const read = await readPages([async () => bytes], limits.ocrSettings, context);
  return {
    pages: [{ text: read.texts[0] ?? '', source: 'ocr' }],
    pageCount: 1,
    warnings: ['OCR'],
    language: read.language,
    ocrEngine: read.engine,
  };
}
