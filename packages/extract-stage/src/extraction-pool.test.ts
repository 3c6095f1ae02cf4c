import { PermanentError } from '@docsort/contracts';
import { defaultExtractionLimits } from '@docsort/extractors';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractionPool } from './extraction-pool.ts';

describe('ExtractionPool', () => {
  const pool = new ExtractionPool({
    threads: 1,
    jobTimeoutMs: 30_000,
    maxHeapMb: 64,
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
