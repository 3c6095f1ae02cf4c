// docsort's OCR as it was before native Tesseract — tesseract.js with only the English model, reading the
// image as it came — for the before/after columns of the scans profile.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createScheduler, createWorker, OEM } from 'tesseract.js';
import type { ReadingEngine } from './scans-profile.ts';

const require = createRequire(import.meta.url);

export async function englishTesseractJs(
  workers: number,
): Promise<ReadingEngine & { readonly close: () => Promise<void> }> {
  const langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
  const scheduler = createScheduler();
  for (let i = 0; i < workers; i++) {
    scheduler.addWorker(
      await createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' }),
    );
  }
  return {
    name: 'before: tesseract.js, eng',
    pid: process.pid,
    read: async (image) => (await scheduler.addJob('recognize', image)).data.text,
    close: () => scheduler.terminate(),
  };
}
