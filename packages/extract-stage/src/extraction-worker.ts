// Runs in a worker thread of the extraction pool. Errors cross the thread boundary as plain data: a
// structured-cloned Error loses its class, and with it the reason code.
import { PermanentError } from '@docsort/contracts';
import { type ExtractionLimits, type ExtractionResult, extractDocument, OcrSlots } from '@docsort/extractors';

export interface ExtractionJob {
  readonly bytes: Uint8Array;
  readonly limits: ExtractionLimits;
  /** Epoch ms by which the job must be done. */
  readonly deadlineAt: number;
  /** The pool's OCR slot counter, shared by all its threads. */
  readonly ocrSlots: { readonly buffer: SharedArrayBuffer; readonly max: number };
}

export type ExtractionOutcome =
  | { readonly ok: true; readonly result: ExtractionResult }
  | { readonly ok: false; readonly reason: string | null; readonly name: string; readonly message: string };

let slots: OcrSlots | undefined;

export default async function extract({
  bytes,
  limits,
  deadlineAt,
  ocrSlots,
}: ExtractionJob): Promise<ExtractionOutcome> {
  slots ??= new OcrSlots(ocrSlots);
  try {
    return {
      ok: true,
      result: await extractDocument(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits, {
        deadlineAt,
        slots,
      }),
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
