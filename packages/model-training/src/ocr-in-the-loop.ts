// OCR in the loop: a share of the training documents is printed, captured as a phone photo or a flatbed scan,
// and read back by the pipeline's own OCR (extractDocument: image preparation, Tesseract, language), so the
// model learns the errors real scans carry — split and merged words, lost accents, stray marks, columns read
// across — and not only the generator's simulated noise.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type CaptureLook, photo, scannedPdf } from '@docsort/document-writers';
import { extractDocument, normalizeText, ocrEngine, ocrReadingRevision } from '@docsort/extractors';
import type { TestDocument } from './training-data.ts';

export interface OcrLoopOptions {
  /** Share of the documents read back through OCR (0 turns it off). */
  readonly share: number;
  readonly seed: number;
  /** Readings are kept here by image and engine: the same image read again gives the same text, faster. */
  readonly cacheDir?: string;
  /** How many documents are captured and read at once. */
  readonly concurrency: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export const defaultOcrLoopCacheDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'docsort',
  'ocr-in-the-loop',
);

/** A number in [0, 1) from a string: which documents are captured, and how, depends on nothing else. */
function unitHash(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('/')).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * How the page is captured: phone photos (turned, on a desk, dim, soft, noisy, JPEG) and flatbed scans, each
 * with its own strength of every flaw, drawn from the document's id.
 */
function captureOf(id: string, seed: number): { kind: 'photo' | 'scan'; look: Partial<CaptureLook> } {
  const draw = (what: string) => unitHash(seed, id, what);
  const lookSeed = Math.floor(draw('seed') * 1_000_000);
  if (draw('kind') < 0.5) {
    return {
      kind: 'photo',
      look: {
        seed: lookSeed,
        angleDegrees: (draw('angle') - 0.5) * 10,
        blurPx: 0.5 + draw('blur') * 1.1,
        noise: 6 + draw('noise') * 16,
        shadow: draw('shadow') * 0.5,
        quality: Math.round(55 + draw('quality') * 30),
      },
    };
  }
  return {
    kind: 'scan',
    look: {
      seed: lookSeed,
      angleDegrees: (draw('angle') - 0.5) * 3,
      blurPx: 0.3 + draw('blur') * 0.6,
      noise: 3 + draw('noise') * 10,
      quality: Math.round(60 + draw('quality') * 30),
    },
  };
}

async function capturedImage(document: TestDocument, seed: number): Promise<Buffer> {
  const lines = document.text.split('\n');
  const { kind, look } = captureOf(document.id, seed);
  // A photo shows one page; a scan of a long document keeps its first page too (what the OCR budget reads).
  return kind === 'photo' ? photo(lines, { look }) : scannedPdf(lines, { scanner: look });
}

/**
 * The documents with a share of them replaced by what OCR reads from a capture of their first page. A
 * document that OCR reads as (almost) nothing keeps its text: a label still needs its evidence.
 */
export async function withOcrReadings(
  documents: readonly TestDocument[],
  options: OcrLoopOptions,
): Promise<{ documents: TestDocument[]; read: number; engine: string }> {
  const engine = ocrEngine('auto');
  // The reading revision too: the same engine reads differently once image preparation or its settings change.
  const engineId = `${engine.name} ${engine.version} reading ${ocrReadingRevision}`;
  const chosen = documents.flatMap((d, i) =>
    unitHash(options.seed, d.id, 'ocr') < options.share ? [i] : [],
  );
  const out = [...documents];
  const cacheDir = options.cacheDir ?? defaultOcrLoopCacheDir;
  mkdirSync(cacheDir, { recursive: true });
  let next = 0;
  let done = 0;
  const readOne = async (index: number) => {
    const document = documents[index] as TestDocument;
    const image = await capturedImage(document, options.seed);
    const key = createHash('sha256').update(engineId).update(image).digest('hex');
    const cached = join(cacheDir, `${key}.txt`);
    let text: string;
    try {
      text = readFileSync(cached, 'utf8');
    } catch {
      text = normalizeText((await extractDocument(image)).text);
      // Written whole or not at all: two trainings at once must not read half a reading.
      writeFileSync(`${cached}.${process.pid}`, text);
      renameSync(`${cached}.${process.pid}`, cached);
    }
    if (text.replace(/\s/g, '').length >= 20) out[index] = { ...document, text };
    options.onProgress?.(++done, chosen.length);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, async () => {
      while (next < chosen.length) await readOne(chosen[next++] as number);
    }),
  );
  return { documents: out, read: chosen.length, engine: engineId };
}

type OcrReadings = Awaited<ReturnType<typeof withOcrReadings>>;

/**
 * withOcrReadings in child processes: `concurrency` of them, each reading its share of the documents one at a
 * time. The capture (canvas, pdf.js) and OCR (sharp) libraries crashed the process (SIGSEGV) when they ran
 * beside TF.js in training; apart, neither notices the other. (The capture's own crashes under load came from
 * the canvas's asynchronous encoder: see capturePage.)
 */
export async function readingsInChildProcesses(
  documents: readonly TestDocument[],
  options: OcrLoopOptions,
): Promise<OcrReadings> {
  const { onProgress, concurrency, ...rest } = options;
  const processes = Math.max(1, Math.min(concurrency, documents.length));
  // Which documents are read depends on each one's id alone, so any split reads the same ones.
  const shares = Array.from({ length: processes }, (_, p) => documents.filter((_, i) => i % processes === p));
  const progress = shares.map(() => ({ done: 0, total: 0 }));
  const report = () => {
    const sum = (key: 'done' | 'total') => progress.reduce((a, b) => a + b[key], 0);
    onProgress?.(sum('done'), sum('total'));
  };
  const readings = await Promise.all(
    shares.map((share, p) =>
      readingsInOneProcess(share, { ...rest, concurrency: 1 }, (done, total) => {
        progress[p] = { done, total };
        report();
      }),
    ),
  );
  const out = documents.map((d, i) => readings[i % processes]?.documents[Math.floor(i / processes)] ?? d);
  const read = readings.reduce((sum, r) => sum + r.read, 0);
  return { documents: out, read, engine: readings[0]?.engine ?? '' };
}

function readingsInOneProcess(
  documents: readonly TestDocument[],
  options: Omit<OcrLoopOptions, 'onProgress'>,
  onProgress: (done: number, total: number) => void,
): Promise<OcrReadings> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./ocr-in-the-loop-process.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: OcrReadings | undefined;
    child.on('message', (message: { progress?: [number, number]; result?: OcrReadings }) => {
      if (message.progress) onProgress(...message.progress);
      if (message.result) result = message.result;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      result
        ? resolve(result)
        : reject(new Error(`OCR in the loop: the reading process ended (${signal ?? `exit code ${code}`})`)),
    );
    child.send({ documents, options });
  });
}
