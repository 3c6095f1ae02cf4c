/** A file found inside a container (an e-mail attachment, a ZIP entry): it becomes a document of its own. */
export interface ChildDocument {
  readonly filename: string;
  readonly contentType: string | null;
  readonly content: Buffer;
}

/** How a page's text was got: its text layer, OCR, or not at all (beyond the OCR page limit). */
export type PageSource = 'text' | 'ocr' | 'not_read';

/** Where a page is in the document's text: characters [start, end). */
export interface PageSpan {
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly source: PageSource;
}

export interface ExtractionResult {
  /** Short format name: pdf, docx, xlsx, csv, html, text, eml, zip, png, jpeg, tiff, webp. */
  readonly format: string;
  readonly mediaType: string;
  readonly text: string;
  readonly pageCount: number | null;
  /** For paged formats (PDF, images): each page's place in `text` and how it was read; null otherwise. */
  readonly pages: readonly PageSpan[] | null;
  /** The text's language, ISO 639-1 (`fr`), or null when too little text or unsure. */
  readonly language: string | null;
  /** Codes: NO_TEXT_LAYER, OCR, OCR_PAGES_LIMITED, TEXT_TRUNCATED, CHILDREN_TRUNCATED, … */
  readonly warnings: readonly string[];
  readonly children: readonly ChildDocument[];
  readonly extractor: { readonly name: string; readonly version: string };
  /** The OCR engine that read pages of this document, if any. */
  readonly ocrEngine: { readonly name: string; readonly version: string } | null;
}

/** A page's text as its format's extractor got it. */
export interface PageText {
  readonly text: string;
  readonly source: PageSource;
}

/**
 * What a format's extractor returns: its text, or its pages (then the dispatcher joins them and keeps the
 * boundaries). The dispatcher adds format, media type, normalisation and language.
 */
export interface FormatExtraction {
  readonly text?: string;
  readonly pages?: readonly PageText[];
  readonly pageCount?: number | null;
  readonly warnings?: readonly string[];
  readonly children?: readonly ChildDocument[];
  /** Set when OCR already detected it. */
  readonly language?: string | null;
  readonly ocrEngine?: { readonly name: string; readonly version: string };
}
