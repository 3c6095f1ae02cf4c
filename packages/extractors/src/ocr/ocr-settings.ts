/** Which OCR program reads images: native Tesseract when installed, else Tesseract compiled to WebAssembly. */
export type OcrEngineChoice = 'auto' | 'tesseract' | 'tesseract.js';

/**
 * How a page's language is chosen. `detect`: read it with the first language, detect what the text is in, and
 * read it again with that language's model when it differs. `combined`: one pass with every language loaded
 * (same error rate, 1.4× slower with eight languages: `pnpm bench:extract -- --profile scans`).
 */
export type OcrLanguageMode = 'detect' | 'combined';

/**
 * The languages docsort can OCR, as Tesseract names its models: Debian's tesseract-ocr-* packages that
 * bootstrap.sh and the extract image install, and the fallback's @tesseract.js-data/* npm packages.
 */
export const ocrLanguageCodes = ['eng', 'fra', 'deu', 'spa', 'ita', 'nld', 'por', 'pol'] as const;
export type OcrLanguageCode = (typeof ocrLanguageCodes)[number];

export interface OcrSettings {
  /** Tesseract language codes (eng, fra, deu…); the first is the first pass's. */
  readonly languages: readonly string[];
  readonly engine: OcrEngineChoice;
  readonly languageMode: OcrLanguageMode;
}

export const defaultOcrSettings: OcrSettings = {
  languages: ocrLanguageCodes,
  engine: 'auto',
  languageMode: 'detect',
};
