import { PermanentError } from '@docsort/contracts';
import { PDFParse } from 'pdf-parse';
import type { ExtractionContext } from '../extraction-context.ts';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction, PageText } from '../extraction-result.ts';
import { findProgram, runProgram } from '../native-program.ts';
import { fromPgm, type PreparedImage } from '../ocr/prepare-image.ts';
import { readPages } from '../ocr/read-pages.ts';

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

/**
 * A scanned page as a grayscale bitmap: by poppler's pdftoppm where installed (a native process, ~0.07 s a
 * page), else by pdf.js in this thread (~0.8 s: it decodes the page's JPEG in JavaScript and encodes a PNG).
 */
function pageRenderer(
  bytes: Buffer,
  parser: PDFParse,
  deadlineAt: number,
): (pageNumber: number) => Promise<Buffer | PreparedImage> {
  const withPdfJs = async (pageNumber: number) => {
    const { pages: shots } = await parser.getScreenshot({
      partial: [pageNumber],
      scale: renderDpi / 72,
      imageBuffer: true,
      imageDataUrl: false,
    });
    return Buffer.from(shots[0]?.data ?? []);
  };
  const pdftoppm = findProgram('pdftoppm');
  if (!pdftoppm) return withPdfJs;
  return async (pageNumber) => {
    const page = String(pageNumber);
    const args = ['-r', String(renderDpi), '-gray', '-f', page, '-l', page, 'fd://0'];
    try {
      return fromPgm(await runProgram(pdftoppm, args, bytes, deadlineAt));
    } catch (error) {
      // A damaged file poppler refuses may still render in pdf.js, which is more forgiving; a deadline is final.
      if (error instanceof PermanentError) throw error;
      return withPdfJs(pageNumber);
    }
  };
}

/** pdf.js reports what went wrong by error name; map those to reason codes, never an obscure message. */
function asPermanent(error: unknown): unknown {
  const name = (error as Error)?.name;
  if (name === 'PasswordException') return new PermanentError('ENCRYPTED', 'the PDF is password-protected');
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return new PermanentError('CORRUPT', `the PDF cannot be read: ${(error as Error).message}`);
  }
  return error;
}

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
  // MUST: isEvalSupported false — pdf.js must not compile font code with eval (CVE-2024-4367), whatever
  // its version; the tests feed it a PDF that tries.
  const parser = new PDFParse({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 });
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
    const render = pageRenderer(bytes, parser, context.deadlineAt);
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
