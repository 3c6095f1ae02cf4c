import { RetriableError } from '@docsort/contracts';
import { DeletionMarkers, type ObjectStore, objectKeys } from '@docsort/object-store';
import { type DocumentResult, supersedes } from './document-result.ts';

const maxResultBytes = 1024 * 1024;
const maxConflicts = 5;

/** results/<documentId>.json in the documents bucket. */
export class ResultStore {
  readonly #markers: DeletionMarkers;

  constructor(readonly store: ObjectStore) {
    this.#markers = new DeletionMarkers(store);
  }

  async read(documentId: string): Promise<DocumentResult | undefined> {
    const bytes = await this.store.readIfExists(
      this.store.config.bucket,
      objectKeys.result(documentId),
      maxResultBytes,
    );
    return bytes ? JSON.parse(bytes.toString('utf8')) : undefined;
  }

  /**
   * Writes `result` unless the stored one wins over it (see `supersedes`); true when written. A
   * compare-and-swap: the first result of a document is one conditional write (no read first); a later one
   * replaces the stored result only if nobody replaced it since it was read — two sink instances racing on
   * one document cannot let the older model's result win. An erased document's result is removed again
   * right after it was written (false): a replayed record must not bring the document back.
   */
  async write(result: DocumentResult): Promise<boolean> {
    if (!(await this.#write(result))) return false;
    return !(await this.#markers.removeIfDeleted(result.documentId, [objectKeys.result(result.documentId)]));
  }

  async #write(result: DocumentResult): Promise<boolean> {
    const { bucket } = this.store.config;
    const key = objectKeys.result(result.documentId);
    const body = Buffer.from(`${JSON.stringify(result)}\n`);
    const metadata = { 'content-type': 'application/json' };
    for (let attempt = 0; attempt < maxConflicts; attempt++) {
      if (await this.store.writeIfAbsent(bucket, key, body, metadata)) return true;
      const current = await this.store.readVersioned(bucket, key, maxResultBytes);
      if (!current) continue; // deleted since: try to create it again
      if (!supersedes(result, JSON.parse(current.bytes.toString('utf8')))) return false;
      if (await this.store.writeIfUnchanged(bucket, key, current.etag, body, metadata)) return true;
    }
    throw new RetriableError(`${key}: still changing after ${maxConflicts} tries`);
  }
}
