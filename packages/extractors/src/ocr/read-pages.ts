import { PermanentError } from '@docsort/contracts';
import { detectLanguage, tesseractLanguage } from '../detect-language.ts';
import { ocrEngine } from './choose-engine.ts';
import type { OcrSettings } from './ocr-settings.ts';
import type { OcrSlots } from './ocr-slots.ts';
import { type PreparedImage, prepareGray, prepareImage, rotateImage } from './prepare-image.ts';

/**
 * A page to read, produced on demand (a PDF page is rendered only when its turn comes): an image file's
 * bytes, or a grayscale bitmap.
 */
export type PageImage = () => Promise<Buffer | PreparedImage>;

const prepare = (page: Buffer | PreparedImage) =>
  Buffer.isBuffer(page) ? prepareImage(page) : prepareGray(page);

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
 * Below this mean word confidence a page is suspected to be turned (text read sideways or upside down comes
 * out as confident-looking nonsense at 30–50; upright pages, even photos, read at 75–95).
 */
const minUprightConfidence = 60;

/**
 * Reads pages with OCR. The first page is read first: in `detect` mode its text decides the language model
 * for every page (and it is read again with that model if the first pass used another). The other pages are
 * then read in parallel, as many at once as the process's OCR slots allow. A page that reads badly is checked
 * for orientation, turned, and read again.
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
  const { slots, deadlineAt } = context;
  const recognize = (image: PreparedImage, models: readonly string[]) =>
    slots.run(() => engine.recognize(image, models, deadlineAt));

  /** The page read upright: its reading, and the image as it was read. */
  const readUpright = async (image: PreparedImage, models: readonly string[]) => {
    const reading = await recognize(image, models);
    if (reading.confidence >= minUprightConfidence || !engine.orientation) return { reading, image };
    const turn = await slots.run(() => engine.orientation?.(image, deadlineAt) ?? Promise.resolve(0));
    if (!turn) return { reading, image };
    const turned = await rotateImage(image, turn);
    const again = await recognize(turned, models);
    return again.confidence > reading.confidence ? { reading: again, image: turned } : { reading, image };
  };

  const used = { name: engine.name, version: engine.version };
  const [first, ...rest] = pages;
  if (!first) return { texts: [], language: null, engine: used };
  let models = settings.languageMode === 'combined' ? languages : languages.slice(0, 1);
  const upright = await readUpright(await prepare(await first()), models);
  let firstText = upright.reading.text;
  let language = detectLanguage(firstText);
  if (settings.languageMode === 'detect') {
    const detected = tesseractLanguage(language);
    if (detected && detected !== models[0] && languages.includes(detected)) {
      models = [detected];
      firstText = (await recognize(upright.image, models)).text;
      language = detectLanguage(firstText) ?? language;
    }
  }

  // Rendering and preparing run in this thread one page at a time; reading runs in Tesseract processes. At
  // most a few prepared pages wait for a slot, so a 30-page scan does not hold 30 page images.
  const texts: Promise<string>[] = [];
  const waiting = new Set<Promise<unknown>>();
  for (const page of rest) {
    if (Date.now() > deadlineAt) {
      throw new PermanentError('TIMEOUT', `OCR did not read all ${pages.length} pages before the deadline`);
    }
    while (waiting.size > slots.shared.max) await Promise.race(waiting);
    const text = prepare(await page())
      .then((image) => readUpright(image, models))
      .then(({ reading }) => reading.text);
    const tracked = text.catch(() => undefined).finally(() => waiting.delete(tracked));
    waiting.add(tracked);
    texts.push(text);
  }
  return { texts: [firstText, ...(await Promise.all(texts))], language, engine: used };
}
