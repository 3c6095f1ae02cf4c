import type { DocumentDeleted } from '@docsort/contracts';
import { objectKeys } from './object-keys.ts';
import type { ObjectStore } from './object-store.ts';

const maxMarkerBytes = 1024 * 1024;

/**
 * deleted/<documentId> in the documents bucket: an erased document's DocumentDeleted record, the same one
 * published on documents.deleted. An object, not the topic, because writers check it for every document they
 * write: one HEAD request, where the topic would have to be read into every instance first.
 *
 * The order makes it safe without locks: the eraser writes the marker BEFORE it removes anything, and a
 * writer checks the marker AFTER it wrote (`removeIfDeleted`). Either the writer sees the marker and removes
 * what it wrote, or the marker came after the write, and then so did the eraser's removal.
 */
export class DeletionMarkers {
  constructor(readonly store: ObjectStore) {}

  async read(documentId: string): Promise<DocumentDeleted | undefined> {
    const bytes = await this.store.readIfExists(
      this.store.config.bucket,
      objectKeys.deletionMarker(documentId),
      maxMarkerBytes,
    );
    return bytes ? (JSON.parse(bytes.toString('utf8')) as DocumentDeleted) : undefined;
  }

  async write(record: DocumentDeleted): Promise<void> {
    await this.store.write(
      this.store.config.bucket,
      objectKeys.deletionMarker(record.documentId),
      Buffer.from(`${JSON.stringify(record)}\n`),
      { 'content-type': 'application/json' },
    );
  }

  async isDeleted(documentId: string): Promise<boolean> {
    return this.store.exists(this.store.config.bucket, objectKeys.deletionMarker(documentId));
  }

  /**
   * The replay guard, called after writing `keys` of a document: when the document was erased, removes them
   * again and answers true.
   */
  async removeIfDeleted(documentId: string, keys: readonly string[]): Promise<boolean> {
    if (!(await this.isDeleted(documentId))) return false;
    for (const key of keys) await this.store.remove(this.store.config.bucket, key);
    return true;
  }
}
