import { mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PermanentError } from '@docsort/contracts';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { msUntil, type OcrEngine, type PageReading, tesseractThresholdingMethod } from './ocr-engine.ts';
import { ocrLanguageCodes } from './ocr-settings.ts';
import type { PreparedImage } from './prepare-image.ts';

const require = createRequire(import.meta.url);

/** Every OCR language's model ships as an npm package (`@tesseract.js-data/<code>`): nothing is downloaded. */
const bundledLanguages: readonly string[] = ocrLanguageCodes;

/**
 * tesseract.js loads every language of a worker from one folder, and each npm package has its own: one folder
 * of links to them, per process.
 */
function languageFolder(): string {
  const folder = join(tmpdir(), `docsort-tessdata-${process.pid}`);
  mkdirSync(folder, { recursive: true });
  for (const code of bundledLanguages) {
    const model = join(
      dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)),
      '4.0.0_best_int',
      `${code}.traineddata.gz`,
    );
    try {
      symlinkSync(model, join(folder, `${code}.traineddata.gz`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return folder;
}

/**
 * Tesseract compiled to WebAssembly: the fallback where native Tesseract is not installed. Slower, reads in
 * the extraction thread's process one page at a time, and cannot detect a page turned by 90°.
 */
export class WasmTesseract implements OcrEngine {
  readonly name = 'tesseract.js';
  readonly version: string = (require('tesseract.js/package.json') as { version: string }).version;
  readonly #workers = new Map<string, Promise<Worker>>();
  #langPath: string | undefined;

  available(wanted: readonly string[]): readonly string[] {
    return wanted.filter((language) => bundledLanguages.includes(language));
  }

  async recognize(
    image: PreparedImage,
    languages: readonly string[],
    deadlineAt: number,
  ): Promise<PageReading> {
    const key = languages.join('+');
    const worker = await this.#worker(key);
    const png = await sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A WebAssembly job cannot be interrupted: the worker goes, and the next page starts a new one.
        this.#workers.delete(key);
        void worker.terminate();
        reject(new PermanentError('TIMEOUT', 'OCR of a page did not finish before the deadline'));
      }, msUntil(deadlineAt));
    });
    try {
      const { data } = await Promise.race([worker.recognize(png), deadline]);
      return { text: data.text, confidence: data.confidence };
    } finally {
      clearTimeout(timer);
    }
  }

  #worker(languages: string): Promise<Worker> {
    let worker = this.#workers.get(languages);
    if (!worker) {
      this.#langPath ??= languageFolder();
      worker = createWorker(languages, OEM.LSTM_ONLY, {
        langPath: this.#langPath,
        gzip: true,
        cacheMethod: 'none',
      }).then(async (created) => {
        await created.setParameters({ thresholding_method: tesseractThresholdingMethod });
        return created;
      });
      this.#workers.set(languages, worker);
    }
    return worker;
  }

  async close(): Promise<void> {
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all(workers.map(async (worker) => (await worker).terminate()));
  }
}
