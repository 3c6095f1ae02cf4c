/** A file found inside a container (an e-mail attachment, a ZIP entry): it becomes a document of its own. */
export interface ChildDocument {
  readonly filename: string;
  readonly contentType: string | null;
  readonly content: Buffer;
}

export interface ExtractionResult {
  /** Short format name: pdf, docx, xlsx, csv, html, text, eml, zip, png, jpeg, tiff, webp. */
  readonly format: string;
  readonly mediaType: string;
  readonly text: string;
  readonly pageCount: number | null;
  /** Codes: NO_TEXT_LAYER, OCR, TEXT_TRUNCATED, CHILDREN_TRUNCATED, … */
  readonly warnings: readonly string[];
  readonly children: readonly ChildDocument[];
  readonly extractor: { readonly name: string; readonly version: string };
}

/** What a format's extractor returns; the dispatcher adds format, media type and normalisation. */
export interface FormatExtraction {
  readonly text: string;
  readonly pageCount?: number | null;
  readonly warnings?: readonly string[];
  readonly children?: readonly ChildDocument[];
}
