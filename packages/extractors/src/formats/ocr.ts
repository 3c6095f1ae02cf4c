import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);
// English traineddata shipped by an npm package: nothing is downloaded at run time.
const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

let worker: Promise<Worker> | undefined;

/** One tesseract worker per extraction thread, created on first use and reused. */
function ocrWorker(): Promise<Worker> {
  worker ??= createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
  return worker;
}

/** Text of each image (PNG, JPEG, TIFF, WebP bytes), joined with form feeds. */
export async function recognizeImages(images: readonly Buffer[]): Promise<string> {
  const tesseract = await ocrWorker();
  const texts: string[] = [];
  for (const image of images) texts.push((await tesseract.recognize(image)).data.text);
  return texts.join('\n\f\n');
}

export async function terminateOcr(): Promise<void> {
  const current = worker;
  worker = undefined;
  if (current) await (await current).terminate();
}
