import { execFileSync } from 'node:child_process';
import { PermanentError } from '@docsort/contracts';
import { findProgram, runProgram } from '../native-program.ts';
import { type OcrEngine, type PageReading, tesseractThresholdingMethod } from './ocr-engine.ts';
import { asPgm, type PreparedImage } from './prepare-image.ts';

/** The `tesseract` program on PATH, if any. */
export function findTesseract(path = process.env.PATH ?? ''): string | undefined {
  return findProgram('tesseract', path);
}

/**
 * The text of Tesseract's TSV output (one row per word, with its block, paragraph and line), laid out as its
 * plain-text output is — words of a line joined by spaces, a blank line between paragraphs — and the mean
 * confidence of its words, weighted by length.
 */
export function readingFromTsv(tsv: string): PageReading {
  const lines: string[] = [];
  let line: string[] = [];
  let place = '';
  let paragraph = '';
  let weighted = 0;
  let characters = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const word = cells.slice(11).join('\t').trim();
    if (!word) continue;
    const [, , block, par, lineNumber] = cells;
    const here = `${block}.${par}.${lineNumber}`;
    if (here !== place) {
      if (line.length) lines.push(line.join(' '));
      if (paragraph && `${block}.${par}` !== paragraph) lines.push('');
      line = [];
      place = here;
      paragraph = `${block}.${par}`;
    }
    line.push(word);
    weighted += Number(cells[10]) * word.length;
    characters += word.length;
  }
  if (line.length) lines.push(line.join(' '));
  return { text: lines.join('\n'), confidence: characters ? weighted / characters : 0 };
}

/**
 * Native Tesseract 5 (Debian's `tesseract-ocr` and its language packs), one process per page: it runs outside
 * the extraction thread, so the pages of one scan are read in parallel, and it has the orientation model the
 * WebAssembly build lacks. Per page it is about as fast as that build; it reads far better only because of
 * what surrounds it (`pnpm bench:extract -- --profile scans`).
 */
export class NativeTesseract implements OcrEngine {
  readonly name = 'tesseract';
  readonly version: string;
  readonly #binary: string;
  readonly #installed: ReadonlySet<string>;

  constructor(binary: string) {
    this.#binary = binary;
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' });
    this.version = /tesseract\s+v?(\S+)/i.exec(version)?.[1] ?? 'unknown';
    // `--list-langs` prints a header line, then one code per line.
    const listed = execFileSync(binary, ['--list-langs'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#installed = new Set(
      listed
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean),
    );
  }

  available(wanted: readonly string[]): readonly string[] {
    return wanted.filter((language) => this.#installed.has(language));
  }

  async recognize(
    image: PreparedImage,
    languages: readonly string[],
    deadlineAt: number,
  ): Promise<PageReading> {
    // --psm 3: automatic page segmentation without orientation detection, which costs ~0.25 s a page and
    // is asked for only when a page reads badly (`orientation`).
    const tsv = await this.#run(
      [
        ...['-l', languages.join('+'), '--psm', '3', '--oem', '1'],
        ...['-c', `thresholding_method=${tesseractThresholdingMethod}`, 'tsv'],
      ],
      image,
      deadlineAt,
    );
    return readingFromTsv(tsv);
  }

  async orientation(image: PreparedImage, deadlineAt: number): Promise<number> {
    if (!this.#installed.has('osd')) return 0;
    // --psm 0: orientation and script detection only; "Rotate: 90" is how far to turn the page clockwise.
    const report = await this.#run(['--psm', '0'], image, deadlineAt).catch((error: unknown) => {
      // A page too empty to tell is left as it is; a deadline is not.
      if (error instanceof PermanentError) throw error;
      return '';
    });
    // Its confidence is low on a page with a few lines even when right: the caller keeps the turned reading
    // only if it reads better.
    return Number(/Rotate:\s*(\d+)/.exec(report)?.[1] ?? 0);
  }

  async #run(args: readonly string[], image: PreparedImage, deadlineAt: number): Promise<string> {
    // One thread per process: pages run in parallel instead, which uses the cores better than Tesseract's
    // OpenMP inside one page.
    const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
    const output = await runProgram(
      this.#binary,
      ['stdin', 'stdout', ...args],
      asPgm(image),
      deadlineAt,
      env,
    );
    return output.toString('utf8');
  }

  async close(): Promise<void> {}
}
