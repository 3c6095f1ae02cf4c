import type { PreparedImage } from './prepare-image.ts';

/** What OCR read on a page, and how sure it was (mean word confidence, 0–100). */
export interface PageReading {
  readonly text: string;
  readonly confidence: number;
}

/** Something that reads the text of a prepared page image. */
export interface OcrEngine {
  /** `tesseract` (native) or `tesseract.js` (WebAssembly): the `engine` label of the OCR metrics. */
  readonly name: 'tesseract' | 'tesseract.js';
  readonly version: string;
  /** Of `wanted`, the languages this engine has models for (the rest are skipped, with a warning at start). */
  available(wanted: readonly string[]): readonly string[];
  /** The page's text, read with the models of `languages`; rejects when `deadlineAt` (epoch ms) passes. */
  recognize(image: PreparedImage, languages: readonly string[], deadlineAt: number): Promise<PageReading>;
  /**
   * Degrees (0, 90, 180, 270) to turn the page clockwise so that its text is upright; absent where the engine
   * cannot tell (tesseract.js has no orientation model).
   */
  orientation?(image: PreparedImage, deadlineAt: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * How both engines binarise a page before reading it: Sauvola's local threshold (Tesseract's
 * `thresholding_method` 2) instead of one Otsu threshold for the whole page. A receipt photographed on a dark
 * table or scanned beside a grey card read as a few stray words under one threshold; a local one reads it
 * (with the same model: real-dev accuracy 0.802 → 0.815, another 39 real files 0.692 → 0.718, only images
 * changed label; the character error rate on clean synthetic scans moved 0.017 → 0.018).
 */
export const tesseractThresholdingMethod = '2';

/**
 * Changes whenever image preparation or the engines' settings change what OCR reads from the same image:
 * stored readings (OCR in the loop's cache) are keyed by it, so a new revision reads again.
 */
export const ocrReadingRevision = 2;

/** Milliseconds until `deadlineAt`, as a timer accepts them (at least 1, at most 2³¹−1: larger ones fire at once). */
export function msUntil(deadlineAt: number): number {
  return Math.min(2 ** 31 - 1, Math.max(1, deadlineAt - Date.now()));
}
