import { PermanentError } from '@docsort/contracts';
import yazl from 'yazl';
import type { ExtractionLimits } from './extraction-limits.ts';
import { openZip, visitEntries } from './open-zip.ts';
import { ZipEntryReader } from './zip-entry-reader.ts';

/**
 * An Office file (DOCX, XLSX) re-packed for its parser: every part inflated here under the byte budget, then
 * stored uncompressed. mammoth and exceljs unzip their input whole (JSZip), trusting no size, so a part whose
 * header understates what it inflates to must be stopped before them; and they must parse the bytes that were
 * counted, not inflate the original again on their own reading of its headers.
 */
export async function repackOfficeFile(
  bytes: Buffer,
  limits: ExtractionLimits,
  what: string,
): Promise<Buffer> {
  const zip = await openZip(bytes, what);
  const reader = new ZipEntryReader(zip, limits.maxUncompressedBytes, what);
  const repacked = new yazl.ZipFile();
  await visitEntries(zip, what, async (entry) => {
    if (entry.fileName.endsWith('/')) return;
    const content = await reader.read(entry);
    try {
      repacked.addBuffer(content, entry.fileName, { compress: false });
    } catch (error) {
      // yazl refuses names no real Office file has (absolute, "..", drive letters).
      throw new PermanentError('CORRUPT', `the ${what} has a part named ${entry.fileName}`, { cause: error });
    }
  });
  repacked.end();
  const chunks: Buffer[] = [];
  for await (const chunk of repacked.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
