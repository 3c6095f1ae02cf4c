import { type OcrLoopOptions, withOcrReadings } from './ocr-in-the-loop.ts';
import type { TestDocument } from './training-data.ts';

// The entry of the child process that reads training documents back through OCR (see readingsInChildProcesses).
process.once(
  'message',
  async (job: { documents: TestDocument[]; options: Omit<OcrLoopOptions, 'onProgress'> }) => {
    const result = await withOcrReadings(job.documents, {
      ...job.options,
      onProgress: (done, total) => process.send?.({ progress: [done, total] }),
    });
    process.send?.({ result }, () => process.disconnect());
  },
);
