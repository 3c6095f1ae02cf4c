import { PermanentError } from '@docsort/contracts';
import mammoth from 'mammoth';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { repackOfficeFile } from '../office-package.ts';

export async function extractDocx(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  const counted = await repackOfficeFile(bytes, limits, 'DOCX');
  try {
    const { value, messages } = await mammoth.extractRawText({ buffer: counted });
    const warnings = messages.some((m) => m.type === 'error') ? ['DOCX_PARTIAL'] : [];
    return { text: value, warnings };
  } catch (error) {
    throw new PermanentError('CORRUPT', `the DOCX cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
