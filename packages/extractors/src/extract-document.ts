import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PermanentError } from '@docsort/contracts';
import { type DetectedFormat, detectFormat } from './detect-format.ts';
import { detectLanguage } from './detect-language.ts';
import { type ExtractionContext, unboundedContext } from './extraction-context.ts';
import { defaultExtractionLimits, type ExtractionLimits } from './extraction-limits.ts';
import type { ExtractionResult, FormatExtraction, PageSpan, PageText } from './extraction-result.ts';
import { extractDocx } from './formats/docx.ts';
import { extractEml } from './formats/eml.ts';
import { extractHtml } from './formats/html.ts';
import { extractImage } from './formats/image.ts';
import { extractMsg } from './formats/msg.ts';
import { extractPdf } from './formats/pdf.ts';
import { extractCsv, extractText } from './formats/text.ts';
import { extractXlsx } from './formats/xlsx.ts';
import { extractZip } from './formats/zip.ts';
import { normalizeText } from './normalize-text.ts';
import { zipPreflight } from './zip-preflight.ts';

type FormatExtractor = (
  bytes: Buffer,
  limits: ExtractionLimits,
  context: ExtractionContext,
) => Promise<FormatExtraction>;

const require = createRequire(import.meta.url);

const versions = new Map<string, string>();

/**
 * A dependency's version, from its package.json (not every package exports that file). Looked up once per
 * library: resolving and reading it per document cost ~1 ms of extract's CPU per document (profiled).
 */
function versionOf(pkg: string): string {
  let version = versions.get(pkg);
  if (version === undefined) {
    version = readVersion(pkg);
    versions.set(pkg, version);
  }
  return version;
}

function readVersion(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version: string;
      };
      if (name === pkg) return version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Each format's extractor and the library (with its version) that does the work, for the record. */
const extractors: Record<string, { extract: FormatExtractor; library: string }> = {
  pdf: { extract: extractPdf, library: 'pdf-parse' },
  docx: { extract: extractDocx, library: 'mammoth' },
  xlsx: { extract: extractXlsx, library: 'exceljs' },
  csv: { extract: extractCsv, library: 'chardet' },
  text: { extract: extractText, library: 'chardet' },
  html: { extract: extractHtml, library: 'html-to-text' },
  eml: { extract: extractEml, library: 'mailparser' },
  msg: { extract: extractMsg, library: '@kenjiuno/msgreader' },
  zip: { extract: extractZip, library: 'yauzl' },
  png: { extract: extractImage, library: 'sharp' },
  jpeg: { extract: extractImage, library: 'sharp' },
  tiff: { extract: extractImage, library: 'sharp' },
  webp: { extract: extractImage, library: 'sharp' },
};

const zipContainers = new Set(['docx', 'xlsx', 'zip']);

/**
 * The text of a document, whatever its format. Bad input is a PermanentError with its reason code
 * (EMPTY, UNSUPPORTED_TYPE, ENCRYPTED, CORRUPT, TOO_LARGE), never a parser's own exception.
 */
export async function extractDocument(
  bytes: Buffer,
  limits: ExtractionLimits = defaultExtractionLimits,
  context: ExtractionContext = unboundedContext(),
): Promise<ExtractionResult> {
  if (bytes.length > limits.maxInputBytes) {
    throw new PermanentError(
      'TOO_LARGE',
      `the file has ${bytes.length} bytes, more than ${limits.maxInputBytes}`,
    );
  }
  const detected: DetectedFormat = await detectFormat(bytes);
  const extractor = extractors[detected.format];
  if (!extractor) throw new PermanentError('UNSUPPORTED_TYPE', `no extractor for ${detected.format}`);
  if (zipContainers.has(detected.format)) await zipPreflight(bytes, limits);
  const extraction = await extractor.extract(bytes, limits, context);
  const warnings = [...(extraction.warnings ?? [])];
  let { text, pages } = extraction.pages
    ? joinPages(extraction.pages)
    : { text: normalizeText(extraction.text ?? ''), pages: null };
  if (text.length > limits.maxTextChars) {
    text = text.slice(0, limits.maxTextChars);
    pages = pages && clipPages(pages, text.length);
    warnings.push('TEXT_TRUNCATED');
  }
  if (!text && !warnings.includes('NO_TEXT_LAYER')) warnings.push('NO_TEXT');
  return {
    format: detected.format,
    mediaType: detected.mediaType,
    text,
    pageCount: extraction.pageCount ?? null,
    pages,
    language: extraction.language ?? detectLanguage(text),
    warnings,
    children: extraction.children ?? [],
    extractor: { name: extractor.library, version: versionOf(extractor.library) },
    ocrEngine: extraction.ocrEngine ?? null,
  };
}

/** Between two pages' text: a blank line, as normalizeText makes of a form feed. */
const pageSeparator = '\n\n';

/** The pages' normalised texts joined, with each one's place in the result. */
function joinPages(pages: readonly PageText[]): { text: string; pages: PageSpan[] } {
  const spans: PageSpan[] = [];
  const parts: string[] = [];
  let offset = 0;
  pages.forEach((page, index) => {
    const text = normalizeText(page.text);
    if (index > 0) offset += pageSeparator.length;
    spans.push({ number: index + 1, start: offset, end: offset + text.length, source: page.source });
    parts.push(text);
    offset += text.length;
  });
  return { text: parts.join(pageSeparator), pages: spans };
}

/** Spans cut to a text shortened to `length` characters. */
function clipPages(pages: readonly PageSpan[], length: number): PageSpan[] {
  return pages.map((page) => ({
    ...page,
    start: Math.min(page.start, length),
    end: Math.min(page.end, length),
  }));
}
