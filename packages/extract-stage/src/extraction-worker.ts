// Runs in a worker thread of the extraction pool. Errors cross the thread boundary as plain data: a
// structured-cloned Error loses its class, and with it the reason code.
import { PermanentError } from '@docsort/contracts';
import { type ExtractionLimits, type ExtractionResult, extractDocument } from '@docsort/extractors';

export interface ExtractionJob {
  readonly bytes: Uint8Array;
  readonly limits: ExtractionLimits;
}

export type ExtractionOutcome =
  | { readonly ok: true; readonly result: ExtractionResult }
  | { readonly ok: false; readonly reason: string | null; readonly name: string; readonly message: string };

export default async function extract({ bytes, limits }: ExtractionJob): Promise<ExtractionOutcome> {
  try {
    return {
      ok: true,
      result: await extractDocument(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits),
    };
  } catch (error) {
    const e = error as Error;
    return {
      ok: false,
      reason: error instanceof PermanentError ? error.reason : null,
      name: e.name,
      message: e.message,
    };
  }
}
