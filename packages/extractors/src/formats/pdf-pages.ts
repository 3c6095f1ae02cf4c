import { PermanentError } from '@docsort/contracts';
import { PDFParse } from 'pdf-parse';
import { findProgram, runProgram } from '../native-program.ts';
import { fromPgm, type PreparedImage } from '../ocr/prepare-image.ts';

/**
 * A PDF opened with pdf.js. MUST: isEvalSupported false — pdf.js must not compile font code with eval
 * (CVE-2024-4367), whatever its version; the tests feed it a PDF that tries.
 */
export function openPdf(bytes: Buffer): PDFParse {
  return new PDFParse({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 });
}

/** pdf.js reports what went wrong by error name; map those to reason codes, never an obscure message. */
export function asPermanent(error: unknown): unknown {
  const name = (error as Error)?.name;
  if (name === 'PasswordException') return new PermanentError('ENCRYPTED', 'the PDF is password-protected');
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return new PermanentError('CORRUPT', `the PDF cannot be read: ${(error as Error).message}`);
  }
  return error;
}

/**
 * How a page is drawn: in grayscale at a resolution, for OCR (a bitmap); or in colour with its longer side
 * about `longSide` pixels, for people (a PNG).
 */
export type PageRendering =
  | { readonly kind: 'gray'; readonly dpi: number }
  | { readonly kind: 'colour'; readonly longSide: number };

/** A PDF's longer side in points when it is A4: what pdf.js's scale is reckoned from for `longSide`. */
const a4LongSidePoints = 842;

/**
 * A page renderer: by poppler's pdftoppm where installed (a native process, ~0.07 s a page), else by pdf.js
 * in this thread (~0.8 s: it decodes the page's images in JavaScript and encodes a PNG). pdf.js always gives a
 * PNG; pdftoppm a grayscale bitmap (`gray`) or a PNG (`colour`).
 */
export function pdfPageRenderer(
  bytes: Buffer,
  parser: PDFParse,
  rendering: PageRendering,
  deadlineAt: number,
): (pageNumber: number) => Promise<Buffer | PreparedImage> {
  const withPdfJs = async (pageNumber: number) => {
    const scale = rendering.kind === 'gray' ? rendering.dpi / 72 : rendering.longSide / a4LongSidePoints;
    const { pages: shots } = await parser.getScreenshot({
      partial: [pageNumber],
      scale,
      imageBuffer: true,
      imageDataUrl: false,
    });
    return Buffer.from(shots[0]?.data ?? []);
  };
  const pdftoppm = findProgram('pdftoppm');
  if (!pdftoppm) return withPdfJs;
  return async (pageNumber) => {
    const page = String(pageNumber);
    const size =
      rendering.kind === 'gray'
        ? ['-r', String(rendering.dpi), '-gray']
        : ['-scale-to', String(rendering.longSide), '-png'];
    const args = [...size, '-f', page, '-l', page, 'fd://0'];
    try {
      const output = await runProgram(pdftoppm, args, bytes, deadlineAt);
      return rendering.kind === 'gray' ? fromPgm(output) : output;
    } catch (error) {
      // A damaged file poppler refuses may still render in pdf.js, which is more forgiving; a deadline is final.
      if (error instanceof PermanentError) throw error;
      return withPdfJs(pageNumber);
    }
  };
}

/**
 * Page `pageNumber` (from 1) of a PDF as a colour PNG for people to look at (none past the last page), and
 * the PDF's page count. Bad PDFs fail as PermanentError (CORRUPT, ENCRYPTED).
 */
export async function renderPdfPage(
  bytes: Buffer,
  pageNumber: number,
  options: { readonly longSide: number; readonly deadlineAt: number },
): Promise<{ readonly png: Buffer | undefined; readonly pageCount: number }> {
  const parser = openPdf(bytes);
  try {
    const { total } = await parser.getInfo();
    if (pageNumber < 1 || pageNumber > total) return { png: undefined, pageCount: total };
    const render = pdfPageRenderer(
      bytes,
      parser,
      { kind: 'colour', longSide: options.longSide },
      options.deadlineAt,
    );
    const png = await render(pageNumber);
    if (!Buffer.isBuffer(png)) throw new Error('a colour rendering came back as a bitmap');
    return { png, pageCount: total };
  } catch (error) {
    throw asPermanent(error);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
