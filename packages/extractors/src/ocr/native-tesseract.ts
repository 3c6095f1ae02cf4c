import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@docsort/contracts';
import { msUntil, type OcrEngine } from './ocr-engine.ts';
import { asPgm, type PreparedImage } from './prepare-image.ts';

/** The `tesseract` program on PATH, if any. */
export function findTesseract(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(':')) {
    const candidate = join(dir, 'tesseract');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Native Tesseract 5 (Debian's `tesseract-ocr` and its language packs), one process per page: about 3× faster
 * per page than the WebAssembly build (`pnpm bench:ocr`), and it runs outside the extraction thread, so pages
 * of one scan are read in parallel.
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
    const listed = execFileSync(binary, ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    this.#installed = new Set(listed.split('\n').slice(1).map((line) => line.trim()).filter(Boolean));
  }

  available(wanted: readonly string[]): readonly string[] {
    return wanted.filter((language) => this.#installed.has(language));
  }

  recognize(image: PreparedImage, languages: readonly string[], deadlineAt: number): Promise<string> {
    const timeout = msUntil(deadlineAt);
    // --psm 1: page segmentation with orientation and script detection, so pages turned by 90° steps are read
    // upright (needs the osd model, which Debian's tesseract-ocr package depends on).
    const psm = this.#installed.has('osd') ? '1' : '3';
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.#binary,
        ['stdin', 'stdout', '-l', languages.join('+'), '--psm', psm, '--oem', '1'],
        {
          // One thread per process: pages run in parallel instead, which uses the cores better than
          // Tesseract's OpenMP inside one page.
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          encoding: 'utf8',
          maxBuffer: 16 * 1024 * 1024,
          timeout,
          killSignal: 'SIGKILL',
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          if (error.killed) {
            return reject(new PermanentError('TIMEOUT', 'OCR of a page did not finish before the deadline'));
          }
          reject(new Error(`tesseract failed: ${stderr.trim().split('\n').slice(-2).join(' ') || error.message}`));
        },
      );
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(asPgm(image));
    });
  }

  async close(): Promise<void> {}
}
