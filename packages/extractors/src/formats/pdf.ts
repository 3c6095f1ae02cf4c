import { PermanentError } from '@docsort/contracts';
import type { ExtractionContext } from '../extraction-context.ts';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction, PageText } from '../extraction-result.ts';
import { readPages } from '../ocr/read-pages.ts';
import { asPermanent, openPdf, pdfPageRenderer } from './pdf-pages.ts';

/**
 * A page whose text layer has fewer characters than this (spaces aside) is a scan: a page number stamped by
 * the scanner is not the page's text, while a born-digital page may well hold only a few words.
 */
const minTextLayerChars = 4;

/**
 * Resolution scanned pages are rendered at: an A4 page's longer side comes to ~2300 px, where Tesseract reads
 * body text well (`pnpm bench:extract -- --profile scans`).
 */
const renderDpi = 200;

const hasTextLayer = (text: string) => text.replace(/\s/g, '').length >= minTextLayerChars;

/**
 * Every page's text layer, with page boundaries; pages without one (scans, or the scanned pages of a mixed
 * PDF) are OCR'd, the first `maxOcrPages` of them.
 */
export async function extractPdf(
  bytes: Buffer,
  limits: ExtractionLimits,
  context: ExtractionContext,
): Promise<FormatExtraction> {
  const parser = openPdf(bytes);
  try {
    const { total } = await parser.getInfo();
    if (total > limits.maxPages) {
      throw new PermanentError('TOO_LARGE', `the PDF has ${total} pages, more than ${limits.maxPages}`);
    }
    const { pages: layers } = await parser.getText();
    const pages: PageText[] = layers.map((layer) => ({ text: layer.text, source: 'text' }));
    const scanned = layers.filter((layer) => !hasTextLayer(layer.text)).map((layer) => layer.num);
    if (scanned.length === 0) return { pages, pageCount: total };

    const warnings: string[] = [];
    if (scanned.length === total) warnings.push('NO_TEXT_LAYER');
    if (!limits.ocr) return { pages, pageCount: total, warnings };
    const toRead = scanned.slice(0, limits.maxOcrPages);
    const render = pdfPageRenderer(bytes, parser, { kind: 'gray', dpi: renderDpi }, context.deadlineAt);
    const read = await readPages(
      toRead.map((pageNumber) => () => render(pageNumber)),
      limits.ocrSettings,
      context,
    );
    toRead.forEach((pageNumber, i) => {
      pages[pageNumber - 1] = { text: read.texts[i] ?? '', source: 'ocr' };
    });
    for (const pageNumber of scanned.slice(limits.maxOcrPages)) {
      pages[pageNumber - 1] = { text: pages[pageNumber - 1]?.text ?? '', source: 'not_read' };
    }
    warnings.push('OCR');
    if (toRead.length < scanned.length) warnings.push('OCR_PAGES_LIMITED');
    return { pages, pageCount: total, warnings, language: read.language, ocrEngine: read.engine };
  } catch (error) {
    throw asPermanent(error);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
