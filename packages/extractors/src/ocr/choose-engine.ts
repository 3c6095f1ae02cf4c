import { findTesseract, NativeTesseract } from './native-tesseract.ts';
import type { OcrEngine } from './ocr-engine.ts';
import type { OcrEngineChoice } from './ocr-settings.ts';
import { WasmTesseract } from './wasm-tesseract.ts';

const engines = new Map<OcrEngineChoice, OcrEngine>();

/**
 * The OCR engine for `choice`, one per thread: `auto` is native Tesseract when a `tesseract` program is on
 * PATH, tesseract.js else; `tesseract` insists on the native one (an error if missing).
 */
export function ocrEngine(choice: OcrEngineChoice): OcrEngine {
  let engine = engines.get(choice);
  if (!engine) {
    const binary = choice === 'tesseract.js' ? undefined : findTesseract();
    if (choice === 'tesseract' && !binary) {
      throw new Error("DOCSORT_OCR_ENGINE=tesseract but no 'tesseract' program is on PATH");
    }
    engine = binary ? new NativeTesseract(binary) : new WasmTesseract();
    engines.set(choice, engine);
  }
  return engine;
}

/** Stops every engine's workers (tesseract.js keeps a thread per language set alive). */
export async function closeOcrEngines(): Promise<void> {
  const all = [...engines.values()];
  engines.clear();
  await Promise.all(all.map((engine) => engine.close()));
}
