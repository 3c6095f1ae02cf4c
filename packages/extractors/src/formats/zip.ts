import type { ExtractionLimits } from '../extraction-limits.ts';
import type { ChildDocument, FormatExtraction } from '../extraction-result.ts';
import { openZip, visitEntries } from '../open-zip.ts';
import { ZipEntryReader } from '../zip-entry-reader.ts';

/** An archive is extracted as its listing; its files become child documents (after zipPreflight's checks). */
export async function extractZip(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  const zip = await openZip(bytes, 'ZIP archive');
  const reader = new ZipEntryReader(zip, limits.maxUncompressedBytes, 'ZIP archive');
  const listing: string[] = [];
  const children: ChildDocument[] = [];
  await visitEntries(zip, 'ZIP archive', async (entry) => {
    const isFile = !entry.fileName.endsWith('/');
    listing.push(`${entry.fileName}\t${entry.uncompressedSize}`);
    if (isFile && entry.uncompressedSize > 0 && children.length < limits.maxChildren) {
      const name = entry.fileName.split('/').pop() ?? entry.fileName;
      children.push({ filename: name, contentType: null, content: await reader.read(entry) });
    }
  });
  const files = listing.filter((line) => !line.split('\t')[0]?.endsWith('/')).length;
  return {
    text: `Archive with ${files} files:\n${listing.join('\n')}`,
    children,
    warnings: files > children.length ? ['CHILDREN_TRUNCATED'] : [],
  };
}
