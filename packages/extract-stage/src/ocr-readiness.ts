import { type OcrSettings, ocrEngine } from '@docsort/extractors';

export interface OcrReadiness {
  readonly engine: string;
  readonly version: string;
  /** Of the configured languages, those the engine has models for. */
  readonly languages: readonly string[];
  /** Configured languages without a model: skipped. */
  readonly missing: readonly string[];
  readonly mode: OcrSettings['languageMode'];
  /** `auto` found no native Tesseract and uses tesseract.js: worth a warning (a deliberate choice is not). */
  readonly fellBack: boolean;
}

/** What OCR will run with, for the start-up log: the fallback engine or a missing language must show. */
export function ocrReadiness(settings: OcrSettings): OcrReadiness {
  const engine = ocrEngine(settings.engine);
  const languages = engine.available(settings.languages);
  return {
    engine: engine.name,
    version: engine.version,
    languages,
    missing: settings.languages.filter((language) => !languages.includes(language)),
    mode: settings.languageMode,
    fellBack: settings.engine === 'auto' && engine.name !== 'tesseract',
  };
}
