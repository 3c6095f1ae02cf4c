/** Which OCR program reads images: native Tesseract when installed, else Tesseract compiled to WebAssembly. */
export type OcrEngineChoice = 'auto' | 'tesseract' | 'tesseract.js';

/**
 * How a page's language is chosen. `detect`: read it with the first language, detect what the text is in, and
 * read it again with that language's model when it differs. `combined`: one pass with every language loaded
 * (about twice as slow per page with seven languages, measured: `pnpm bench:ocr`).
 */
export type OcrLanguageMode = 'detect' | 'combined';

export interface OcrSettings {
  /** Tesseract language codes (eng, fra, deu…); the first is the first pass's. */
  readonly languages: readonly string[];
  readonly engine: OcrEngineChoice;
  readonly languageMode: OcrLanguageMode;
}

export const defaultOcrSettings: OcrSettings = {
  languages: ['eng', 'fra', 'deu', 'spa', 'ita', 'nld', 'por', 'pol'],
  engine: 'auto',
  languageMode: 'detect',
};
