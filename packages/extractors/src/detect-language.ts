import { eld } from 'eld/extrasmall';
import type { OcrLanguageCode } from './ocr/ocr-settings.ts';

/** Tesseract's language codes (ISO 639-2/T, as its model files are named) by ISO 639-1 code. */
const tesseractCodes: Record<string, OcrLanguageCode> = {
  en: 'eng',
  fr: 'fra',
  de: 'deu',
  es: 'spa',
  it: 'ita',
  nl: 'nld',
  pt: 'por',
  pl: 'pol',
};

/** Enough text for a reliable answer; more only costs time (a 40-page statement is one language). */
const sampleChars = 20_000;

/**
 * The language of a document's text as an ISO 639-1 code (`fr`), or null when there is too little text or
 * the detector is unsure (numbers, names and OCR noise are common in documents).
 */
export function detectLanguage(text: string): string | null {
  const result = eld.detect(text.slice(0, sampleChars));
  return result.language && result.isReliable() ? result.language : null;
}

/** The Tesseract model for an ISO 639-1 code, if docsort knows one. */
export function tesseractLanguage(language: string | null): string | undefined {
  return language ? tesseractCodes[language] : undefined;
}
