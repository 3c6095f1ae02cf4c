import { PermanentError } from '@docsort/contracts';
import mammoth from 'mammoth';
import type { FormatExtraction } from '../extraction-result.ts';

export async function extractDocx(bytes: Buffer): Promise<FormatExtraction> {
  try {
    const { value, messages } = await mammoth.extractRawText({ buffer: bytes });
    const warnings = messages.some((m) => m.type === 'error') ? ['DOCX_PARTIAL'] : [];
    return { text: value, warnings };
  } catch (error) {
    throw new PermanentError('CORRUPT', `the DOCX cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
