import { PermanentError } from '@docsort/contracts';
import { defaultExtractionLimits } from '@docsort/extractors';
import * as fixtures from '@docsort/extractors/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from './extraction-pool.ts';

describe('ExtractionPool', () => {
  const pool = new ExtractionPool({
    threads: 1,
    deadlineMs: 30_000,
    // Room for the extractors' own footprint (the language detector's n-grams are ~30 MB), little more.
    maxHeapMb: 192,
    workerFile: new URL('./testing/misbehaving-worker.ts', import.meta.url),
  });
  afterAll(() => pool.close());

  const reasonOf = (bytes: string) =>
    pool.extract(Buffer.from(bytes), defaultExtractionLimits).then(
      () => 'none',
      (error: unknown) => (error instanceof PermanentError ? error.reason : `not permanent: ${error}`),
    );

  it('extracts in a worker thread', async () => {
    const result = await pool.extract(Buffer.from('plain text in a thread'), defaultExtractionLimits);
    expect(result.text).toBe('plain text in a thread');
  });

  it('survives a worker that crashes: the job fails, the next one runs', async () => {
    expect(await reasonOf('X crash')).toBe('INTERNAL');
    expect((await pool.extract(Buffer.from('after the crash'), defaultExtractionLimits)).text).toBe(
      'after the crash',
    );
  });

  it('stops a job that exhausts its heap as TOO_LARGE, and keeps going', async () => {
    expect(await reasonOf('M memory')).toBe('TOO_LARGE');
    expect((await pool.extract(Buffer.from('after the flood'), defaultExtractionLimits)).text).toBe(
      'after the flood',
    );
  });
});

describe('ExtractionPool reading a long scan', () => {
  const pool = new ExtractionPool({ threads: 2, deadlineMs: 60_000, maxHeapMb: 512 });
  afterAll(() => pool.close());

  it('OCRs the configured pages of a 30-page scan, in parallel across the threads’ slots', async () => {
    const pages = Array.from({ length: 30 }, (_, i) => [
      `STATEMENT PAGE ${i + 1} OF 30`,
      `Closing balance carried forward to page ${i + 2}`,
    ]);
    const scan = await fixtures.scannedPdf([], { pages });
    const result = await pool.extract(scan, { ...defaultExtractionLimits, maxOcrPages: 8 });
    expect(result.pages?.map((page) => page.source)).toEqual([
      ...Array<string>(8).fill('ocr'),
      ...Array<string>(22).fill('not_read'),
    ]);
    expect(result.warnings).toEqual(['NO_TEXT_LAYER', 'OCR', 'OCR_PAGES_LIMITED']);
    expect(result.text).toContain('STATEMENT PAGE 8 OF 30');
    expect(result.text).not.toContain('STATEMENT PAGE 9 OF 30');
    expect(pool.ocrSlots.peak).toBe(2);
  }, 120_000);
});
