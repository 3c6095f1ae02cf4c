import { OcrSlots } from './ocr/ocr-slots.ts';

/** What one extraction runs within: its deadline, and the process's shared OCR slots. */
export interface ExtractionContext {
  /** Epoch ms: work still running then stops and the document fails as TIMEOUT. */
  readonly deadlineAt: number;
  readonly slots: OcrSlots;
}

let localSlots: OcrSlots | undefined;

/** For callers outside the extraction pool (tests, the generator): no deadline, one slot per core. */
export function unboundedContext(): ExtractionContext {
  localSlots ??= OcrSlots.create();
  return { deadlineAt: Number.MAX_SAFE_INTEGER, slots: localSlots };
}
