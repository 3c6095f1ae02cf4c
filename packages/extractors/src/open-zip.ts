import { PermanentError } from '@docsort/contracts';
import yauzl from 'yauzl';

/** A ZIP container from memory, entries read one at a time (sizes are validated as they are read). */
export function openZip(bytes: Buffer, what: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
      error
        ? reject(new PermanentError('CORRUPT', `not a readable ${what}: ${error.message}`))
        : resolve(file),
    ),
  );
}
