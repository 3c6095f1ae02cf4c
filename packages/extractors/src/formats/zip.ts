import { PermanentError } from '@docsort/contracts';
import type yauzl from 'yauzl';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { ChildDocument, FormatExtraction } from '../extraction-result.ts';
import { openZip } from '../open-zip.ts';

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    }),
  );
}

/** An archive is extracted as its listing; its files become child documents (after zipPreflight's checks). */
export async function extractZip(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  const zip = await openZip(bytes, 'ZIP archive');
  const listing: string[] = [];
  const children: ChildDocument[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', async (entry: yauzl.Entry) => {
      try {
        const isFile = !entry.fileName.endsWith('/');
        listing.push(`${entry.fileName}\t${entry.uncompressedSize}`);
        if (isFile && entry.uncompressedSize > 0 && children.length < limits.maxChildren) {
          if (entry.isEncrypted())
            throw new PermanentError('ENCRYPTED', 'the ZIP archive is password-protected');
          const name = entry.fileName.split('/').pop() ?? entry.fileName;
          children.push({ filename: name, contentType: null, content: await readEntry(zip, entry) });
        }
        zip.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zip.on('end', resolve);
    zip.on('error', (error: Error) =>
      reject(new PermanentError('CORRUPT', `broken ZIP archive: ${error.message}`)),
    );
    zip.readEntry();
  });
  zip.close();
  const files = listing.filter((line) => !line.split('\t')[0]?.endsWith('/')).length;
  return {
    text: `Archive with ${files} files:\n${listing.join('\n')}`,
    children,
    warnings: files > children.length ? ['CHILDREN_TRUNCATED'] : [],
  };
}
