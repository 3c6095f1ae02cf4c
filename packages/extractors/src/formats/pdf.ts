import { PermanentError } from '@docsort/contracts';
import { PDFParse } from 'pdf-parse';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { recognizeImages } from './ocr.ts';

/** pdf.js reports what went wrong by error name; map those to reason codes, never an obscure message. */
function asPermanent(error: unknown): unknown {
  const name = (error as Error)?.name;
  if (name === 'PasswordException') return new PermanentError('ENCRYPTED', 'the PDF is password-protected');
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return new PermanentError('CORRUPT', `the PDF cannot be read: ${(error as Error).message}`);
  }
  return error;
}

export async function extractPdf(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  // MUST: isEvalSupported false — pdf.js must not compile font code with eval (CVE-2024-4367), whatever
  // its version; the tests feed it a PDF that tries.
  const parser = new PDFParse({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 });
  try {
    const { total } = await parser.getInfo();
    if (total > limits.maxPages) {
      throw new PermanentError('TOO_LARGE', `the PDF has ${total} pages, more than ${limits.maxPages}`);
    }
    const { text } = await parser.getText({ pageJoiner: '\n\f\n' });
    const plain = text.replace(/\f/g, '').trim();
    if (plain.length > 0) return { text, pageCount: total };
    // No text layer: a scan. OCR its first pages when allowed.
    if (!limits.ocr) return { text: '', pageCount: total, warnings: ['NO_TEXT_LAYER'] };
    const pages = Math.min(total, limits.maxOcrPages);
    const { pages: shots } = await parser.getScreenshot({
      first: pages,
      scale: 2,
      imageBuffer: true,
      imageDataUrl: false,
    });
    const ocrText = await recognizeImages(shots.map((shot) => Buffer.from(shot.data)));
    const warnings = ['NO_TEXT_LAYER', 'OCR'];
    if (pages < total) warnings.push('OCR_PAGES_LIMITED');
    return { text: ocrText, pageCount: total, warnings };
  } catch (error) {
    throw asPermanent(error);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
