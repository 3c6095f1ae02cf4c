import { PermanentError } from '@docsort/contracts';
import type yauzl from 'yauzl';
import type { ExtractionLimits } from './extraction-limits.ts';
import { openZip } from './open-zip.ts';

export interface ZipSummary {
  readonly entries: number;
  readonly uncompressedBytes: number;
}

/**
 * Reads a ZIP's central directory — sizes as the archive declares them, nothing decompressed — and refuses
 * zip bombs (too many entries, too many bytes, an absurd compression ratio) before any parser unzips it.
 */
export async function zipPreflight(bytes: Buffer, limits: ExtractionLimits): Promise<ZipSummary> {
  const zip = await openZip(bytes, 'ZIP container');
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new PermanentError(
      'TOO_LARGE',
      `ZIP container has ${zip.entryCount} entries, more than ${limits.maxZipEntries}`,
    );
  }
  let uncompressedBytes = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      uncompressedBytes += entry.uncompressedSize;
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', (error: Error) =>
      reject(new PermanentError('CORRUPT', `broken ZIP container: ${error.message}`)),
    );
    zip.readEntry();
  });
  zip.close();
  const ratio = uncompressedBytes / Math.max(1, bytes.length);
  if (uncompressedBytes > limits.maxUncompressedBytes || ratio > limits.maxCompressionRatio) {
    throw new PermanentError(
      'TOO_LARGE',
      `ZIP container would expand to ${uncompressedBytes} bytes (${ratio.toFixed(0)}× its size): refused as a zip bomb`,
    );
  }
  return { entries: zip.entryCount, uncompressedBytes };
}
