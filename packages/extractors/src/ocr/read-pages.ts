import { PermanentError } from '@docsort/contracts';
import { detectLanguage, tesseractLanguage } from '../detect-language.ts';
import { ocrEngine } from './choose-engine.ts';
import type { OcrSettings } from './ocr-settings.ts';
import type { OcrSlots } from './ocr-slots.ts';
import { type PreparedImage, prepareImage } from './prepare-image.ts';

/** A page image to read, produced on demand: a PDF page is rendered only when a slot is about to read it. */
export type PageImage = () => Promise<Buffer>;

export interface PagesRead {
  /** Text of each page, in order. */
  readonly texts: readonly string[];
  /** Detected language of the text (ISO 639-1), or null. */
  readonly language: string | null;
  readonly engine: { readonly name: string; readonly version: string };
}

export interface ReadContext {
  readonly slots: OcrSlots;
  /** Epoch ms: OCR still running then is stopped and the document fails as TIMEOUT. */
  readonly deadlineAt: number;
}

/**
 * Reads pages with OCR. The first page is read first: in `detect` mode its text decides the language model
 * for every page (and it is read again with that model if the first pass used another). The other pages are
 * then read in parallel, as many at once as the process's OCR slots allow.
 */
export async function readPages(
  pages: readonly PageImage[],
  settings: OcrSettings,
  context: ReadContext,
): Promise<PagesRead> {
  const engine = ocrEngine(settings.engine);
  const languages = engine.available(settings.languages);
  if (languages.length === 0) {
    throw new Error(`no OCR model for any of ${settings.languages.join(', ')} (${engine.name})`);
  }
  const read = (image: PreparedImage, models: readonly string[]) =>
    context.slots.run(() => engine.recognize(image, models, context.deadlineAt));

  const [first, ...rest] = pages;
  const used = { name: engine.name, version: engine.version };
  if (!first) return { texts: [], language: null, engine: used };
  const firstImage = await prepareImage(await first());
  let models = settings.languageMode === 'combined' ? languages : languages.slice(0, 1);
  let firstText = await read(firstImage, models);
  let language = detectLanguage(firstText);
  if (settings.languageMode === 'detect') {
    const detected = tesseractLanguage(language);
    if (detected && detected !== models[0] && languages.includes(detected)) {
      models = [detected];
      firstText = await read(firstImage, models);
      language = detectLanguage(firstText) ?? language;
    }
  }

  // Rendering and preparing run in this thread one page at a time; reading runs in Tesseract processes. At
  // most a few prepared pages wait for a slot, so a 30-page scan does not hold 30 page images.
  const texts: Promise<string>[] = [];
  const waiting = new Set<Promise<unknown>>();
  for (const page of rest) {
    if (Date.now() > context.deadlineAt) {
      throw new PermanentError('TIMEOUT', `OCR did not read all ${pages.length} pages before the deadline`);
    }
    while (waiting.size > context.slots.shared.max) await Promise.race(waiting);
    const text = prepareImage(await page()).then((image) => read(image, models));
    const tracked = text.catch(() => undefined).finally(() => waiting.delete(tracked));
    waiting.add(tracked);
    texts.push(text);
  }
  return { texts: [firstText, ...(await Promise.all(texts))], language, engine: used };
}
