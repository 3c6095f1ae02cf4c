import { PermanentError } from '@docsort/contracts';
import type yauzl from 'yauzl';

/**
 * Inflates a ZIP's entries one at a time under a byte budget counted on the bytes as they come out. The sizes in
 * the archive's headers are its author's word (zipPreflight checked only those): an entry that inflates past
 * its declared size, or past what is left of the budget, is stopped there as TOO_LARGE, so a forged size never
 * gets more than its lie's worth of memory.
 */
export class ZipEntryReader {
  readonly #zip: yauzl.ZipFile;
  readonly #what: string;
  readonly #maxBytes: number;
  #left: number;

  /** `zip` opened by openZip; `maxBytes`: what all the entries read through this reader may inflate to. */
  constructor(zip: yauzl.ZipFile, maxBytes: number, what: string) {
    this.#zip = zip;
    this.#what = what;
    this.#maxBytes = maxBytes;
    this.#left = maxBytes;
  }

  read(entry: yauzl.Entry): Promise<Buffer> {
    if (entry.isEncrypted()) {
      return Promise.reject(new PermanentError('ENCRYPTED', `the ${this.#what} is password-protected`));
    }
    return new Promise((resolve, reject) =>
      this.#zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(this.#corrupt(entry, error));
        const chunks: Buffer[] = [];
        let inflated = 0;
        const refuse = (limit: string) => {
          stream.destroy();
          reject(
            new PermanentError(
              'TOO_LARGE',
              `${this.#what} entry ${entry.fileName} inflates to more than ${limit}: refused as a zip bomb`,
            ),
          );
        };
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > entry.uncompressedSize) {
            return refuse(`the ${entry.uncompressedSize} bytes its header declares`);
          }
          if (inflated > this.#left) return refuse(`the ${this.#maxBytes} bytes allowed for the whole file`);
          chunks.push(chunk);
        });
        stream.on('end', () => {
          if (inflated < entry.uncompressedSize) {
            return reject(
              this.#corrupt(entry, new Error(`${inflated} bytes, ${entry.uncompressedSize} declared`)),
            );
          }
          this.#left -= inflated;
          resolve(Buffer.concat(chunks, inflated));
        });
        stream.on('error', (streamError: Error) => reject(this.#corrupt(entry, streamError)));
      }),
    );
  }

  #corrupt(entry: yauzl.Entry, error: Error): PermanentError {
    return new PermanentError('CORRUPT', `broken ${this.#what} entry ${entry.fileName}: ${error.message}`, {
      cause: error,
    });
  }
}
