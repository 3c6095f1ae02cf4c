import { PermanentError } from '@docsort/contracts';
import yauzl from 'yauzl';

/**
 * A ZIP container from memory, entries read one at a time. Entry sizes are not checked by yauzl: read entries
 * through a ZipEntryReader, which holds each one to its declared size (and a byte budget) with a typed error.
 */
export function openZip(bytes: Buffer, what: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: false }, (error, file) =>
      error
        ? reject(new PermanentError('CORRUPT', `not a readable ${what}: ${error.message}`))
        : resolve(file),
    ),
  );
}

/** Calls `visit` on each entry of a ZIP opened by openZip, in order, one at a time; closes it at the end. */
export async function visitEntries(
  zip: yauzl.ZipFile,
  what: string,
  visit: (entry: yauzl.Entry) => Promise<void>,
): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => visit(entry).then(() => zip.readEntry(), reject));
      zip.on('end', resolve);
      zip.on('error', (error: Error) =>
        reject(new PermanentError('CORRUPT', `broken ${what}: ${error.message}`)),
      );
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
