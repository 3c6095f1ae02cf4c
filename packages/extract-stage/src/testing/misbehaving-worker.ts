// An extraction worker that misbehaves on purpose, steered by the job's first byte: the pool's tests use it
// to prove that a crash or an out-of-memory in one thread costs only that thread.
import { extractDocument } from '@docsort/extractors';
import type { ExtractionJob, ExtractionOutcome } from '../extraction-worker.ts';

export default async function misbehave({ bytes, limits }: ExtractionJob): Promise<ExtractionOutcome> {
  const command = String.fromCharCode(bytes[0] ?? 0);
  if (command === 'X') process.exit(3);
  if (command === 'M') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1_000_000).fill(1));
  }
  return { ok: true, result: await extractDocument(Buffer.from(bytes), limits) };
}
